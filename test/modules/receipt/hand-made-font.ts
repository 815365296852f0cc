/**
 * Glyphs drawn by hand for the receipt module's tests (no font's glyphs:
 * the project ships none), as .hex lines and as a whole-Unicode font of
 * boxes for layout on a printer without a Chinese font.
 */
import type { GlyphFont } from "../../../modules/receipt/glyph-font.ts";
import { isWide } from "../../../modules/receipt/measure.ts";

/** 8 × 16: a diagonal from the top-left dot down, one dot a row, wrapping every 8 rows (left and right, up and down tell apart). */
export const DIAGONAL = Uint8Array.from({ length: 16 }, (_, row) => 0x80 >> (row & 7));

/** 16 × 16: a frame along the top and the left edge, and a diagonal from top-left to bottom-right. */
export const CORNER = Uint8Array.from({ length: 32 }, (_, i) => {
  const row = i >> 1;
  const right = i & 1;
  if (row === 0) return 0xff;
  const diagonal = row < 8 ? (right ? 0 : 0x80 >> row) : right ? 0x80 >> (row - 8) : 0;
  return diagonal | (right ? 0 : 0x80);
});

/** 8 × 16: a narrow hollow box, a stand-in for a question mark. */
export const NARROW_BOX = Uint8Array.from({ length: 16 }, (_, row) => (row === 2 || row === 13 ? 0x7e : row > 2 && row < 13 ? 0x42 : 0));

/** 16 × 16: a wide filled square, a stand-in for the full-width question mark. */
export const WIDE_SQUARE = Uint8Array.from({ length: 32 }, (_, i) => (i >> 1 >= 2 && i >> 1 <= 13 ? (i & 1 ? 0xfc : 0x3f) : 0));

/** A .hex line (code point, colon, the rows in hex) of a glyph. */
export function hexLine(codePoint: number, glyph: Uint8Array): string {
  let hex = "";
  for (const b of glyph) hex += (b < 16 ? "0" : "") + b.toString(16).toUpperCase();
  return `${codePoint.toString(16).toUpperCase().padStart(4, "0")}:${hex}`;
}

/**
 * A box for every character: 16 dots wide for an East Asian wide one, 8
 * for the others, none for a control character (so the raster line's
 * replacement path is taken too).
 */
export const BOX_FONT: GlyphFont = {
  glyph: (cp) => (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? undefined : isWide(cp) ? WIDE_SQUARE : NARROW_BOX),
};
