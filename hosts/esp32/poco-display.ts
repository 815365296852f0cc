import Poco from "commodetto/Poco";
import parseBMF from "commodetto/parseBMF";
import Resource from "Resource";
import type { Display } from "../../modules/core/ports.ts";
import type { GraphicGeometry } from "../../modules/display/geometry.ts";

/** The font compiled into the image (manifest.json `resources`, `*-mask`): OpenSans Semibold 16 px from the SDK's assets. */
const FONT_RESOURCE = "OpenSans-Semibold-16.bf4";
/** One line of the layout: the font's 16 px and 8 px of leading. */
const LINE_PX = 24;
/** One cell of the layout across: OpenSans is proportional, and its widest capitals take about 12 px at this size. */
const CELL_PX = 12;

/**
 * The screen as modules/display lays it out for {@link PocoDisplay}:
 * 320×240 (the ILI9341 turned to landscape) in cells of 12×24 px, 26
 * columns by 10 rows.
 */
export const SCREEN_GEOMETRY: GraphicGeometry = { kind: "graphic", widthPx: 320, heightPx: 240, font: { narrowPx: CELL_PX, heightPx: LINE_PX } };

/**
 * The line {@link Display} on the board's LCD: Poco (Moddable's
 * renderer) on the `screen` the SDK's commodetto set-up opens from
 * manifest.json (`config.screen`: the ILI9341 driver). Each `show`
 * clears the screen and draws the lines top down, white on black. A
 * line wider than the screen (proportional glyphs wider than their cell)
 * is cut by Poco's `drawText` at the screen's edge with an ellipsis.
 *
 * The font has Latin glyphs only: the board shows English (board.ts);
 * Chinese needs a GB2312 font in the resources.
 */
export class PocoDisplay implements Display {
  readonly #poco = new Poco(screen);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly #font: any = parseBMF(new Resource(FONT_RESOURCE));
  readonly #background = this.#poco.makeColor(0, 0, 0);
  readonly #foreground = this.#poco.makeColor(255, 255, 255);

  show(lines: string[]): void {
    const poco = this.#poco;
    poco.begin();
    poco.fillRectangle(this.#background, 0, 0, poco.width, poco.height);
    const top = Math.floor((LINE_PX - this.#font.height) / 2);
    for (let i = 0; i < lines.length; i++) {
      poco.drawText(lines[i], this.#font, this.#foreground, 0, i * LINE_PX + top, poco.width);
    }
    poco.end();
  }
}
