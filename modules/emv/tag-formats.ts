/**
 * What a terminal needs of the EMV data element dictionary: each element's
 * format, length, source and templates (EMV 4.4 Book 3 Annex A1, every
 * element that has a tag, the terminal elements of Book 4, and the few tags
 * the contactless books give to track data, which a contact terminal must
 * still recognise to keep it masked). The elements' names, which only the
 * desktop tools show, are tags.ts's.
 *
 * A table of one string a row sorted by tag, searched by bisection: it is
 * read-only data that stays in flash on the device, no per-tag objects in
 * RAM.
 */

/** Data element formats, EMV 4.4 Book 3 §4.3 (`var.`: a template or a structure of its own). */
export type DataFormat = "a" | "an" | "ans" | "b" | "cn" | "n" | "var.";

/** Where the value comes from, as Annex A1's "Source" column says. */
export type TagSource = "ICC" | "Terminal" | "Issuer" | "Issuer/Terminal";

/** The format of one data element of the dictionary. */
export interface TagFormat {
  /** upper-case hex, e.g. `9F02` */
  tag: string;
  format: DataFormat;
  /** length of the value in bytes; `min === max` for a fixed length */
  length: { min: number; max: number };
  source: TagSource;
  /** the templates it may appear in, e.g. `["70", "77"]`; empty when it travels bare */
  templates: string[];
}

const SOURCES = { I: "ICC", T: "Terminal", S: "Issuer", ST: "Issuer/Terminal" } as const;

// One row a data element, its fields apart by spaces: tag, format, least
// and greatest length in bytes, source (a key of SOURCES), then the
// templates it may appear in. Certificates and remainders, whose lengths depend on the key
// (NCA, NI, NIC, NPE), carry the widest the card-terminal interface
// allows. Sorted by tag as strings compare (the bisection relies on it; a
// test checks). tags.ts names each of them (a test checks).
const ROWS: readonly string[] = [
  "42 n 3 3 I BF0C 73",
  "4F b 5 16 I 61",
  "50 ans 1 16 I 61 A5",
  "56 ans 0 76 I 70",
  "57 b 0 19 I 70 77",
  "5A cn 0 10 I 70 77",
  "5F20 ans 2 26 I 70 77",
  "5F24 n 3 3 I 70 77",
  "5F25 n 3 3 I 70 77",
  "5F28 n 2 2 I 70 77",
  "5F2A n 2 2 T",
  "5F2D an 2 8 I A5",
  "5F30 n 2 2 I 70 77",
  "5F34 n 1 1 I 70 77",
  "5F36 n 1 1 T",
  "5F50 ans 0 252 I BF0C 73",
  "5F53 var. 0 34 I BF0C 73",
  "5F54 var. 8 11 I BF0C 73",
  "5F55 a 2 2 I BF0C 73",
  "5F56 a 3 3 I BF0C 73",
  "5F57 n 1 1 T",
  "61 b 0 252 I 70",
  "6F var. 0 252 I",
  "70 var. 0 252 I",
  "71 var. 0 255 S",
  "72 var. 0 255 S",
  "73 var. 0 252 I 61",
  "77 var. 0 253 I",
  "80 var. 0 253 I",
  "81 b 4 4 T",
  "82 b 2 2 I 77 80",
  "83 b 0 255 T",
  "84 b 5 16 I 6F",
  "86 b 0 261 S 71 72",
  "87 b 1 1 I 61 A5",
  "88 b 1 1 I A5",
  "89 var. 6 6 S",
  "8A an 2 2 ST",
  "8C b 0 252 I 70 77",
  "8D b 0 252 I 70 77",
  "8E b 10 252 I 70 77",
  "8F b 1 1 I 70 77",
  "90 b 1 248 I 70 77",
  "91 b 8 16 S",
  "92 b 0 248 I 70 77",
  "93 b 1 248 I 70 77",
  "94 var. 0 252 I 77 80",
  "95 b 5 5 T",
  "97 b 0 252 I 70 77",
  "98 b 20 20 T",
  "99 b 0 255 T",
  "9A n 3 3 T",
  "9B b 2 2 T",
  "9C n 1 1 T",
  "9D b 5 16 I 61",
  "9F01 n 6 6 T",
  "9F02 n 6 6 T",
  "9F03 n 6 6 T",
  "9F04 b 4 4 T",
  "9F05 b 1 32 I 70 77",
  "9F06 b 5 16 T",
  "9F07 b 2 2 I 70 77",
  "9F08 b 2 2 I 70 77",
  "9F09 b 2 2 T",
  "9F0A b 0 252 I 73 BF0C",
  "9F0B ans 27 45 I 70 77",
  "9F0C n 3 4 I BF0C 73",
  "9F0D b 5 5 I 70 77",
  "9F0E b 5 5 I 70 77",
  "9F0F b 5 5 I 70 77",
  "9F10 b 0 32 I 77 80",
  "9F11 n 1 1 I A5",
  "9F12 ans 1 16 I 61 A5",
  "9F13 b 2 2 I",
  "9F14 b 1 1 I 70 77",
  "9F15 n 2 2 T",
  "9F16 ans 15 15 T",
  "9F17 b 1 1 I",
  "9F18 b 4 4 S 71 72",
  "9F19 n 6 6 I 70 77",
  "9F1A n 2 2 T",
  "9F1B b 4 4 T",
  "9F1C an 8 8 T",
  "9F1D b 1 8 T",
  "9F1E an 8 8 T",
  "9F1F ans 0 252 I 70 77",
  "9F20 cn 0 252 I 70 77",
  "9F21 n 3 3 T",
  "9F22 b 1 1 T",
  "9F23 b 1 1 I 70 77",
  "9F24 an 29 29 I 70 77",
  "9F25 n 2 2 I 70 77",
  "9F26 b 8 8 I 77 80",
  "9F27 b 1 1 I 77 80",
  "9F2D b 1 248 I 70 77",
  "9F2E b 1 3 I 70 77",
  "9F2F b 0 248 I 70 77",
  "9F32 b 1 3 I 70 77",
  "9F33 b 3 3 T",
  "9F34 b 3 3 T",
  "9F35 n 1 1 T",
  "9F36 b 2 2 I 77 80",
  "9F37 b 4 4 T",
  "9F38 b 0 252 I A5",
  "9F39 n 1 1 T",
  "9F3A b 4 4 T",
  "9F3B n 2 8 I 70 77",
  "9F3C n 2 2 T",
  "9F3D n 1 1 T",
  "9F40 b 5 5 T",
  "9F41 n 2 4 T",
  "9F42 n 2 2 I 70 77",
  "9F43 n 1 4 I 70 77",
  "9F44 n 1 1 I 70 77",
  "9F45 b 2 2 I",
  "9F46 b 1 248 I 70 77",
  "9F47 b 1 3 I 70 77",
  "9F48 b 0 248 I 70 77",
  "9F49 b 0 252 I 70 77",
  "9F4A var. 0 252 I 70 77",
  "9F4B b 1 248 I 77 80",
  "9F4C b 2 8 I",
  "9F4D b 2 2 I BF0C 73",
  "9F4E ans 0 255 T",
  "9F4F b 0 252 I",
  "9F6B b 0 19 I 70 77",
  "9F70 b 0 192 I",
  "9F71 b 0 192 I",
  "9F72 b 0 192 I",
  "9F73 b 0 192 I",
  "9F74 b 0 192 I",
  "9F75 b 0 192 I",
  "9F76 b 0 192 I",
  "9F77 b 0 192 I",
  "9F78 b 0 192 I",
  "9F79 b 0 192 I",
  "A5 var. 0 252 I 6F",
  "BF0C var. 0 222 I A5",
];

/**
 * The format the dictionary gives a tag (upper- or lower-case hex), or
 * `undefined` for a tag it does not hold (proprietary, or another kernel's).
 */
export function tagFormat(tag: string): TagFormat | undefined {
  const wanted = tag.toUpperCase();
  // bisection over the rows, by their first field
  let lo = 0;
  let hi = ROWS.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const row = ROWS[mid];
    const t = row.slice(0, row.indexOf(" "));
    if (t < wanted) lo = mid + 1;
    else if (t > wanted) hi = mid - 1;
    else {
      // the fields in table order: tag, format, least and greatest length, source, templates
      const fields = row.split(" ");
      return {
        tag: fields[0],
        format: fields[1] as DataFormat,
        length: { min: Number(fields[2]), max: Number(fields[3]) },
        source: SOURCES[fields[4] as keyof typeof SOURCES],
        templates: fields.slice(5),
      };
    }
  }
  return undefined;
}

/** The tags of the dictionary, in table order (for listings and tests). */
export function knownTags(): string[] {
  return ROWS.map((row) => row.slice(0, row.indexOf(" ")));
}
