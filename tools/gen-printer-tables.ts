/**
 * Generates the printer's character tables from iconv-lite, so that no
 * code table is typed by hand:
 *
 * - modules/escpos/gb2312-table.bin: every character of the GB2312 region
 *   of GB18030 (lead bytes A1-A9 and B0-F7, trail bytes A1-FE) as 4-byte
 *   pairs, big-endian: Unicode code point (16 bits), GB code (16 bits),
 *   sorted by code point. Codes that GB18030 maps into the Private Use
 *   Area (user-defined cells) are left out. The device keeps this file in
 *   flash as a resource.
 * - modules/escpos/gb2312-table.ts: the same bytes in base64, for the
 *   hosts that load modules rather than resources (desktop, tests).
 * - modules/escpos/gb18030-ranges.bin: the Basic Multilingual Plane's
 *   characters that GB18030 maps to four bytes, as runs: 6 bytes a run,
 *   big-endian: first code point, last code point, and the four-byte
 *   linear index of the first (the index of b1 b2 b3 b4 is
 *   ((b1 - 81h) × 10 + b2 - 30h) × 1260 + (b3 - 81h) × 10 + b4 - 30h),
 *   each code point of a run one index after the previous. Surrogates and
 *   the Private Use Area are left out. Beyond the BMP, GB18030 maps code
 *   points by arithmetic (U+10000 is 90 30 81 30), which needs no table.
 * - modules/escpos/gb18030-ranges.ts: the same bytes in base64.
 * - modules/escpos/pc437-table.ts, pc858-table.ts, pc866-table.ts: the
 *   upper half (80-FF) of code pages 437, 858 (code page 850, Western
 *   European, with € at D5) and 866 (Cyrillic), as strings.
 * - modules/escpos/cp437-table.bin, cp858-table.bin, cp866-table.bin: the
 *   same upper halves as device flash resources, 128 code points of 16
 *   bits, big-endian, for bytes 80 to FF in order (256 bytes each).
 *
 * Run: `npx tsx tools/gen-printer-tables.ts` (the test suite checks that the
 * committed tables match what iconv-lite gives).
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";

/** Pairs (code point, GB code) of the GB2312 region, sorted by code point. */
export function gb2312Pairs(): [number, number][] {
  const pairs: [number, number][] = [];
  const rows = [...range(0xa1, 0xa9), ...range(0xb0, 0xf7)];
  for (const lead of rows) {
    for (const trail of range(0xa1, 0xfe)) {
      const bytes = Buffer.from([lead, trail]);
      const text = iconv.decode(bytes, "gb18030");
      const cp = text.codePointAt(0)!;
      if (text.length !== 1 || cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
      // only characters whose encoding comes back to the same two bytes
      if (!iconv.encode(text, "gb18030").equals(bytes)) continue;
      pairs.push([cp, (lead << 8) | trail]);
    }
  }
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** The table as stored: 4 bytes a character. */
export function gb2312TableBytes(): Uint8Array {
  const pairs = gb2312Pairs();
  const out = new Uint8Array(pairs.length * 4);
  pairs.forEach(([cp, gb], i) => {
    out[i * 4] = cp >> 8;
    out[i * 4 + 1] = cp & 0xff;
    out[i * 4 + 2] = gb >> 8;
    out[i * 4 + 3] = gb & 0xff;
  });
  return out;
}

/** Runs [first, last, linear index of first] of the BMP characters GB18030 maps to four bytes. */
export function gb18030FourByteRuns(): [number, number, number][] {
  const runs: [number, number, number][] = [];
  for (let cp = 0x80; cp <= 0xffff; cp++) {
    if ((cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0xe000 && cp <= 0xf8ff)) continue;
    const text = String.fromCharCode(cp);
    const b = iconv.encode(text, "gb18030");
    if (b.length !== 4 || iconv.decode(b, "gb18030") !== text) continue;
    const index = ((b[0] - 0x81) * 10 + (b[1] - 0x30)) * 1260 + (b[2] - 0x81) * 10 + (b[3] - 0x30);
    const last = runs[runs.length - 1];
    if (last && last[1] + 1 === cp && last[2] + (cp - last[0]) === index) last[1] = cp;
    else runs.push([cp, cp, index]);
  }
  return runs;
}

/** The four-byte runs as stored: 6 bytes a run. */
export function gb18030RangesBytes(): Uint8Array {
  const runs = gb18030FourByteRuns();
  const out = new Uint8Array(runs.length * 6);
  runs.forEach((run, i) => run.forEach((v, j) => {
    out[i * 6 + j * 2] = v >> 8;
    out[i * 6 + j * 2 + 1] = v & 0xff;
  }));
  return out;
}

/** The 128 characters of code page 437 from 80 to FF. */
export function pc437High(): string {
  return codePageHigh("cp437");
}

/** The code pages generated, as iconv-lite names them. */
export const CODE_PAGES = ["cp437", "cp858", "cp866"] as const;

/** The 128 characters of a code page from 80 to FF. */
export function codePageHigh(page: (typeof CODE_PAGES)[number]): string {
  return iconv.decode(Buffer.from(range(0x80, 0xff)), page);
}

/** A code page's upper half as stored: 128 code points, 16 bits big-endian. */
export function codePageBytes(page: (typeof CODE_PAGES)[number]): Uint8Array {
  const high = codePageHigh(page);
  const out = new Uint8Array(256);
  for (let i = 0; i < 128; i++) {
    const cp = high.charCodeAt(i);
    out[2 * i] = cp >> 8;
    out[2 * i + 1] = cp & 0xff;
  }
  return out;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function main(): void {
  const dir = new URL("../modules/escpos/", import.meta.url);
  const table = gb2312TableBytes();
  writeFileSync(new URL("gb2312-table.bin", dir), table);
  const base64 = Buffer.from(table).toString("base64");
  const lines = base64.match(/.{1,100}/g)!;
  writeFileSync(
    new URL("gb2312-table.ts", dir),
    [
      "// Generated by tools/gen-printer-tables.ts from iconv-lite's GB18030 tables. Do not edit.",
      "// The GB2312 region of GB18030 (lead A1-A9, B0-F7; trail A1-FE), without Private Use",
      "// Area cells: 4 bytes a character, code point then GB code, big-endian, sorted by code point.",
      "",
      `/** Characters in the table. */`,
      `export const GB2312_TABLE_SIZE = ${table.length / 4};`,
      "",
      "/** The table's bytes in base64 (the same bytes as gb2312-table.bin). */",
      "export const GB2312_TABLE_BASE64 = [",
      lines.map((l) => `  "${l}",`).join("\n"),
      '].join("");',
      "",
    ].join("\n"),
  );
  const ranges = gb18030RangesBytes();
  writeFileSync(new URL("gb18030-ranges.bin", dir), ranges);
  writeFileSync(
    new URL("gb18030-ranges.ts", dir),
    [
      "// Generated by tools/gen-printer-tables.ts from iconv-lite's GB18030 tables. Do not edit.",
      "// The BMP characters GB18030 maps to four bytes, as runs of 6 bytes, big-endian: first code",
      "// point, last code point, four-byte linear index of the first. No surrogates, no Private Use Area.",
      "",
      `/** Runs in the table. */`,
      `export const GB18030_RANGES_COUNT = ${ranges.length / 6};`,
      "",
      "/** The table's bytes in base64 (the same bytes as gb18030-ranges.bin). */",
      "export const GB18030_RANGES_BASE64 = [",
      Buffer.from(ranges).toString("base64").match(/.{1,100}/g)!.map((l) => `  "${l}",`).join("\n"),
      '].join("");',
      "",
    ].join("\n"),
  );
  const titles = { cp437: "Code page 437 (ESC t 0)", cp858: "Code page 858 (ESC t 19)", cp866: "Code page 866 (ESC t 17)" } as const;
  for (const page of CODE_PAGES) {
    const digits = page.slice(2);
    writeFileSync(new URL(`${page}-table.bin`, dir), codePageBytes(page));
    writeFileSync(
      new URL(`pc${digits}-table.ts`, dir),
      [
        `// Generated by tools/gen-printer-tables.ts from iconv-lite's ${page} table. Do not edit.`,
        "",
        `/** ${titles[page]}, bytes 80-FF in order: the character at index i is byte 0x80 + i. */`,
        `export const PC${digits}_HIGH = ${JSON.stringify(codePageHigh(page))};`,
        "",
      ].join("\n"),
    );
  }
  console.log(`${table.length / 4} GB2312 characters (${table.length} bytes), ${ranges.length / 6} four-byte runs (${ranges.length} bytes), code pages ${CODE_PAGES.join(", ")} (80-FF)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
