/**
 * How wide text prints, in character columns, so that layout can align
 * it. The rules follow modules/escpos's encoder: a line every character of
 * which code page 437 holds is sent in it (one column a character);
 * otherwise a Chinese model gets GB18030 (ASCII one column, anything else
 * two: the table's character or a full-width question mark), any other
 * printer given a {@link GlyphFont} a raster image of the line (one
 * column a glyph 8 dots wide, two a glyph 16 wide), and a printer with
 * neither code page 437 with `?` for each character it lacks (one column).
 */
import type { GbTable } from "../escpos/gb-table.ts";
import { PC437_HIGH } from "../escpos/pc437-table.ts";
import type { GlyphFont } from "./glyph-font.ts";

/** How one printed line goes to the printer. */
export type LineMode = "pc437" | "gb18030" | "raster";

const PC437 = new Set<number>();
for (const ch of PC437_HIGH) PC437.add(ch.codePointAt(0)!);

/** Code point ranges that are wide (two columns) in East Asian text: what a missing glyph stands for. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** True for a code point in an East Asian wide range. */
export function isWide(cp: number): boolean {
  for (const [from, to] of WIDE) if (cp >= from && cp <= to) return true;
  return false;
}

/** True when code page 437 holds the character (ASCII included). */
export function inPc437(cp: number): boolean {
  return (cp >= 0x20 && cp < 0x7f) || PC437.has(cp);
}

/** Measures text for one printer: the mode each line will go in, and columns. */
export class TextMeasure {
  /** `gb18030` on a Chinese model given its table, else `raster` when there are glyphs, else `pc437` */
  readonly target: LineMode;
  readonly #glyphs: GlyphFont | undefined;

  /**
   * @param chinese - the printer has a Chinese font
   * @param gb - its GB18030 table (without it a Chinese model is treated as any other)
   * @param glyphs - the font of the raster fallback; without it, the lines code page 437
   *   cannot hold go in code page 437 anyway, each character it lacks printed as `?`
   */
  constructor(chinese: boolean, gb: GbTable | undefined, glyphs?: GlyphFont) {
    this.target = chinese && gb ? "gb18030" : glyphs ? "raster" : "pc437";
    this.#glyphs = glyphs;
  }

  /** The mode a whole line goes in. */
  mode(text: string): LineMode {
    for (const ch of text) if (!inPc437(ch.codePointAt(0)!)) return this.target;
    return "pc437";
  }

  /** Columns of one character in a mode. */
  charColumns(cp: number, mode: LineMode): number {
    if (mode === "pc437" || cp < 0x80) return 1;
    if (mode === "gb18030") return 2;
    const glyph = this.#glyphs?.glyph(cp);
    if (glyph) return glyph.length === 32 ? 2 : 1;
    return isWide(cp) ? 2 : 1;
  }

  /** Columns of text in a mode (by default the mode of the text as a line of its own). */
  columns(text: string, mode: LineMode = this.mode(text)): number {
    let n = 0;
    for (const ch of text) n += this.charColumns(ch.codePointAt(0)!, mode);
    return n;
  }

  /**
   * Columns of text whatever line it ends up in: in the target's mode,
   * which is never narrower than code page 437. Column widths of tables
   * and wrapping use this.
   */
  widest(text: string): number {
    return this.columns(text, this.target);
  }
}
