/**
 * A line of text in glyph cells (modules/receipt glyph-line.ts), as the
 * board's screen draws it: cells by modules/display's columns, the glyph
 * bytes of the font itself, the replacement, the cut at the screen's
 * width. Glyphs are GNU Unifont's, copied from its .hex file: XS has no
 * file system to read it from.
 */
import test from "ava";
import { GLYPH_RECORD_BYTES, glyphFontFromBytes, glyphFontFromHex } from "../../../modules/receipt/glyph-font.ts";
import { layoutGlyphLine } from "../../../modules/receipt/glyph-line.ts";

// GNU Unifont 15.0.01 (Debian package unifont 1:15.0.01-2), /usr/share/unifont/unifont.hex, the lines of
// U+4E2D 中, U+0041 A, U+003F ?, U+FF1F ？, U+20AC € and U+0020 space, as they stand in the file
const UNIFONT_4E2D = "4E2D:01000100010001003FF8210821082108210821083FF821080100010001000100";
const UNIFONT_0041 = "0041:0000000018242442427E424242420000";
const UNIFONT_003F = "003F:000000003C4242020408080008080000";
const UNIFONT_FF1F = "FF1F:00000000000000000FF0300C300C000C003000C000C0000000C000C000000000";
const UNIFONT_20AC = "20AC:000000000C12207C207C2020120C0000";
const UNIFONT_0020 = "0020:00000000000000000000000000000000";

/** The glyph bytes of a .hex line: the hex digits after the colon, two a byte. */
function rowsOf(line: string): number[] {
  const digits = line.slice(line.indexOf(":") + 1);
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2), 16));
  return out;
}

const UNIFONT = glyphFontFromHex([UNIFONT_4E2D, UNIFONT_0041, UNIFONT_003F, UNIFONT_FF1F, UNIFONT_20AC, UNIFONT_0020]);

test("中 from Unifont's .hex: its row 4 is 3FF8 (the box's top), row 0 is 0100 (the stroke above it), 32 bytes", (t) => {
  const rows = rowsOf(UNIFONT_4E2D);
  t.is(rows.length, 32);
  t.deepEqual(rows.slice(0, 2), [0x01, 0x00]);
  t.deepEqual(rows.slice(8, 10), [0x3f, 0xf8]);
});

test("A中: A in an 8-dot cell at 0, 中 in a 16-dot cell at 8, each with Unifont's own bytes; the line 24 dots, nothing replaced or cut", (t) => {
  const line = layoutGlyphLine("A中", UNIFONT, 320);
  t.is(line.glyphs.length, 2);
  const [a, zhong] = line.glyphs;
  t.deepEqual({ cp: a.codePoint, x: a.x, width: a.width, dots: a.dots, glyphX: a.glyphX, replaced: a.replaced }, { cp: 0x41, x: 0, width: 8, dots: 8, glyphX: 0, replaced: false });
  t.deepEqual([...a.glyph], rowsOf(UNIFONT_0041));
  t.deepEqual({ cp: zhong.codePoint, x: zhong.x, width: zhong.width, dots: zhong.dots, glyphX: zhong.glyphX }, { cp: 0x4e2d, x: 8, width: 16, dots: 16, glyphX: 8 });
  t.deepEqual([...zhong.glyph], rowsOf(UNIFONT_4E2D));
  t.deepEqual({ width: line.width, replaced: line.replaced, cut: line.cut }, { width: 24, replaced: 0, cut: false });
});

test("glyphs read from the flash records are views of them: 中's bytes at its record's offset + 4, in the same buffer", (t) => {
  // records as tools/cut-glyphs.ts writes them: code point (3 bytes), width in bytes a row, 32 bytes of glyph
  const bytes = new Uint8Array(2 * GLYPH_RECORD_BYTES);
  bytes.set([0, 0, 0x41, 1, ...rowsOf(UNIFONT_0041)], 0);
  bytes.set([0, 0x4e, 0x2d, 2, ...rowsOf(UNIFONT_4E2D)], GLYPH_RECORD_BYTES);
  const line = layoutGlyphLine("中A", glyphFontFromBytes(bytes), 320);
  const [zhong, a] = line.glyphs;
  t.is(zhong.glyph.buffer, bytes.buffer);
  t.is(zhong.glyph.byteOffset, GLYPH_RECORD_BYTES + 4);
  t.is(zhong.glyph.length, 32);
  t.deepEqual([...zhong.glyph], rowsOf(UNIFONT_4E2D));
  t.is(a.glyph.byteOffset, 4);
  t.is(a.glyph.length, 16, "a narrow record's 16 trailing zeros are not part of its glyph");
  t.is(a.x, 16);
});

test("€ (Unifont 8 dots wide) takes the display's two columns: a 16-dot cell with the glyph 4 dots in", (t) => {
  const line = layoutGlyphLine("€A", UNIFONT, 320);
  t.deepEqual(line.glyphs.map((g) => [g.x, g.width, g.dots, g.glyphX]), [[0, 16, 8, 4], [16, 8, 8, 16]]);
  t.deepEqual([...line.glyphs[0].glyph], rowsOf(UNIFONT_20AC));
});

test("a character without a glyph: ？ in a wide cell, ? in a narrow one, counted; a character outside the BMP is one wide cell", (t) => {
  const line = layoutGlyphLine("한B\u{20000}", UNIFONT, 320);
  t.is(line.glyphs.length, 3);
  t.deepEqual(line.glyphs.map((g) => [g.codePoint, g.x, g.width, g.replaced]), [[0xd55c, 0, 16, true], [0x42, 16, 8, true], [0x20000, 24, 16, true]]);
  t.deepEqual([...line.glyphs[0].glyph], rowsOf(UNIFONT_FF1F));
  t.deepEqual([...line.glyphs[1].glyph], rowsOf(UNIFONT_003F));
  t.deepEqual([...line.glyphs[2].glyph], rowsOf(UNIFONT_FF1F));
  t.is(line.replaced, 3);
  t.is(line.width, 40);
});

test("a font without question marks: the replacement is a box with dots, 8 dots for a narrow cell and 16 for a wide one", (t) => {
  const font = glyphFontFromHex([UNIFONT_0041]);
  const [narrow, wide] = layoutGlyphLine("B中", font, 320).glyphs;
  t.deepEqual([narrow.dots, narrow.glyph.length, wide.dots, wide.glyph.length], [8, 16, 16, 32]);
  t.true(narrow.glyph.some((b) => b !== 0));
  t.true(wide.glyph.some((b) => b !== 0));
  t.true(narrow.replaced && wide.replaced);
});

test("the cut at the screen's width: 中 that would end at 24 past 20 goes with all after it; a line ending exactly at the width is whole", (t) => {
  const cut = layoutGlyphLine("A中A", UNIFONT, 20);
  t.deepEqual(cut.glyphs.map((g) => g.codePoint), [0x41]);
  t.deepEqual({ width: cut.width, cut: cut.cut }, { width: 8, cut: true });
  const exact = layoutGlyphLine("A中", UNIFONT, 24);
  t.deepEqual({ kept: exact.glyphs.length, width: exact.width, cut: exact.cut }, { kept: 2, width: 24, cut: false });
  const screen = layoutGlyphLine("A".repeat(41), UNIFONT, 320);
  t.deepEqual({ kept: screen.glyphs.length, cut: screen.cut }, { kept: 40, cut: true }, "320 dots hold 40 narrow cells");
  t.is(layoutGlyphLine("A中A", UNIFONT, 20).replaced, 0, "a cut character is not counted as replaced");
});

test("leading spaces (the display's alignment) move the next glyph by 8 dots each; an empty line is empty", (t) => {
  const line = layoutGlyphLine("  中", UNIFONT, 320);
  t.deepEqual(line.glyphs.map((g) => g.x), [0, 8, 16]);
  t.deepEqual(layoutGlyphLine("", UNIFONT, 320), { glyphs: [], width: 0, replaced: 0, cut: false });
});

test("RECEIPT_OPTIONS for a width that is negative, fractional, not a number or past 65535", (t) => {
  for (const width of [-1, 1.5, Number.NaN, 65536]) {
    const e = t.throws(() => layoutGlyphLine("A", UNIFONT, width));
    t.is((e as { code?: string }).code, "RECEIPT_OPTIONS", String(width));
  }
});
