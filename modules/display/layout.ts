import { DisplayError } from "./error.ts";
import { right, text, type Align, type ItemsLine, type PairLine, type Screen, type ScreenLine, type TextLine } from "./screen.ts";
import { textWidth } from "./text-width.ts";
import { wrapText } from "./wrap.ts";
import { isIntegerIn } from "../core/integers.ts";

/** One row as laid out: its text and its first column (for right and centred lines). */
export interface Row {
  text: string;
  /** column of the first character, 0-based */
  x: number;
}

/** A screen laid out for a size: one or more pages of at most `rows` rows. */
export interface Layout {
  pages: Row[][];
  /** how many lines of priority above 0 were left out for want of rows */
  dropped: number;
}

function isNotEmpty(text: string): boolean {
  return text !== "";
}

function place(text: string, align: Align, columns: number): Row {
  const free = columns - textWidth(text);
  return { text, x: align === "right" ? free : align === "center" ? Math.floor(free / 2) : 0 };
}

function fitText(line: TextLine, columns: number): Row[] {
  for (let i = 0; i < line.variants.length; i++) {
    const v = line.variants[i];
    if (textWidth(v) <= columns) return [place(v, line.align, columns)];
  }
  return wrapText(line.variants[0] ?? "", columns).map((r) => place(r, line.align, columns));
}

function fitPair(line: PairLine, columns: number): Row[] {
  // the label is the last to shorten: each label is tried with every value before the next label
  for (let i = 0; i < line.labels.length; i++) {
    const label = line.labels[i];
    for (let j = 0; j < line.values.length; j++) {
      const value = line.values[j];
      const lw = textWidth(label);
      const vw = textWidth(value);
      if (label === "") {
        if (vw <= columns) return [place(value, "right", columns)];
      } else if (value === "") {
        if (lw <= columns) return [place(label, "left", columns)];
      } else if (lw + 1 + vw <= columns) {
        return [{ text: label + " ".repeat(columns - lw - vw) + value, x: 0 }];
      }
    }
  }
  // nothing shares a row: the label on one row, the value under it at the right
  return fitText(text(line.labels.filter(isNotEmpty)), columns).concat(fitText(right(line.values.filter(isNotEmpty)), columns));
}

function fitItems(line: ItemsLine, columns: number): Row[] {
  const rows: Row[] = [];
  let row = "";
  for (let i = 0; i < line.items.length; i++) {
    const variants = line.items[i];
    const chosen = variants.find((v) => textWidth(v) <= columns);
    if (chosen === undefined) {
      if (row) rows.push({ text: row, x: 0 });
      row = "";
      const wrapped = wrapText(variants[0] ?? "", columns);
      for (let j = 0; j < wrapped.length; j++) {
        const r = wrapped[j];
        rows.push({ text: r, x: 0 });
      }
      continue;
    }
    if (row && textWidth(row) + 1 + textWidth(chosen) <= columns) row += " " + chosen;
    else {
      if (row) rows.push({ text: row, x: 0 });
      row = chosen;
    }
  }
  if (row) rows.push({ text: row, x: 0 });
  return rows;
}

/** The rows one line takes at `columns`. */
function fitLine(line: ScreenLine, columns: number): Row[] {
  return line.kind === "text" ? fitText(line, columns) : line.kind === "pair" ? fitPair(line, columns) : fitItems(line, columns);
}

/**
 * Lays `screen` out on `rows` × `columns`:
 * 1. each line takes the first of its variants that fits one row; a line
 *    that fits in none wraps (text between words or CJK characters, a
 *    label and value on two rows);
 * 2. while the rows are too many, the line with the highest priority
 *    above 0 is dropped (the lowest one on screen among equals);
 * 3. what is left, if still more than `rows`, goes on pages, a line never
 *    split across two pages unless it is taller than a page.
 * Nothing is cut: information leaves a screen only as a dropped line.
 * Throws `DISPLAY_GEOMETRY` unless 1-64 rows and 2-256 columns (a wide
 * character needs two).
 */
export function layoutScreen(screen: Screen, rows: number, columns: number): Layout {
  if (!isIntegerIn(rows, 1, 64) || !isIntegerIn(columns, 2, 256)) {
    throw new DisplayError("DISPLAY_GEOMETRY", "a layout needs 1 to 64 rows and 2 to 256 columns");
  }
  const blocks = screen.map((line) => ({ priority: line.priority, rows: fitLine(line, columns) }));
  let total = blocks.reduce((n, b) => n + b.rows.length, 0);
  let dropped = 0;
  while (total > rows) {
    let victim = -1;
    for (let i = 0; i < blocks.length; i++) if (blocks[i].priority > 0 && (victim < 0 || blocks[i].priority >= blocks[victim].priority)) victim = i;
    if (victim < 0) break;
    total -= blocks[victim].rows.length;
    blocks.splice(victim, 1);
    dropped++;
  }
  const pages: Row[][] = [];
  let page: Row[] = [];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i];
    if (page.length > 0 && page.length + block.rows.length > rows) {
      pages.push(page);
      page = [];
    }
    for (let j = 0; j < block.rows.length; j++) {
      const row = block.rows[j];
      if (page.length === rows) {
        pages.push(page);
        page = [];
      }
      page.push(row);
    }
  }
  if (page.length > 0 || pages.length === 0) pages.push(page);
  return { pages, dropped };
}
