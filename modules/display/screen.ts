/**
 * A message in one language, before it meets a screen size: logical lines,
 * each with the ways it can be written, widest first. The layout picks the
 * first way that fits a row and drops or pages lines when rows run out.
 *
 * `priority` says what may go: 0 is information that matters (never
 * dropped); a line with a higher number is dropped before one with a
 * lower number when the rows are too few.
 */

/** Where a line sits in its row. */
export type Align = "left" | "right" | "center";

/** A line of text. */
export interface TextLine {
  kind: "text";
  variants: readonly string[];
  priority: number;
  align: Align;
}

/** A label at the left and a value at the right of one row (an amount, a code, asterisks). */
export interface PairLine {
  kind: "pair";
  /** an empty label lets the value stand alone */
  labels: readonly string[];
  /** an empty value lets the label stand alone */
  values: readonly string[];
  priority: number;
}

/** Short items packed into rows, a space apart (menus, applications). */
export interface ItemsLine {
  kind: "items";
  /** per item, its variants widest first */
  items: readonly (readonly string[])[];
  priority: number;
}

/** One logical line of a {@link Screen}. */
export type ScreenLine = TextLine | PairLine | ItemsLine;

/** A message in one language: its lines in display order. */
export type Screen = readonly ScreenLine[];

/** A text line; `priority` 0 (the default) is never dropped. */
export function text(variants: readonly string[], priority = 0, align: Align = "left"): TextLine {
  return { kind: "text", variants, priority, align };
}

/** A centred text line. */
export function centred(variants: readonly string[], priority = 0): TextLine {
  return text(variants, priority, "center");
}

/** A right-aligned text line (amounts, keyed values). */
export function right(variants: readonly string[], priority = 0): TextLine {
  return text(variants, priority, "right");
}

/** A label and a value sharing a row. */
export function pair(labels: readonly string[], values: readonly string[], priority = 0): PairLine {
  return { kind: "pair", labels, values, priority };
}

/** Items packed into rows. */
export function items(list: readonly (readonly string[])[], priority = 0): ItemsLine {
  return { kind: "items", items: list, priority };
}

/**
 * A screen of the lines given, the ones left out skipped: a line that
 * only some of a message's arguments call for is written
 * `condition && line`.
 */
export function screen(...lines: (ScreenLine | false | undefined | "")[]): Screen {
  return lines.filter((line): line is ScreenLine => !!line);
}
