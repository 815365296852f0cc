import { DisplayError } from "./error.ts";
import { isIntegerIn } from "../core/integers.ts";

/** A character display: `rows` × `columns` cells, a CJK character taking two cells (2×16, 4×20, ...). */
export interface CharacterGeometry {
  kind: "character";
  rows: number;
  columns: number;
}

/** A fixed-width font pair: narrow glyphs (ASCII) `narrowPx` wide, wide glyphs (CJK) twice that; both `heightPx` high. */
export interface FixedFont {
  narrowPx: number;
  heightPx: number;
}

/** The usual pair: 8×16 ASCII and 16×16 CJK (GB2312). */
export const FONT_8X16: FixedFont = { narrowPx: 8, heightPx: 16 };

/** A graphic display `widthPx` × `heightPx`, written in a {@link FixedFont} (default {@link FONT_8X16}). */
export interface GraphicGeometry {
  kind: "graphic";
  widthPx: number;
  heightPx: number;
  font?: FixedFont;
}

/** A display the messages can be laid out on. */
export type Geometry = CharacterGeometry | GraphicGeometry;

/** The grid a layout fills: rows, and columns of the narrow font. */
export interface Grid {
  rows: number;
  columns: number;
}

/** The fewest columns a layout accepts: every message is written to fit 16 (EMV Book 4's two lines of 16 characters). */
export const MIN_COLUMNS = 16;

function whole(value: unknown, low: number, high: number, what: string): number {
  if (!isIntegerIn(value, low, high)) {
    throw new DisplayError("DISPLAY_GEOMETRY", `${what} must be an integer from ${low} to ${high}`);
  }
  return value;
}

/**
 * The character grid of `geometry`, checked: 1 to 64 rows and 16 to 256
 * columns (for a graphic display, what its font leaves of its pixels).
 * Throws `DISPLAY_GEOMETRY` otherwise.
 */
export function gridOf(geometry: Geometry): Grid {
  if (typeof geometry !== "object" || geometry === null) throw new DisplayError("DISPLAY_GEOMETRY", "a display geometry is required");
  if (geometry.kind === "character") {
    return { rows: whole(geometry.rows, 1, 64, "rows"), columns: whole(geometry.columns, MIN_COLUMNS, 256, "columns") };
  }
  if (geometry.kind === "graphic") {
    const font = geometry.font ?? FONT_8X16;
    const narrow = whole(font?.narrowPx, 1, 64, "font.narrowPx");
    const high = whole(font?.heightPx, 1, 128, "font.heightPx");
    const width = whole(geometry.widthPx, 1, 8192, "widthPx");
    const height = whole(geometry.heightPx, 1, 8192, "heightPx");
    const columns = Math.floor(width / narrow);
    const rows = Math.floor(height / high);
    if (columns < MIN_COLUMNS || columns > 256 || rows < 1 || rows > 64) {
      throw new DisplayError("DISPLAY_GEOMETRY", `a graphic display must hold 16 to 256 narrow glyphs across and 1 to 64 rows (it holds ${columns} × ${rows})`);
    }
    return { rows, columns };
  }
  throw new DisplayError("DISPLAY_GEOMETRY", `geometry.kind must be "character" or "graphic"`);
}
