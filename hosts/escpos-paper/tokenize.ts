/**
 * Splits an ESC/POS byte stream into commands and characters. Formats are
 * those of the Epson ESC/POS Command Reference. This file is the
 * interpreter's own reading of the commands (it shares nothing with the
 * driver's encoder, so that each checks the other) and imports nothing, so
 * the virtual printer runs it on the XS engine too.
 */

export type TokenKind = "text" | "control" | "command" | "realtime" | "unknown";

/** One command, control code or character. */
export interface Token {
  kind: TokenKind;
  /** the command's name in the reference ("ESC a", "GS v 0", "DLE EOT"); "text" for characters */
  name: string;
  offset: number;
  length: number;
  /** the bytes after the command's name: parameters and data */
  params: Uint8Array;
}

type Shape = { name: string; head: number; size: (at: (k: number) => number, left: number) => number };

/** A command of `head` bytes and `n` parameters. */
const fixed = (name: string, head: number, n: number): Shape => ({ name, head, size: () => head + n });

/** pL pH at head, then that many bytes (the "( " families). */
const lengthPrefixed = (name: string, head: number): Shape => ({
  name,
  head,
  size: (at) => (at(head + 1) < 0 ? -1 : head + 2 + at(head) + at(head + 1) * 256),
});

const ESC_SHAPES: Record<number, Shape> = {
  0x0c: fixed("ESC FF", 2, 0),
  0x20: fixed("ESC SP", 2, 1),
  0x21: fixed("ESC !", 2, 1),
  0x24: fixed("ESC $", 2, 2),
  0x25: fixed("ESC %", 2, 1),
  0x2d: fixed("ESC -", 2, 1),
  0x32: fixed("ESC 2", 2, 0),
  0x33: fixed("ESC 3", 2, 1),
  0x3d: fixed("ESC =", 2, 1),
  0x3f: fixed("ESC ?", 2, 1),
  0x40: fixed("ESC @", 2, 0),
  0x45: fixed("ESC E", 2, 1),
  0x47: fixed("ESC G", 2, 1),
  0x4a: fixed("ESC J", 2, 1),
  0x4c: fixed("ESC L", 2, 0),
  0x4d: fixed("ESC M", 2, 1),
  0x52: fixed("ESC R", 2, 1),
  0x53: fixed("ESC S", 2, 0),
  0x54: fixed("ESC T", 2, 1),
  0x55: fixed("ESC U", 2, 1),
  0x56: fixed("ESC V", 2, 1),
  0x57: fixed("ESC W", 2, 8),
  0x5c: fixed("ESC \\", 2, 2),
  0x61: fixed("ESC a", 2, 1),
  0x63: fixed("ESC c", 2, 2),
  0x64: fixed("ESC d", 2, 1),
  0x65: fixed("ESC e", 2, 1),
  0x69: fixed("ESC i", 2, 0),
  0x6d: fixed("ESC m", 2, 0),
  0x70: fixed("ESC p", 2, 3),
  0x72: fixed("ESC r", 2, 1),
  0x74: fixed("ESC t", 2, 1),
  0x75: fixed("ESC u", 2, 1),
  0x76: fixed("ESC v", 2, 0),
  0x7b: fixed("ESC {", 2, 1),
  0x28: { name: "ESC (", head: 3, size: (at) => (at(4) < 0 ? -1 : 5 + at(3) + at(4) * 256) },
  0x2a: {
    name: "ESC *",
    head: 2,
    size: (at) => {
      const m = at(2);
      if (at(4) < 0) return -1;
      return 5 + (at(3) + at(4) * 256) * (m === 32 || m === 33 ? 3 : 1);
    },
  },
  0x44: {
    name: "ESC D",
    head: 2,
    size: (at, left) => {
      for (let k = 2; k < Math.min(left, 35); k++) if (at(k) === 0) return k + 1;
      return left >= 35 ? 35 : -1;
    },
  },
};

const GS_SHAPES: Record<number, Shape> = {
  0x21: fixed("GS !", 2, 1),
  0x24: fixed("GS $", 2, 2),
  0x2f: fixed("GS /", 2, 1),
  0x3a: fixed("GS :", 2, 0),
  0x42: fixed("GS B", 2, 1),
  0x48: fixed("GS H", 2, 1),
  0x49: fixed("GS I", 2, 1),
  0x4c: fixed("GS L", 2, 2),
  0x50: fixed("GS P", 2, 2),
  0x54: fixed("GS T", 2, 1),
  0x57: fixed("GS W", 2, 2),
  0x5c: fixed("GS \\", 2, 2),
  0x5e: fixed("GS ^", 2, 3),
  0x61: fixed("GS a", 2, 1),
  0x62: fixed("GS b", 2, 1),
  0x66: fixed("GS f", 2, 1),
  0x68: fixed("GS h", 2, 1),
  0x72: fixed("GS r", 2, 1),
  0x77: fixed("GS w", 2, 1),
  0x28: lengthPrefixed("GS (", 3),
  0x56: {
    name: "GS V",
    head: 2,
    size: (at) => {
      const m = at(2);
      if (m < 0) return -1;
      return [65, 66, 97, 98, 103, 104].includes(m) ? 4 : 3;
    },
  },
  0x76: {
    name: "GS v 0",
    head: 3,
    size: (at) => (at(7) < 0 ? -1 : 8 + (at(4) + at(5) * 256) * (at(6) + at(7) * 256)),
  },
  0x2a: { name: "GS *", head: 2, size: (at) => (at(3) < 0 ? -1 : 4 + at(2) * at(3) * 8) },
  0x6b: {
    name: "GS k",
    head: 2,
    size: (at, left) => {
      const m = at(2);
      if (m < 0) return -1;
      if (m > 6) return at(3) < 0 ? -1 : 4 + at(3);
      for (let k = 3; k < left; k++) if (at(k) === 0) return k + 1;
      return -1;
    },
  },
  0x38: {
    name: "GS 8",
    head: 3,
    size: (at) => (at(6) < 0 ? -1 : 7 + at(3) + at(4) * 0x100 + at(5) * 0x10000 + at(6) * 0x1000000),
  },
};

const FS_SHAPES: Record<number, Shape> = {
  0x21: fixed("FS !", 2, 1),
  0x26: fixed("FS &", 2, 0),
  0x2d: fixed("FS -", 2, 1),
  0x2e: fixed("FS .", 2, 0),
  0x43: fixed("FS C", 2, 1),
  0x53: fixed("FS S", 2, 2),
  0x57: fixed("FS W", 2, 1),
  0x70: fixed("FS p", 2, 2),
  0x28: lengthPrefixed("FS (", 3),
};

const CONTROLS: Record<number, string> = { 0x09: "HT", 0x0a: "LF", 0x0c: "FF", 0x0d: "CR", 0x18: "CAN" };

/**
 * The token that starts at `offset`, or undefined when the stream ends
 * inside it. In Kanji mode a byte 81-FE opens a GB18030 character of two
 * bytes, or four when the second is a digit (30-39).
 */
export function readToken(bytes: Uint8Array, offset: number, kanji: boolean): Token | undefined {
  const left = bytes.length - offset;
  if (left <= 0) return undefined;
  const at = (k: number) => (k < left ? bytes[offset + k] : -1);
  const make = (kind: TokenKind, name: string, length: number, head: number): Token | undefined =>
    length < 0 || length > left ? undefined : { kind, name, offset, length, params: bytes.subarray(offset + head, offset + length) };
  const b = bytes[offset];
  if (b === 0x1b || b === 0x1d || b === 0x1c) {
    const x = at(1);
    if (x < 0) return undefined;
    const shapes = b === 0x1b ? ESC_SHAPES : b === 0x1d ? GS_SHAPES : FS_SHAPES;
    const shape = shapes[x];
    const prefix = b === 0x1b ? "ESC" : b === 0x1d ? "GS" : "FS";
    if (!shape) return make("unknown", `${prefix} ${hex(x)}`, 2, 2);
    if (x === 0x76 && b === 0x1d && at(2) >= 0 && at(2) !== 0x30) return make("unknown", `GS v ${hex(at(2))}`, 3, 3);
    return make("command", shape.name, shape.size(at, left), shape.head);
  }
  if (b === 0x10) {
    const x = at(1);
    const n = at(2);
    if (x < 0) return undefined;
    if (x === 0x04) return n < 0 ? undefined : make("realtime", "DLE EOT", n === 7 || n === 8 || n === 18 ? 4 : 3, 2);
    if (x === 0x05) return n < 0 ? undefined : make("realtime", "DLE ENQ", 3, 2);
    if (x === 0x14) return n < 0 ? undefined : make("realtime", "DLE DC4", n === 8 ? 10 : n === 7 ? 4 : 5, 2);
    return make("unknown", "DLE", 1, 1);
  }
  if (CONTROLS[b]) return make("control", CONTROLS[b], 1, 1);
  if (b < 0x20 || b === 0x7f) return make("unknown", `byte ${hex(b)}`, 1, 1);
  if (kanji && b >= 0x81 && b <= 0xfe) {
    const second = at(1);
    if (second < 0) return undefined;
    return make("text", "text", second >= 0x30 && second <= 0x39 ? 4 : 2, 0);
  }
  return make("text", "text", 1, 0);
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, "0");
}
