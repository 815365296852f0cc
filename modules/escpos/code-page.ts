/**
 * The single-byte character code tables a printer profile may select
 * (ESC t n). Bytes 20-7E are ASCII in each; the tables hold the upper
 * half, 80-FF, generated from iconv-lite by tools/gen-printer-tables.ts
 * (the same 256 bytes as a device flash resource, `cp858-table.bin`...).
 */
import { PC437_HIGH } from "./pc437-table.ts";
import { PC858_HIGH } from "./pc858-table.ts";
import { PC866_HIGH } from "./pc866-table.ts";

/** The code pages a profile may name. */
export type CodePageName = "cp437" | "cp858" | "cp866";

/**
 * Each page's number n in ESC t n, from the table of the Epson ESC/POS
 * Command Reference, "ESC t: Select character code table": 0 PC437
 * (USA, Standard Europe), 17 PC866 (Cyrillic #2), 19 PC858 (Euro).
 */
export const CODE_PAGE_NUMBERS: Readonly<Record<CodePageName, number>> = Object.freeze({ cp437: 0, cp866: 17, cp858: 19 });

/** A code page as the encoder uses it. */
export interface CodePage {
  readonly name: CodePageName;
  /** n of ESC t n */
  readonly number: number;
  /** The byte of a printable character (20-7E, 80-FF), or -1 when the page lacks it (control characters included). */
  byteOf(codePoint: number): number;
}

/** True for a name of {@link CODE_PAGE_NUMBERS}. */
export function isCodePageName(name: unknown): name is CodePageName {
  return typeof name === "string" && Object.prototype.hasOwnProperty.call(CODE_PAGE_NUMBERS, name);
}

/**
 * A code page over its stored upper half: 128 code points of 16 bits,
 * big-endian, for bytes 80 to FF in order, as tools/gen-printer-tables.ts
 * writes `cp858-table.bin`; a host may pass a view of a flash resource.
 * The code points are searched where they are, not copied: a character
 * from A0 up costs at most 128 comparisons, and the page no RAM (a map of
 * them held about 8 KB of the board's heap).
 */
export function codePageFromBytes(name: CodePageName, bytes: Uint8Array): CodePage {
  const n = Math.min(128, bytes.length >> 1);
  return pageOver(name, n, (i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
}

const HIGH: Readonly<Record<CodePageName, string>> = { cp437: PC437_HIGH, cp858: PC858_HIGH, cp866: PC866_HIGH };
// made on first use, in RAM: the Moddable linker freezes a Map a preloaded module holds
let loaded: Map<CodePageName, CodePage> | undefined;

/** The code page from its module (the desktop, the tests; on the device the same table as a flash resource). */
export function loadCodePage(name: CodePageName): CodePage {
  loaded ??= new Map();
  let page = loaded.get(name);
  if (!page) {
    const upper = new Uint32Array(128);
    let n = 0;
    for (const ch of HIGH[name]) {
      if (n === upper.length) break;
      upper[n++] = ch.codePointAt(0)!;
    }
    page = pageOver(name, n, (i) => upper[i]);
    loaded.set(name, page);
  }
  return page;
}

/** The page whose byte 80 + i is the code point `at(i)`, i below `count`; the first byte wins when two hold the same character. */
function pageOver(name: CodePageName, count: number, at: (i: number) => number): CodePage {
  return Object.freeze({
    name,
    number: CODE_PAGE_NUMBERS[name],
    byteOf(codePoint: number): number {
      if (codePoint >= 0x20 && codePoint < 0x7f) return codePoint;
      if (codePoint < 0xa0) return -1;
      for (let i = 0; i < count; i++) if (at(i) === codePoint) return 0x80 + i;
      return -1;
    },
  });
}
