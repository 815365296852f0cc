/**
 * A line of text drawn as a raster image, for a printer that has no font
 * for some of its characters. Each glyph (16 rows, 8 or 16 dots) is
 * scaled to the printer font's cell (font A 12 × 24: one and a half
 * times), so a raster line lines up column for column with printed text.
 */
import type { FontCell } from "../escpos/profile.ts";
import { ReceiptError } from "./error.ts";
import type { GlyphFont } from "./glyph-font.ts";
import { BOX_NARROW } from "./glyph-line.ts";
import { isWide } from "./measure.ts";

/** A 1-bit image as the encoder's `image` command takes it: rows of ceil(width / 8) bytes, MSB leftmost. */
export interface RasterLine {
  width: number;
  height: number;
  bits: Uint8Array;
  /** characters without a glyph, drawn as a question mark */
  replaced: number;
}

/** Drawn when the font lacks even a full-width question mark: a hollow box, 16 dots wide ({@link BOX_NARROW} for a narrow character). */
const BOX_WIDE = Uint8Array.of(
  0, 0, 0, 0, 0x7f, 0xfe, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02,
  0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x02, 0x7f, 0xfe, 0, 0, 0, 0,
);

/**
 * Draws `text` in `cell`s: one cell a glyph 8 dots wide, two a glyph 16
 * wide; a character without a glyph is the font's question mark (`？`
 * for a wide one). `tall` doubles the height, `bold` thickens strokes by
 * a dot. The image is `lineHeight` high at least (the printer's line
 * spacing), the glyphs at its top as a printer places characters.
 */
export function rasterText(text: string, font: GlyphFont, cell: FontCell, options: { bold?: boolean; tall?: boolean; lineHeight: number }): RasterLine {
  const cellWidth = cell.width;
  // the accumulator below keeps fewer than 8 + 2 × cellWidth live bits in 32 (one cell at a time above 12 dots)
  if (!(cellWidth >= 1 && cellWidth <= 24)) throw new ReceiptError("RECEIPT_OPTIONS", `a font cell ${String(cellWidth)} dots wide: raster lines take 1 to 24`);
  // the line's cells (a narrow glyph, or each half of a wide one) column by column: 16 bytes a cell, its rows
  // in order, so that a row of the line reads every 16th byte; a UTF-16 unit makes at most two cells
  const cellRows = new Uint8Array(text.length * 32);
  // blank cells (the spaces that pad fields and columns), whose runs only move the pen
  const blank: boolean[] = [];
  let blanks = 0;
  let cells = 0;
  let replaced = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    let glyph = font.glyph(cp);
    if (!glyph) {
      replaced++;
      glyph = isWide(cp) ? font.glyph(0xff1f) ?? BOX_WIDE : font.glyph(0x3f) ?? BOX_NARROW;
    }
    const empty = (cp === 0x20 || cp === 0xa0 || cp === 0x3000) && isBlank(glyph);
    if (empty) blanks++;
    if (glyph.length === 32) {
      // a wide glyph's rows are 2 bytes, left half first: one cell each
      const left = cells * 16;
      for (let r = 0; r < 16; r++) {
        cellRows[left + r] = glyph[2 * r];
        cellRows[left + 16 + r] = glyph[2 * r + 1];
      }
      blank[cells++] = empty;
      blank[cells++] = empty;
    } else {
      if (!empty) cellRows.set(glyph, cells * 16);
      blank[cells++] = empty;
    }
  }
  /** for each cell, the blank cells from it on (0 for a cell with dots) */
  const blankRun: number[] = [];
  if (blanks) {
    let run = 0;
    for (let c = cells - 1; c >= 0; c--) blankRun[c] = run = blank[c] ? run + 1 : 0;
  }
  const glyphHeight = cell.height * (options.tall ? 2 : 1);
  const width = Math.max(1, cells * cellWidth);
  const height = Math.max(options.lineHeight, glyphHeight);
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * height);
  const expand = expansion(cellWidth);
  const paired = cellWidth <= 12;
  const pairWidth = 2 * cellWidth;
  const wholeBytes = pairWidth === 24;
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
    // the row's dots left to right through an accumulator, each byte written once as it fills; bits
    // shifted out of the 32-bit accumulator are already written, and a byte store keeps the low 8 bits
    let acc = 0;
    let held = 0;
    let out = at;
    let k = sy;
    for (let c = 0; c < cells; c++, k += 16) {
      const run = blanks ? blankRun[c] : 0;
      if (run > 1) {
        // the pending byte ends with zeros, whole zero bytes are already zero, the rest is pending
        let gap = run * cellWidth;
        c += run - 1;
        k += (run - 1) * 16;
        if (held > 0) {
          const fill = 8 - held;
          if (gap < fill) {
            acc <<= gap;
            held += gap;
            continue;
          }
          bits[out++] = acc << fill;
          gap -= fill;
        }
        out += gap >> 3;
        held = gap & 7;
        acc = 0;
        continue;
      }
      if (paired && c + 1 < cells) {
        // two cells at once: 2 × cellWidth (at most 24) bits join fewer than 8 held
        acc = (acc << pairWidth) | (expand[cellRows[k]] << cellWidth) | expand[cellRows[k + 16]];
        c++;
        k += 16;
        if (wholeBytes) {
          // font A's pair is 24 dots, three whole bytes: what is held stays as many bits
          bits[out] = acc >>> (held + 16);
          bits[out + 1] = acc >>> (held + 8);
          bits[out + 2] = acc >>> held;
          out += 3;
          continue;
        }
        held += pairWidth;
      } else {
        acc = (acc << cellWidth) | expand[cellRows[k]];
        held += cellWidth;
      }
      while (held >= 8) {
        held -= 8;
        bits[out++] = acc >>> held;
      }
    }
    if (held > 0) bits[out] = acc << (8 - held);
    if (options.bold) embolden(bits, at, rowBytes);
    drawnRow = sy;
    drawnAt = at;
  }
  return { width, height, bits, replaced };
}

/** True for a glyph without a dot. */
function isBlank(glyph: Uint8Array): boolean {
  for (let i = 0; i < glyph.length; i++) if (glyph[i] !== 0) return false;
  return true;
}

// made on first use, in RAM: the Moddable linker freezes a Map a preloaded module holds
let expansions: Map<number, Uint32Array> | undefined;

/** For each glyph byte (8 dots), its dots stretched to `cellWidth` (nearest neighbour), in the low bits, leftmost highest. */
function expansion(cellWidth: number): Uint32Array {
  expansions ??= new Map();
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

/** Each dot also inks the dot to its right: strokes a dot thicker, as emphasized print. */
function embolden(bits: Uint8Array, row: number, rowBytes: number): void {
  let carry = 0;
  for (let i = 0; i < rowBytes; i++) {
    const b = bits[row + i];
    bits[row + i] = b | (b >> 1) | carry;
    carry = (b & 1) << 7;
  }
}
