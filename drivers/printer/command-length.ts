/**
 * Lengths of ESC/POS commands, so that the driver splits a job only
 * between two commands: a status query (DLE EOT n) sent inside another
 * command's parameters or data would be taken as part of them (Epson
 * ESC/POS Command Reference, "DLE EOT", notes). Lengths follow each
 * command's format in that reference; a command it does not list is
 * counted as its two opening bytes.
 */

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** Parameter bytes after `ESC x`, for x with a fixed count (-1: not fixed). */
const ESC_PARAMS = table({
  0x0c: 0, 0x20: 1, 0x21: 1, 0x24: 2, 0x25: 1, 0x2d: 1, 0x32: 0, 0x33: 1, 0x3c: 0, 0x3d: 1, 0x3f: 1,
  0x40: 0, 0x45: 1, 0x47: 1, 0x4a: 1, 0x4b: 1, 0x4c: 0, 0x4d: 1, 0x52: 1, 0x53: 0, 0x54: 1, 0x55: 1,
  0x56: 1, 0x57: 8, 0x5c: 2, 0x61: 1, 0x63: 2, 0x64: 1, 0x65: 1, 0x69: 0, 0x6d: 0, 0x70: 3, 0x72: 1,
  0x74: 1, 0x75: 1, 0x76: 0, 0x7b: 1,
});

/** Parameter bytes after `GS x`, for x with a fixed count. */
const GS_PARAMS = table({
  0x21: 1, 0x24: 2, 0x2f: 1, 0x3a: 0, 0x42: 1, 0x48: 1, 0x49: 1, 0x4c: 2, 0x50: 2, 0x54: 1, 0x57: 2,
  0x5c: 2, 0x5e: 3, 0x61: 1, 0x62: 1, 0x63: 0, 0x66: 1, 0x68: 1, 0x72: 1, 0x77: 1,
});

/** Parameter bytes after `FS x`, for x with a fixed count. */
const FS_PARAMS = table({ 0x21: 1, 0x26: 0, 0x2d: 1, 0x2e: 0, 0x43: 1, 0x53: 2, 0x57: 1, 0x70: 2 });

function table(entries: Record<number, number>): Int8Array {
  const t = new Int8Array(256).fill(-1);
  const keys = Object.keys(entries);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    t[Number(k)] = entries[Number(k)];
  }
  return t;
}

/**
 * Walks a job command by command, following Kanji mode (FS & / FS .) so
 * that a two- or four-byte GB18030 character is never split.
 */
export class CommandWalker {
  /** Kanji (Chinese) character mode in force */
  kanji: boolean;
  #kanjiByDefault: boolean;

  constructor(kanjiByDefault: boolean) {
    this.#kanjiByDefault = kanjiByDefault;
    this.kanji = kanjiByDefault;
  }

  /**
   * The offset of the first command boundary at or after `atLeast`,
   * starting from the boundary `from` (the end of `bytes` if none).
   */
  boundaryAfter(bytes: Uint8Array, from: number, atLeast: number): number {
    let i = from;
    while (i < bytes.length && i < atLeast) {
      const n = commandLength(bytes, i, this.kanji);
      if (n < 0) return bytes.length;
      this.#track(bytes, i);
      i += n;
    }
    return Math.min(i, bytes.length);
  }

  #track(bytes: Uint8Array, i: number): void {
    const b = bytes[i];
    if (b === FS && bytes[i + 1] === 0x26) this.kanji = true;
    else if (b === FS && bytes[i + 1] === 0x2e) this.kanji = false;
    else if (b === ESC && bytes[i + 1] === 0x40) this.kanji = this.#kanjiByDefault;
  }
}

/**
 * Bytes of the command (or character) that starts at `i`; -1 when the
 * bytes end before the command does.
 */
export function commandLength(bytes: Uint8Array, i: number, kanji: boolean): number {
  const left = bytes.length - i;
  const at = (k: number) => (i + k < bytes.length ? bytes[i + k] : -1);
  const need = (n: number) => (n <= left ? n : -1);
  const b = bytes[i];
  if (b === ESC || b === GS || b === FS) {
    const x = at(1);
    if (x < 0) return -1;
    const fixed = (b === ESC ? ESC_PARAMS : b === GS ? GS_PARAMS : FS_PARAMS)[x];
    if (fixed >= 0) return need(2 + fixed);
    if (x === 0x28) {
      // ESC ( / GS ( / FS ( fn pL pH d1...dk
      const pL = at(3);
      const pH = at(4);
      return pL < 0 || pH < 0 ? -1 : need(5 + pL + pH * 256);
    }
    if (b === ESC) return escVariable(x, at, need);
    if (b === GS) return gsVariable(x, at, need, bytes, i);
    return 2;
  }
  if (b === DLE) {
    const x = at(1);
    const n = at(2);
    if (x < 0 || n < 0) return -1;
    if (x === 0x04) return need(n === 7 || n === 8 || n === 18 ? 4 : 3);
    if (x === 0x05) return 3;
    if (x === 0x14) return need(n === 8 ? 10 : n === 7 ? 4 : 5);
    return 1;
  }
  if (kanji && b >= 0x81 && b <= 0xfe) {
    const second = at(1);
    if (second < 0) return -1;
    return second >= 0x30 && second <= 0x39 ? need(4) : 2;
  }
  return 1;
}

function escVariable(x: number, at: (k: number) => number, need: (n: number) => number): number {
  if (x === 0x2a) {
    // ESC * m nL nH d1...dk: one byte a column (m 0, 1), three (m 32, 33)
    const m = at(2);
    const nL = at(3);
    const nH = at(4);
    if (nH < 0) return -1;
    return need(5 + (nL + nH * 256) * (m === 32 || m === 33 ? 3 : 1));
  }
  if (x === 0x44) {
    // ESC D n1...nk NUL: at most 32 tab positions
    for (let k = 2; k < 35; k++) {
      const v = at(k);
      if (v < 0) return -1;
      if (v === 0) return k + 1;
    }
    return 35;
  }
  return 2;
}

function gsVariable(x: number, at: (k: number) => number, need: (n: number) => number, bytes: Uint8Array, i: number): number {
  if (x === 0x56) {
    // GS V m [n]: the functions that feed first take n
    const m = at(2);
    if (m < 0) return -1;
    return need(m === 65 || m === 66 || m === 97 || m === 98 || m === 103 || m === 104 ? 4 : 3);
  }
  if (x === 0x76) {
    // GS v 0 m xL xH yL yH d1...dk
    if (at(7) < 0) return -1;
    return need(8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256));
  }
  if (x === 0x2a) {
    // GS * x y d1...d(x × y × 8)
    if (at(3) < 0) return -1;
    return need(4 + at(2) * at(3) * 8);
  }
  if (x === 0x6b) {
    // GS k m: m 0-6 ends with NUL; m 65-79 has a length byte
    const m = at(2);
    if (m < 0) return -1;
    if (m <= 6) {
      for (let k = 3; i + k < bytes.length; k++) if (bytes[i + k] === 0) return k + 1;
      return -1;
    }
    const n = at(3);
    return n < 0 ? -1 : need(4 + n);
  }
  if (x === 0x38) {
    // GS 8 L / GS 8 A: fn p1 p2 p3 p4, a 32-bit length
    if (at(6) < 0) return -1;
    return need(7 + at(3) + at(4) * 0x100 + at(5) * 0x10000 + at(6) * 0x1000000);
  }
  return 2;
}
