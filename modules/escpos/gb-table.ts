import { GB2312_TABLE_BASE64 } from "./gb2312-table.ts";

/**
 * Unicode to GB18030 two-byte codes for the characters a receipt may hold
 * in Chinese. The table is generated from iconv-lite by
 * tools/gen-printer-tables.ts; on the device it stays in flash (a
 * resource), so the lookup searches the bytes where they lie.
 */
export interface GbTable {
  /** The two-byte GB code (lead byte × 256 + trail byte) of a code point, or -1. */
  encode(codePoint: number): number;
  /** Characters in the table. */
  readonly size: number;
}

/**
 * A table over its stored bytes: 4 bytes a character (code point, GB code,
 * big-endian), sorted by code point, as tools/gen-printer-tables.ts writes
 * gb2312-table.bin. The bytes are not copied: a host may pass a view of a
 * flash resource.
 */
export function gbTableFromBytes(bytes: Uint8Array): GbTable {
  const size = Math.floor(bytes.length / 4);
  return {
    size,
    encode(codePoint: number): number {
      let lo = 0;
      let hi = size - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const cp = (bytes[mid * 4] << 8) | bytes[mid * 4 + 1];
        if (cp === codePoint) return (bytes[mid * 4 + 2] << 8) | bytes[mid * 4 + 3];
        if (cp < codePoint) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    },
  };
}

let loaded: GbTable | undefined;

/**
 * The GB2312-region table decoded from its module (about 30 KB of RAM):
 * for the desktop and the tests. A device passes its flash resource to
 * {@link gbTableFromBytes} instead.
 */
export function loadGbTable(): GbTable {
  loaded ??= gbTableFromBytes(fromBase64(GB2312_TABLE_BASE64));
  return loaded;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function fromBase64(text: string): Uint8Array {
  const values = new Uint8Array(128);
  for (let i = 0; i < 64; i++) values[ALPHABET.charCodeAt(i)] = i;
  let length = (text.length / 4) * 3;
  if (text.endsWith("==")) length -= 2;
  else if (text.endsWith("=")) length -= 1;
  const out = new Uint8Array(length);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const n =
      (values[text.charCodeAt(i)] << 18) |
      (values[text.charCodeAt(i + 1)] << 12) |
      (values[text.charCodeAt(i + 2)] << 6) |
      values[text.charCodeAt(i + 3)];
    if (o < length) out[o++] = n >> 16;
    if (o < length) out[o++] = (n >> 8) & 0xff;
    if (o < length) out[o++] = n & 0xff;
  }
  return out;
}
