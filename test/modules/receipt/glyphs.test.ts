/**
 * The raster fallback with glyphs drawn by hand (hand-made-font.ts): the
 * .hex parser, scaling to the printer's cell, the question mark for a
 * character the font lacks, and a printer given no glyph font at all.
 * Unifont itself, read from Debian's package, is tested on Node only
 * (test/hosts/unifont.test.ts): XS has no file system.
 */
import test from "ava";
import { loadGbTable } from "../../../modules/escpos/gb-table.ts";
import { PROFILE_58MM, printerProfile } from "../../../modules/escpos/profile.ts";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { glyphFontFromHex } from "../../../modules/receipt/glyph-font.ts";
import { LABELS } from "../../../modules/receipt/labels.ts";
import { rasterText } from "../../../modules/receipt/raster-text.ts";
import { printReceipt } from "../../../modules/receipt/render.ts";
import { TRANSACTIONS } from "./fixtures.ts";
import { BOX_FONT, CORNER, DIAGONAL, NARROW_BOX, WIDE_SQUARE, hexLine } from "./hand-made-font.ts";

/** Bytes as text, one character a byte (the ASCII of code page 437 reads as itself). */
const asciiOf = (bytes: Uint8Array) => {
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
};

test("glyphFontFromHex: a narrow and a wide glyph come back as the bytes of their rows; a code point without a line has none", (t) => {
  t.is(hexLine(0x41, DIAGONAL), "0041:80402010080402018040201008040201");
  const font = glyphFontFromHex([hexLine(0x41, DIAGONAL), hexLine(0x4e2d, CORNER)]);
  t.deepEqual(font.glyph(0x41), DIAGONAL);
  t.deepEqual(font.glyph(0x4e2d), CORNER);
  t.is(font.glyph(0x42), undefined);
});

test("glyphFontFromHex skips lines that are not a code point, a colon and 32 or 64 hex digits, and ignores surrounding white space", (t) => {
  const good = hexLine(0x41, DIAGONAL);
  const font = glyphFontFromHex([
    `  ${good}\r`,
    "",
    "# comment",
    hexLine(0x42, DIAGONAL).slice(0, -2),
    `${hexLine(0x43, DIAGONAL)}00`,
    hexLine(0x44, DIAGONAL).replace("80", "8G"),
    `:${good.slice(5)}`,
    hexLine(0x4e2d, CORNER).slice(0, -1),
  ]);
  t.deepEqual(font.glyph(0x41), DIAGONAL, "CR and spaces around a line");
  for (const cp of [0x42, 0x43, 0x44, 0, 0x4e2d]) t.is(font.glyph(cp), undefined, cp.toString(16));
});

test("every character of the Chinese labels has a GB18030 code", (t) => {
  const gb = loadGbTable();
  const missing: string[] = [];
  for (const label of Object.values(LABELS)) {
    for (const ch of label.zh) if (ch.codePointAt(0)! >= 0x80 && gb.encode(ch.codePointAt(0)!) < 0) missing.push(ch);
  }
  t.deepEqual(missing, []);
});

test("a raster line scales each glyph to font A's cell (12 × 24 a column): sampled back, the glyph drawn by hand", (t) => {
  const font = glyphFontFromHex([hexLine(0x41, DIAGONAL), hexLine(0x6d88, CORNER)]);
  const line = rasterText("A消", font, PROFILE_58MM.fontA, { lineHeight: 30 });
  t.is(line.width, 36, "A one column, 消 two");
  t.is(line.height, 30);
  t.is(line.replaced, 0);
  const rowBytes = Math.ceil(line.width / 8);
  const dot = (x: number, y: number) => (line.bits[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
  // source dot (sx, sy) covers target dots from ceil(1.5 sx), ceil(1.5 sy): sample that one
  const sample = (x0: number, wide: boolean) => {
    const out = new Uint8Array(wide ? 32 : 16);
    for (let sy = 0; sy < 16; sy++) for (let sx = 0; sx < (wide ? 16 : 8); sx++) if (dot(x0 + Math.ceil(1.5 * sx), Math.ceil(1.5 * sy))) out[sy * (wide ? 2 : 1) + (sx >> 3)] |= 0x80 >> (sx & 7);
    return out;
  };
  t.deepEqual(sample(0, false), DIAGONAL);
  t.deepEqual(sample(12, true), CORNER);
  for (let y = 24; y < 30; y++) for (let x = 0; x < 36; x++) t.is(dot(x, y), 0, "the 6 rows of line spacing under the glyphs are blank");
});

test("a character without a glyph is drawn as the font's question mark, ？ for a wide one; tall doubles the height", (t) => {
  const font = glyphFontFromHex([hexLine(0x41, DIAGONAL), hexLine(0xff1f, WIDE_SQUARE), hexLine(0x3f, NARROW_BOX)]);
  const line = rasterText("한\u0301", font, PROFILE_58MM.fontA, { lineHeight: 30, tall: true });
  t.is(line.replaced, 2);
  t.is(line.width, 36, "한 (wide) two columns, the combining accent one");
  t.is(line.height, 48);
  const same = rasterText("？?", font, PROFILE_58MM.fontA, { lineHeight: 30, tall: true });
  t.is(same.replaced, 0);
  t.deepEqual(line.bits, same.bits);
});

test("no glyph font, no Chinese font: every line printed as code page 437 text, each Chinese character a ?, fields still as wide as the paper", (t) => {
  const { commands, job } = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "merchant" }), { profile: printerProfile(58), language: "both" });
  t.false(commands.some((c) => c.type === "image"), "no raster image");
  const bytes = asciiOf(job.bytes);
  t.true(bytes.includes("CARD NO. ??     620000******0005"), "卡号 as ??, the PAN at the right edge of 32 columns");
  t.true(bytes.includes("AUTH CODE ???             123456"));
  t.true(job.replaced > 0);
});

test("a glyph font drawn by hand: the lines with Chinese are raster images as wide as the paper, the others text", (t) => {
  const { commands } = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "merchant" }), { profile: printerProfile(58), glyphs: BOX_FONT, language: "both" });
  const images = commands.flatMap((c) => (c.type === "image" ? [c] : []));
  t.true(images.length > 0);
  t.true(images.some((c) => c.width === 384 && c.height === 30), "a field: 32 columns of 12 dots, one line of 30 dots");
  t.false(commands.some((c) => c.type === "text" && c.text.includes("620000******0005")), "the card number shares the raster line of CARD NO. 卡号");
  t.true(commands.some((c) => c.type === "text" && c.text === "PIN VERIFIED"), "an English-only line stays text");
});
