/**
 * A line of text drawn as a raster image, for a printer that has no font
 * for some of its characters. Each glyph (16 rows, 8 or 16 dots) is
 * scaled to the printer font's cell (font A 12 × 24: one and a half
 * times), so a raster line lines up column for column with printed text.
 */
import type { FontCell } from "../escpos/profile.ts";
import type { GlyphFont } from "./glyph-font.ts";
import { isWide } from "./measure.ts";

/** A 1-bit image as the encoder's `image` command takes it: rows of ceil(width / 8) bytes, MSB leftmost. */
export interface RasterLine {
  width: number;
  height: number;
  bits: Uint8Array;
  /** characters without a glyph, drawn as a question mark */
  replaced: number;
}

/** Drawn when the font lacks even a question mark: a hollow box, 8 dots wide. */
const BOX_NARROW = Uint8Array.of(0, 0, 0, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x7e, 0, 0, 0);
const BOX_WIDE = Uint8Array.from({ length: 32 }, (_, i) => {
  const row = i >> 1;
  if (row < 2 || row > 13) return 0;
  if (row === 2 || row === 13) return i & 1 ? 0xfe : 0x7f;
  return i & 1 ? 0x02 : 0x40;
});

/**
 * Draws `text` in `cell`s: one cell a glyph 8 dots wide, two a glyph 16
 * wide; a character without a glyph is the font's question mark (`？`
 * for a wide one). `tall` doubles the height, `bold` thickens strokes by
 * a dot. The image is `lineHeight` high at least (the printer's line
 * spacing), the glyphs at its top as a printer places characters.
 */
export function rasterText(text: string, font: GlyphFont, cell: FontCell, options: { bold?: boolean; tall?: boolean; lineHeight: number }): RasterLine {
  const glyphs: Uint8Array[] = [];
  let replaced = 0;
  let columns = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    let glyph = font.glyph(cp);
    if (!glyph) {
      replaced++;
      glyph = isWide(cp) ? font.glyph(0xff1f) ?? BOX_WIDE : font.glyph(0x3f) ?? BOX_NARROW;
    }
    glyphs.push(glyph);
    columns += glyph.length === 32 ? 2 : 1;
  }
  const glyphHeight = cell.height * (options.tall ? 2 : 1);
  const width = Math.max(1, columns * cell.width);
  const height = Math.max(options.lineHeight, glyphHeight);
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * height);
  const expand = expansion(cell.width);
  // each of the 16 glyph rows is drawn once, then copied to the target rows that show it
  let drawnRow = -1;
  let drawnAt = 0;
  for (let y = 0; y < glyphHeight; y++) {
    const sy = Math.floor((y * 16) / glyphHeight);
    const at = y * rowBytes;
    if (sy === drawnRow) {
      bits.copyWithin(at, drawnAt, drawnAt + rowBytes);
      continue;
    }
    let x = 0;
    for (const glyph of glyphs) {
      const halves = glyph.length === 32 ? 2 : 1;
      for (let h = 0; h < halves; h++) {
        orBits(bits, at, rowBytes, x, expand[glyph[sy * halves + h]], cell.width);
        x += cell.width;
      }
    }
    if (options.bold) embolden(bits, at, rowBytes);
    drawnRow = sy;
    drawnAt = at;
  }
  return { width, height, bits, replaced };
}

const expansions = new Map<number, Uint32Array>();

/** For each glyph byte (8 dots), its dots stretched to `cellWidth` (nearest neighbour), in the low bits, leftmost highest. */
function expansion(cellWidth: number): Uint32Array {
  let table = expansions.get(cellWidth);
  if (table) return table;
  table = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let v = 0;
    for (let x = 0; x < cellWidth; x++) v = (v << 1) | ((byte >> (7 - Math.floor((x * 8) / cellWidth))) & 1);
    table[byte] = v;
  }
  expansions.set(cellWidth, table);
  return table;
}

/** ORs the `n` low bits of `value` (n at most 24) into a row at dot `x`. */
function orBits(bits: Uint8Array, row: number, rowBytes: number, x: number, value: number, n: number): void {
  if (!value) return;
  const first = x >> 3;
  // left-align the value in a 32-bit window that starts at byte `first`
  const window = (value << (32 - n - (x & 7))) >>> 0;
  for (let i = 0; i < 4 && first + i < rowBytes; i++) bits[row + first + i] |= (window >>> (24 - 8 * i)) & 0xff;
}

/** Each dot also inks the dot to its right: strokes a dot thicker, as emphasized print. */
function embolden(bits: Uint8Array, row: number, rowBytes: number): void {
  let carry = 0;
  for (let i = 0; i < rowBytes; i++) {
    const b = bits[row + i];
    bits[row + i] = b | (b >> 1) | carry;
    carry = (b & 1) << 7;
  }
}
