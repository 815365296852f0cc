import { GB18030_RANGES_BASE64 } from "./gb18030-ranges.ts";
import { GB2312_TABLE_BASE64 } from "./gb2312-table.ts";

/**
 * Unicode to GB18030 codes for the characters a receipt may hold in
 * Chinese: the two-byte GB2312 region, and with the four-byte ranges
 * (a printer whose font covers GB18030) the characters GB18030 maps to
 * four bytes. The tables are generated from iconv-lite by
 * tools/gen-printer-tables.ts; on the device they stay in flash
 * (resources), so the lookup searches the bytes where they lie.
 */
export interface GbTable {
  /**
   * The GB code of a code point: two bytes as lead × 256 + trail (at most
   * FFFFh); four bytes as b1 × 2^24 + b2 × 2^16 + b3 × 2^8 + b4 (above
   * FFFFh: b1 is 81h or more); -1 when the table has no code for it.
   */
  encode(codePoint: number): number;
  /** Characters in the two-byte table. */
  readonly size: number;
}

/** The first four-byte code beyond the BMP (U+10000 is 90 30 81 30), as a linear index from 81 30 81 30 (GB 18030-2005 §6.3). */
const SUPPLEMENTARY_INDEX = 189_000;

/**
 * A table over its stored bytes: 4 bytes a character (code point, GB code,
 * big-endian), sorted by code point, as tools/gen-printer-tables.ts writes
 * gb2312-table.bin. The bytes are not copied: a host may pass a view of a
 * flash resource.
 */
export function gbTableFromBytes(bytes: Uint8Array, fourByteRanges?: Uint8Array): GbTable {
  const size = Math.floor(bytes.length / 4);
  const runs = fourByteRanges ? Math.floor(fourByteRanges.length / 6) : 0;
  /** The four-byte code of a code point the two-byte table lacks, or -1. */
  const fourByte = (codePoint: number): number => {
    if (!fourByteRanges) return -1;
    if (codePoint >= 0x10000 && codePoint <= 0x10ffff) return fourByteCode(SUPPLEMENTARY_INDEX + codePoint - 0x10000);
    let lo = 0;
    let hi = runs - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = mid * 6;
      const first = (fourByteRanges[at] << 8) | fourByteRanges[at + 1];
      const last = (fourByteRanges[at + 2] << 8) | fourByteRanges[at + 3];
      if (codePoint < first) hi = mid - 1;
      else if (codePoint > last) lo = mid + 1;
      else return fourByteCode(((fourByteRanges[at + 4] << 8) | fourByteRanges[at + 5]) + codePoint - first);
    }
    return -1;
  };
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
      return fourByte(codePoint);
    },
  };
}

/** b1 b2 b3 b4 of a four-byte linear index, as one number (b1 × 2^24 + ...: above 2^31, so no bitwise operators). */
function fourByteCode(index: number): number {
  const b4 = 0x30 + (index % 10);
  const b3 = 0x81 + (Math.floor(index / 10) % 126);
  const b2 = 0x30 + (Math.floor(index / 1260) % 10);
  const b1 = 0x81 + Math.floor(index / 12600);
  return ((b1 * 256 + b2) * 256 + b3) * 256 + b4;
}

let loaded: GbTable | undefined;
let loadedFull: GbTable | undefined;

/**
 * The GB2312-region table decoded from its module (about 30 KB of RAM):
 * for the desktop and the tests. A device passes its flash resource to
 * {@link gbTableFromBytes} instead.
 */
export function loadGbTable(): GbTable {
  loaded ??= gbTableFromBytes(fromBase64(GB2312_TABLE_BASE64));
  return loaded;
}

/**
 * The GB2312-region table with GB18030's four-byte codes (the BMP runs,
 * about 1 KB, and the supplementary planes by arithmetic), for a printer
 * whose font covers GB18030: a character such as ¥ (81 30 84 36) or
 * U+20000 (95 32 82 36) prints as itself rather than as ？. GBK's
 * two-byte codes outside the GB2312 region are not in the table.
 * A device passes both flash resources to {@link gbTableFromBytes}.
 */
export function loadGb18030Table(): GbTable {
  loadedFull ??= gbTableFromBytes(fromBase64(GB2312_TABLE_BASE64), fromBase64(GB18030_RANGES_BASE64));
  return loadedFull;
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
