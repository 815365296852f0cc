import { EN } from "./catalogue-en.ts";
import { ZH } from "./catalogue-zh.ts";
import type { Catalogues } from "./catalogue.ts";
import { checkMessage } from "./check-message.ts";
import { DisplayError } from "./error.ts";
import { FONT_8X16, gridOf, type Geometry, type GraphicGeometry } from "./geometry.ts";
import { languagesOf, type Language, type LanguageMode } from "./language.ts";
import { layoutScreen, type Row } from "./layout.ts";
import type { Message } from "./message.ts";
import type { Screen } from "./screen.ts";
import { textWidth } from "./text-width.ts";

const CATALOGUES: Catalogues = { en: EN, zh: ZH };

/**
 * `message` in `language` as logical lines, before layout. Throws a
 * `DisplayError` for a message outside the catalogue or an argument out of
 * range.
 */
export function screenOf(message: Message, language: Language): Screen {
  checkMessage(message);
  if (language !== "en" && language !== "zh") throw new DisplayError("DISPLAY_LANGUAGE", "language must be en or zh");
  return write(message, language);
}

function write(message: Message, language: Language): Screen {
  return (CATALOGUES[language][message.id] as (m: Message) => Screen)(message);
}

/**
 * The pages of `message` on `geometry`, in `mode`, as rows placed by
 * column. Throws a `DisplayError` for a bad message, size or mode.
 *
 * Bilingual modes stack the two languages, primary on the top half of the
 * rows and the other below, when each fits its half on one page without
 * leaving a line out (on 2×16: the one-line messages). Otherwise the pages
 * of the primary language come first and those of the other follow, each
 * laid out on the whole screen: a display that turns pages alternates the
 * languages.
 */
export function layoutMessage(message: Message, mode: LanguageMode, geometry: Geometry): Row[][] {
  const { rows, columns } = gridOf(geometry);
  const languages = languagesOf(mode);
  checkMessage(message);
  const screens = languages.map((language) => write(message, language));
  if (screens.length === 1) return layoutScreen(screens[0], rows, columns).pages;
  const top = Math.floor(rows / 2);
  if (top >= 1) {
    const upper = layoutScreen(screens[0], top, columns);
    const lower = layoutScreen(screens[1], rows - top, columns);
    if (upper.pages.length === 1 && lower.pages.length === 1 && upper.dropped === 0 && lower.dropped === 0) {
      return [upper.pages[0].concat(lower.pages[0])];
    }
  }
  return screens.flatMap((screen) => layoutScreen(screen, rows, columns).pages);
}

function asLine(row: Row): string {
  return " ".repeat(row.x) + row.text;
}

/** One row of text placed on a graphic display, in pixels. */
export interface GraphicRow {
  text: string;
  /** left edge of the first glyph */
  x: number;
  /** top edge of the row */
  y: number;
  /** width of the text: narrow glyphs × narrowPx + wide glyphs × 2 × narrowPx */
  width: number;
}

/**
 * `message` on a graphic display in a fixed-width font: pages of rows
 * placed in pixels (the layout, not the glyphs). The display holds
 * `floor(widthPx / narrowPx)` narrow glyphs across and
 * `floor(heightPx / heightPx of the font)` rows.
 */
export function renderGraphic(message: Message, mode: LanguageMode, geometry: GraphicGeometry): GraphicRow[][] {
  if (geometry?.kind !== "graphic") throw new DisplayError("DISPLAY_GEOMETRY", `renderGraphic needs a geometry of kind "graphic"`);
  const font = geometry.font ?? FONT_8X16;
  return layoutMessage(message, mode, geometry).map((page) =>
    page.map((row, i) => ({ text: row.text, x: row.x * font.narrowPx, y: i * font.heightPx, width: textWidth(row.text) * font.narrowPx })),
  );
}

/**
 * `message` as lines of text: pages of at most `rows` strings, each at
 * most `columns` wide (a CJK character counting two), aligned with leading
 * spaces, no trailing ones. For a character display this is the rendering;
 * for a graphic one, the row positions of {@link renderGraphic} become
 * leading spaces of the narrow font.
 */
export function renderLines(message: Message, mode: LanguageMode, geometry: Geometry): string[][] {
  return layoutMessage(message, mode, geometry).map((page) => page.map(asLine));
}
