/**
 * Little-endian integers, ASCII and BCD digits at fixed offsets: the
 * building blocks of the transaction records' layouts (README.md).
 */

export function putUint(out: Uint8Array, at: number, size: number, value: number): void {
  let v = value;
  for (let i = 0; i < size; i++) {
    out[at + i] = v % 256;
    v = Math.floor(v / 256);
  }
}

export function getUint(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = size - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}

/** `size` bytes of ASCII, right-padded with spaces. */
export function putAscii(out: Uint8Array, at: number, size: number, text: string): void {
  for (let i = 0; i < size; i++) out[at + i] = i < text.length ? text.charCodeAt(i) : 0x20;
}

/** `size` bytes as text, trailing spaces dropped. */
export function getAscii(bytes: Uint8Array, at: number, size: number): string {
  let end = at + size;
  while (end > at && bytes[end - 1] === 0x20) end--;
  let s = "";
  for (let i = at; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** Whether `size` bytes at `at` are printable ASCII, 20-7E (what `putAscii` writes for the fields that take it). */
export function isPrintable(bytes: Uint8Array, at: number, size: number): boolean {
  const end = at + size;
  let i = at;
  // four bytes a step (a boot checks every answer's codes, and XS pays per operation): w - 20202020 borrows into the
  // top bit of a byte under 80 only where some byte is under 20; (w + 01010101) | w sets it where some byte is 7F or over
  for (const last = end - 3; i < last; i += 4) {
    const w = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    if ((((w - 0x20202020) & ~w) | (w + 0x01010101) | w) & 0x80808080) return false;
  }
  for (; i < end; i++) if (bytes[i] < 0x20 || bytes[i] > 0x7e) return false;
  return true;
}

/** Decimal digits as packed BCD, two per byte, high nibble first; an odd count is padded with F. */
export function putBcd(out: Uint8Array, at: number, digits: string): void {
  for (let i = 0; i < digits.length; i += 2) {
    const hi = digits.charCodeAt(i) - 48;
    const lo = i + 1 < digits.length ? digits.charCodeAt(i + 1) - 48 : 0xf;
    out[at + (i >> 1)] = (hi << 4) | lo;
  }
}

/** `count` BCD digits from `at`; undefined when a nibble is not a digit. */
export function getBcd(bytes: Uint8Array, at: number, count: number): string | undefined {
  let s = "";
  for (let i = 0; i < count; i++) {
    const b = bytes[at + (i >> 1)];
    const n = i % 2 === 0 ? b >> 4 : b & 0xf;
    if (n > 9) return undefined;
    s += String.fromCharCode(48 + n);
  }
  return s;
}
