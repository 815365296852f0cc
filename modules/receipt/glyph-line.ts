/**
 * A line of text placed in glyph cells, for a graphic screen that draws
 * the same glyphs as the receipt's raster lines (the device's
 * `receipt-glyphs.bin`). The cells follow modules/display's columns: a
 * printable ASCII character takes one narrow cell (8 dots), anything
 * else two (16 dots), so a row the display module laid out in columns
 * lands on the same pixels. Nothing is drawn here: the host draws each
 * glyph's bytes where the layout puts them.
 */
import { charWidth } from "../display/text-width.ts";
import { ReceiptError } from "./error.ts";
import type { GlyphFont } from "./glyph-font.ts";

/** Dots across a narrow cell: a glyph 8 dots wide, as Unifont's half-width glyphs. */
export const NARROW_CELL_DOTS = 8;
/** Dots down every glyph (Unifont's 16). */
export const GLYPH_ROWS = 16;

/** One character of a {@link GlyphLine}. */
export interface PlacedGlyph {
  /** the character's code point (what is drawn may be the replacement) */
  codePoint: number;
  /** the cell's left edge, dots from the line's start */
  x: number;
  /** the cell's width in dots: 8 for printable ASCII, 16 for anything else (never less than the glyph) */
  width: number;
  /** the glyph's 16 rows, 1 byte a row (8 dots) or 2 (16 dots), leftmost dot in the high bit: the font's own bytes, not a copy */
  glyph: Uint8Array;
  /** dots across the glyph: 8 or 16 */
  dots: 8 | 16;
  /** where the glyph's left column goes: the cell's left edge, or inside it so that a narrow glyph sits in the middle of a wide cell */
  glyphX: number;
  /** the font had no glyph for the character: `glyph` is the replacement */
  replaced: boolean;
}

/** A line of text in glyph cells, cut at the width it was given. */
export interface GlyphLine {
  /** the characters kept, left to right */
  glyphs: PlacedGlyph[];
  /** dots across the kept characters */
  width: number;
  /** characters drawn as the replacement */
  replaced: number;
  /** characters past the width were left out */
  cut: boolean;
}

/** The replacement when the font lacks even a question mark: a hollow box 8 dots wide. */
export const BOX_NARROW = Uint8Array.of(0, 0, 0, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x7e, 0, 0, 0);
/** The same box 16 dots wide. */
const BOX_WIDE = Uint8Array.of(
  0, 0, 0, 0, 0, 0, 0x3f, 0xfc, 0x20, 0x04, 0x20, 0x04, 0x20, 0x04, 0x20, 0x04,
  0x20, 0x04, 0x20, 0x04, 0x20, 0x04, 0x20, 0x04, 0x3f, 0xfc, 0, 0, 0, 0, 0, 0,
);
const QUESTION = 0x3f;
const FULLWIDTH_QUESTION = 0xff1f;

/**
 * Places `text` in glyph cells of `font` from the left, up to `maxWidth`
 * dots (the screen's width): each character's cell, its glyph and where
 * the glyph goes in the cell. A character the font has no glyph for is
 * drawn as the font's question mark (`？` in a wide cell, `?` in a narrow
 * one; a hollow box when the font lacks those too) and counted in
 * `replaced`. The first character whose cell would end past `maxWidth`
 * and all after it are left out (`cut`); no cell is split. A character
 * outside the BMP (a surrogate pair) is one character.
 *
 * @throws ReceiptError `RECEIPT_OPTIONS` unless `maxWidth` is an integer from 0 to 65535
 */
export function layoutGlyphLine(text: string, font: GlyphFont, maxWidth: number): GlyphLine {
  if (!Number.isInteger(maxWidth) || maxWidth < 0 || maxWidth > 0xffff) {
    throw new ReceiptError("RECEIPT_OPTIONS", `a glyph line's width must be an integer from 0 to 65535 dots (got ${String(maxWidth)})`);
  }
  if (typeof text !== "string") throw new ReceiptError("RECEIPT_OPTIONS", "a glyph line's text must be a string");
  const glyphs: PlacedGlyph[] = [];
  let x = 0;
  let replaced = 0;
  let cut = false;
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    const columns = charWidth(codePoint);
    let glyph = font.glyph(codePoint);
    const missing = glyph === undefined || !(glyph.length === 16 || glyph.length === 32);
    if (missing) glyph = replacement(font, columns);
    const dots: 8 | 16 = glyph!.length === 32 ? 16 : 8;
    const width = Math.max(columns * NARROW_CELL_DOTS, dots);
    if (x + width > maxWidth) {
      cut = true;
      break;
    }
    if (missing) replaced++;
    glyphs.push({ codePoint, x, width, glyph: glyph!, dots, glyphX: x + ((width - dots) >> 1), replaced: missing });
    x += width;
  }
  return { glyphs, width: x, replaced, cut };
}

/** What a character without a glyph is drawn as, for a cell of `columns`. */
function replacement(font: GlyphFont, columns: 1 | 2): Uint8Array {
  const mark = font.glyph(columns === 2 ? FULLWIDTH_QUESTION : QUESTION);
  if (mark && mark.length === columns * 16) return mark;
  return columns === 2 ? BOX_WIDE : BOX_NARROW;
}
