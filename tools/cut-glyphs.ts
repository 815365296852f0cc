/**
 * Cuts the glyphs a device prints receipts and draws its screen with
 * from GNU Unifont (Debian's `unifont` package, read by hosts/node
 * `loadUnifont`) into build/device/receipt-glyphs.bin, the flash resource
 * modules/receipt `glyphFontFromBytes` reads (records of 36 bytes: code
 * point, width, glyph). The characters: printable ASCII (the digits
 * among them), Latin-1, the upper halves of the code pages a profile may
 * select, the currency symbols, full-width forms and punctuation, every
 * character of the receipt's labels and of the response words, every
 * character written in the display catalogues (each string and the
 * fixed parts of each template in {@link DISPLAY_SOURCES}), and the
 * merchant's, products' and applications' names of the configuration
 * the device is built with.
 *
 * Without Unifont on the build machine it writes an empty resource and
 * says so: the device then prints what its code page lacks as `?`.
 *
 * Run by tools/build.mjs; `npx tsx tools/cut-glyphs.ts [out]` alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "@babel/parser";
import { SAMPLE_CONFIG } from "../modules/config/sample-config.ts";
import { declineReason, REASON_CODES } from "../modules/display/response-reasons.ts";
import { PC437_HIGH } from "../modules/escpos/pc437-table.ts";
import { PC858_HIGH } from "../modules/escpos/pc858-table.ts";
import { PC866_HIGH } from "../modules/escpos/pc866-table.ts";
import { GLYPH_RECORD_BYTES, type GlyphFont } from "../modules/receipt/glyph-font.ts";
import { LABELS } from "../modules/receipt/labels.ts";
import { CURRENCIES } from "../modules/terminal/currency.ts";
import { BOARD } from "../hosts/esp32/board.ts";
import { loadUnifont } from "../hosts/node/unifont.ts";

/** Full-width forms, the replacement characters, and punctuation a Chinese address or name often holds. */
const EXTRA = "？￥￡￠￢￦！（），．：；、。“”‘’《》【】·—…￼�□";

/**
 * The display module's files whose text reaches the screen: the two
 * catalogues, the decline reasons, amounts (元) and dates (年月日).
 */
export const DISPLAY_SOURCES: readonly string[] = [
  "modules/display/catalogue-en.ts",
  "modules/display/catalogue-zh.ts",
  "modules/display/response-reasons.ts",
  "modules/display/money.ts",
  "modules/display/local-time.ts",
];

/**
 * Every character of the string literals and of the fixed parts of the
 * template literals of a TypeScript source: what its messages write
 * whatever their arguments. Comments are not text, so not taken.
 */
export function literalText(source: string): string {
  const ast = parse(source, { sourceType: "module", plugins: ["typescript"] });
  let text = "";
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const n = node as { type?: string; value?: unknown };
    if (n.type === "StringLiteral" && typeof n.value === "string") text += n.value;
    if (n.type === "TemplateElement") text += (n.value as { cooked?: string | null }).cooked ?? "";
    for (const [key, child] of Object.entries(node)) {
      if (key !== "loc" && key !== "leadingComments" && key !== "trailingComments" && key !== "innerComments" && key !== "comments") visit(child);
    }
  };
  visit(ast.program);
  return text;
}

/** The text of {@link DISPLAY_SOURCES}' literals, read from the project's tree. */
export function displayCatalogueText(): string {
  const root = new URL("../", import.meta.url);
  return DISPLAY_SOURCES.map((path) => literalText(readFileSync(new URL(path, root), "utf8"))).join("");
}

/** The code points a device's receipts may print and its screen may show, ascending. */
export function deviceReceiptCharacters(): number[] {
  const set = new Set<number>();
  const add = (text: string) => {
    for (const ch of text) set.add(ch.codePointAt(0)!);
  };
  for (let cp = 0x20; cp < 0x7f; cp++) set.add(cp);
  for (let cp = 0xa0; cp <= 0xff; cp++) set.add(cp);
  add(PC437_HIGH + PC858_HIGH + PC866_HIGH + EXTRA);
  for (const c of Object.values(CURRENCIES)) add(c.symbol);
  for (const label of Object.values(LABELS)) add(label.en + label.zh);
  for (const code of REASON_CODES) for (const language of ["en", "zh"] as const) add((declineReason(code, language) ?? []).join(""));
  add(displayCatalogueText());
  add(BOARD.merchant.name + SAMPLE_CONFIG.terminal.merchantNameAndLocation);
  for (const aid of SAMPLE_CONFIG.aids) add(aid.label);
  for (const p of SAMPLE_CONFIG.receipt?.products ?? []) add(p.name);
  return [...set].sort((a, b) => a - b);
}

/** The resource's bytes: a record for each code point the font has, in ascending order. */
export function glyphRecords(font: GlyphFont, codePoints: readonly number[]): Uint8Array {
  const records: Uint8Array[] = [];
  for (const cp of codePoints) {
    const glyph = font.glyph(cp);
    if (!glyph) continue;
    const record = new Uint8Array(GLYPH_RECORD_BYTES);
    record.set([cp >> 16, (cp >> 8) & 0xff, cp & 0xff, glyph.length / 16], 0);
    record.set(glyph, 4);
    records.push(record);
  }
  const out = new Uint8Array(records.length * GLYPH_RECORD_BYTES);
  records.forEach((r, i) => out.set(r, i * GLYPH_RECORD_BYTES));
  return out;
}

function main(): void {
  const out = process.argv[2] ?? fileURLToPath(new URL("../build/device/receipt-glyphs.bin", import.meta.url));
  mkdirSync(dirname(out), { recursive: true });
  const characters = deviceReceiptCharacters();
  let bytes: Uint8Array = new Uint8Array(0);
  try {
    bytes = glyphRecords(loadUnifont(characters), characters);
  } catch (e) {
    console.warn(`cut-glyphs: ${(e as Error).message}; ${out} is empty, so the device prints what its code page lacks as ?`);
  }
  writeFileSync(out, bytes);
  if (bytes.length) console.log(`cut-glyphs: ${bytes.length / GLYPH_RECORD_BYTES} of ${characters.length} characters from Unifont, ${bytes.length} bytes in ${out}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
