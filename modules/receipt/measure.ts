/**
 * How wide text prints, in character columns, so that layout can align
 * it. The rules follow modules/escpos's encoder: a line every character of
 * which the printer's code page holds is sent in it (one column a character);
 * otherwise a Chinese model gets GB18030 (ASCII one column, anything else
 * two: the table's character or a full-width question mark), any other
 * printer given a {@link GlyphFont} a raster image of the line (one
 * column a glyph 8 dots wide, two a glyph 16 wide), and a printer with
 * neither the code page with `?` for each character it lacks (one column).
 */
import { loadCodePage, type CodePage } from "../escpos/code-page.ts";
import type { GbTable } from "../escpos/gb-table.ts";
import { fitsCodePage } from "../escpos/text-encoding.ts";
import type { GlyphFont } from "./glyph-font.ts";

/** How one printed line goes to the printer. */
export type LineMode = "code-page" | "gb18030" | "raster";

/** Code point ranges that are wide (two columns) in East Asian text: what a missing glyph stands for. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f], [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe30, 0xfe4f], [0xff00, 0xff60], [0xffe0, 0xffe6], [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff], [0x20000, 0x3fffd],
];

/** True for a code point in an East Asian wide range. */
export function isWide(cp: number): boolean {
  // nothing below U+1100 is wide: Latin, Greek, Cyrillic and the rest of the receipt's text end here
  if (cp < 0x1100) return false;
  for (let i = 0; i < WIDE.length; i++) if (cp >= WIDE[i][0] && cp <= WIDE[i][1]) return true;
  return false;
}

/** Measures text for one printer: the mode each line will go in, and columns. */
export class TextMeasure {
  /** `gb18030` on a Chinese model given its table, else `raster` when there are glyphs, else `code-page` */
  readonly target: LineMode;
  readonly #glyphs: GlyphFont | undefined;
  readonly #page: CodePage;

  /**
   * @param chinese - the printer has a Chinese font
   * @param gb - its GB18030 table (without it a Chinese model is treated as any other)
   * @param glyphs - the font of the raster fallback; without it, the lines the code page
   *   cannot hold go in the code page anyway, each character it lacks printed as `?`
   * @param codePage - the printer's code page (default 437)
   */
  constructor(chinese: boolean, gb: GbTable | undefined, glyphs?: GlyphFont, codePage: CodePage = loadCodePage("cp437")) {
    this.target = chinese && gb ? "gb18030" : glyphs ? "raster" : "code-page";
    this.#glyphs = glyphs;
    this.#page = codePage;
  }

  /** The mode a whole line goes in. */
  mode(text: string): LineMode {
    return fitsCodePage(text, this.#page) ? "code-page" : this.target;
  }

  /** Columns of one character in a mode. */
  charColumns(cp: number, mode: LineMode): number {
    if (mode === "code-page" || cp < 0x80) return 1;
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
   * which is never narrower than the code page. Column widths of tables
   * and wrapping use this.
   */
  widest(text: string): number {
    return this.columns(text, this.target);
  }
}
