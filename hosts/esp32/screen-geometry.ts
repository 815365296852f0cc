import type { GraphicGeometry } from "../../modules/display/geometry.ts";

/** One line of the layout: Unifont's 16 rows and 8 rows of leading. */
export const LINE_PX = 24;
/** A narrow cell across: Unifont's half-width glyphs (ASCII) are 8 px, its full-width ones (CJK) 16. */
export const NARROW_PX = 8;

/**
 * The board's screen as modules/display lays it out for `PocoDisplay`
 * (poco-display.ts): 320×240 (the ILI9341 turned to landscape) in cells
 * of 8×24 px, the 16 px Unifont glyphs of the image's
 * `receipt-glyphs.bin` drawn 1:1 — 40 narrow columns (20 Chinese
 * characters) by 10 rows. Apart from poco-display.ts so that tests on
 * Node can lay messages out on it.
 */
export const SCREEN_GEOMETRY: GraphicGeometry = { kind: "graphic", widthPx: 320, heightPx: 240, font: { narrowPx: NARROW_PX, heightPx: LINE_PX } };
