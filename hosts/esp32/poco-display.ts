import Bitmap from "commodetto/Bitmap";
import Poco from "commodetto/Poco";
import parseBMF from "commodetto/parseBMF";
import Resource from "Resource";
import type { Display } from "../../modules/core/ports.ts";
import type { GlyphFont } from "../../modules/receipt/glyph-font.ts";
import { GLYPH_ROWS, layoutGlyphLine } from "../../modules/receipt/glyph-line.ts";
import { flashGlyphs } from "./printer-resources.ts";
import { LINE_PX } from "./screen-geometry.ts";

export { SCREEN_GEOMETRY } from "./screen-geometry.ts";

/** Only for an image built without Unifont (an empty glyph resource): OpenSans Semibold 16 px from the SDK's assets (`*-mask`), Latin only. */
const FALLBACK_FONT = "OpenSans-Semibold-16.bf4";
/** Rows of leading above a glyph: the 16 rows in the middle of the 24 px line. */
const GLYPH_TOP = (LINE_PX - GLYPH_ROWS) >> 1;
const SPACE = 0x20;
/**
 * Bytes of Poco's display list (the SDK's default is 1 024): it queues
 * each glyph as a command of some 24 bytes (32 on a 64-bit simulator,
 * for which Poco adds half) until `end`, so a full screen of glyphs
 * would overflow any list that fits the RAM. Each row is drawn in a
 * `begin`/`end` of its own, and a row holds at most 40 glyphs (SCREEN_GEOMETRY's
 * columns) and a fill: 2 KB, allocated by Poco from the C heap.
 */
const DISPLAY_LIST_BYTES = 2048;

/**
 * The line {@link Display} on the board's LCD: Poco (Moddable's
 * renderer) on the `screen` the SDK's commodetto set-up opens from
 * manifest.json (`config.screen`: the ILI9341 driver). Each `show`
 * clears the screen and draws the lines top down, white on black, in
 * the cells of {@link SCREEN_GEOMETRY}, a row at a time: each line through
 * `layoutGlyphLine` (modules/receipt), each glyph a 1-bit `Bitmap`
 * (format Monochrome) over the flash resource's bytes at the glyph's
 * offset, drawn 1:1 with `drawMonochrome` in the foreground colour only.
 * No glyph is copied; the only allocation a glyph costs is its `Bitmap`
 * object, garbage once drawn. A character the glyphs lack shows as
 * ？ or ?; a line wider than the screen is cut at its edge (modules/display
 * lays every message out to fit, so neither is expected).
 *
 * An image whose glyph resource is empty (built without Unifont:
 * tools/cut-glyphs.ts says so) draws with the SDK's OpenSans instead,
 * English only, cut by Poco at the screen's edge.
 */
export class PocoDisplay implements Display {
  readonly #poco = new Poco(screen, { displayListLength: DISPLAY_LIST_BYTES });
  readonly #glyphs: GlyphFont & { readonly size: number } = flashGlyphs();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  #fallback: any;
  readonly #background = this.#poco.makeColor(0, 0, 0);
  readonly #foreground = this.#poco.makeColor(255, 255, 255);

  /** True when the image carries glyphs (English and Chinese); false when it falls back to OpenSans (English only). */
  get hasGlyphs(): boolean {
    return this.#glyphs.size > 0;
  }

  show(lines: string[]): void {
    if (this.#glyphs.size > 0) this.#showGlyphs(lines);
    else this.#showFallback(lines);
  }

  /** Row by row, each in its own `begin`/`end` (DISPLAY_LIST_BYTES), the screen's every row cleared. */
  #showGlyphs(lines: string[]): void {
    const poco = this.#poco;
    const width = poco.width;
    for (let i = 0, top = 0; top < poco.height; i++, top += LINE_PX) {
      const height = Math.min(LINE_PX, poco.height - top);
      poco.begin(0, top, width, height);
      poco.fillRectangle(this.#background, 0, top, width, height);
      if (i < lines.length) {
        const { glyphs } = layoutGlyphLine(lines[i], this.#glyphs, width);
        for (let k = 0; k < glyphs.length; k++) {
          const g = glyphs[k];
          // the alignment's spaces are blank on the cleared row: no command for them
          if (g.codePoint === SPACE && !g.replaced) continue;
          const bits = g.glyph;
          poco.drawMonochrome(new Bitmap(g.dots, GLYPH_ROWS, Bitmap.Monochrome, bits.buffer, bits.byteOffset), this.#foreground, undefined, g.glyphX, top + GLYPH_TOP);
        }
      }
      poco.end();
    }
  }

  #showFallback(lines: string[]): void {
    const poco = this.#poco;
    this.#fallback ??= parseBMF(new Resource(FALLBACK_FONT));
    const font = this.#fallback;
    const top = Math.floor((LINE_PX - font.height) / 2);
    poco.begin();
    poco.fillRectangle(this.#background, 0, 0, poco.width, poco.height);
    for (let i = 0; i < lines.length; i++) poco.drawText(lines[i], font, this.#foreground, 0, i * LINE_PX + top, poco.width);
    poco.end();
  }
}
