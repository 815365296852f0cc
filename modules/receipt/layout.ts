/**
 * Lays a receipt document out for a paper width and a language: lines of
 * text that fit the line (labels and values aligned by display width,
 * long text wrapped), QR codes, feeds and the cut. Nothing is cut short:
 * text that does not fit goes on more lines.
 */
import type { ReceiptBlock, ReceiptDocument, ReceiptImage, ReceiptText } from "./document.ts";
import { LABELS, labelText, type ReceiptLanguage } from "./labels.ts";
import type { TextMeasure } from "./measure.ts";
import { wrapText } from "./wrap.ts";

/** One laid-out line. `strong` text is bold and double height; `bold` only bold. */
export type ReceiptLine =
  | { type: "text"; text: string; align: "left" | "center"; bold?: boolean; tall?: boolean }
  | { type: "qr"; data: string }
  | { type: "image"; image: ReceiptImage }
  | { type: "feed"; lines: number }
  | { type: "cut" };

/** What layout needs: characters a line, the language, and how the printer measures text. */
export interface LayoutOptions {
  columns: number;
  language: ReceiptLanguage;
  measure: TextMeasure;
}

/** Narrowest name column of an item or report table before it is laid out one field under the other. */
const MIN_NAME_COLUMNS = 8;
/** Items go in four columns from this line width up (80 mm paper, or 58 mm in font B). */
const ITEM_COLUMNS_FROM = 40;

/** The lines of a document. */
export function layoutReceipt(document: ReceiptDocument, options: LayoutOptions): ReceiptLine[] {
  const out: ReceiptLine[] = [];
  for (let i = 0; i < document.blocks.length; i++) {
    const block = document.blocks[i];
    layoutBlock(block, options, out);
  }
  return out;
}

/** The style of `strong` text: bold and double height. */
const STRONG = { bold: true, tall: true } as const;

type LineStyle = { bold?: boolean; tall?: boolean };

function layoutBlock(block: ReceiptBlock, o: LayoutOptions, out: ReceiptLine[]): void {
  const { columns } = o;
  const text = (t: ReceiptText) => resolve(t, o.language);
  switch (block.kind) {
    case "heading":
      return wrapped(text(block.text), columns, o, out, "center", STRONG);
    case "center":
      return wrapped(text(block.text), columns, o, out, "center", block.strong ? STRONG : {});
    case "field":
      return field(text(block.label), text(block.value), o, out, block.strong ? STRONG : {});
    case "paragraph":
      // a label in both languages is two paragraphs: joined, a sentence would run into its translation
      if (typeof block.text !== "string" && o.language === "both") {
        wrapped(LABELS[block.text.label].en, columns, o, out);
        return wrapped(LABELS[block.text.label].zh, columns, o, out);
      }
      return wrapped(text(block.text), columns, o, out);
    case "items": {
      const header = (["item", "quantity", "unitPrice", "lineTotal"] as const).map((id) => labelText(id, o.language));
      const rows = block.items.map((item) => [item.name, item.quantity, item.unitPrice, item.lineTotal]);
      return table(header, rows, ITEM_COLUMNS_FROM, (item) => `  ${item[1]} x ${item[2]}`, o, out);
    }
    case "table": {
      const header = block.header.map(text);
      return table(header, block.rows.map((r) => [text(r[0]), r[1], r[2]]), 0, (r) => `  ${header[1]} ${r[1]}`, o, out);
    }
    case "rule":
      out.push({ type: "text", text: "-".repeat(columns), align: "left" });
      return;
    case "signature":
      out.push({ type: "feed", lines: 1 });
      wrapped(`${labelText("signature", o.language)}:`, columns, o, out);
      out.push({ type: "feed", lines: 3 }, { type: "text", text: "_".repeat(columns), align: "left" });
      return;
    case "qr":
      out.push({ type: "qr", data: block.data });
      return;
    case "image":
      out.push({ type: "image", image: block.image });
      return;
    case "space":
      out.push({ type: "feed", lines: block.lines });
      return;
    case "cut":
      out.push({ type: "cut" });
      return;
  }
}

/** The text of a label in the language, or the string as it is. */
export function resolve(text: ReceiptText, language: ReceiptLanguage): string {
  return typeof text === "string" ? text : labelText(text.label, language);
}

/** `text` wrapped to `width` columns, a text line each. */
function wrapped(text: string, width: number, o: LayoutOptions, out: ReceiptLine[], align: "left" | "center" = "left", style: LineStyle = {}): void {
  const lines = wrapText(text, width, o.measure);
  for (let i = 0; i < lines.length; i++) out.push({ type: "text", text: lines[i], align, ...style });
}

/** Label on the left and value on the right of one line; when they do not fit, the label's lines then the value's, right-aligned. */
function field(label: string, value: string, o: LayoutOptions, out: ReceiptLine[], style: LineStyle): void {
  const { columns, measure } = o;
  const mode = measure.mode(label + value);
  const used = measure.columns(label, mode) + measure.columns(value, mode);
  if (used + 1 <= columns) {
    out.push({ type: "text", text: label + " ".repeat(columns - used) + value, align: "left", ...style });
    return;
  }
  wrapped(label, columns, o, out, "left", style);
  const valueLines = wrapText(value, columns, measure);
  for (let i = 0; i < valueLines.length; i++) {
    const line = valueLines[i];
    out.push({ type: "text", text: " ".repeat(Math.max(0, columns - measure.columns(line))) + line, align: "left", ...style });
  }
}

/** A row of cells, each padded to its width in the mode the whole row prints in: the first from the left, the others right-aligned. */
function row(cells: string[], widths: number[], o: LayoutOptions): string {
  const mode = o.measure.mode(cells.join(""));
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    const pad = " ".repeat(Math.max(0, widths[i] - o.measure.columns(cells[i], mode)));
    line += i === 0 ? cells[i] + pad : ` ${pad}${cells[i]}`;
  }
  return line.trimEnd();
}

/**
 * The basket (item, quantity, unit price, line total) or a report table
 * (name, count, amount). From `fromColumns` columns up, when the numbers
 * leave the name {@link MIN_NAME_COLUMNS} at least: the name wrapped in
 * its column, the numbers right-aligned in theirs. Otherwise each row's
 * name on its own lines, then `stacked(row)` and the row's last number
 * as a field.
 */
function table(header: string[], rows: string[][], fromColumns: number, stacked: (row: string[]) => string, o: LayoutOptions, out: ReceiptLine[]): void {
  const { columns, measure } = o;
  const last = header.length - 1;
  const widths = [0];
  let nameWidth = columns - last;
  for (let c = 1; c <= last; c++) {
    let width = measure.widest(header[c]);
    for (let r = 0; r < rows.length; r++) width = Math.max(width, measure.widest(rows[r][c]));
    widths.push(width);
    nameWidth -= width;
  }
  widths[0] = nameWidth;
  if (columns >= fromColumns && nameWidth >= Math.max(MIN_NAME_COLUMNS, measure.widest(header[0]))) {
    out.push({ type: "text", text: row(header, widths, o), align: "left" });
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r];
      const names = wrapText(cells[0], nameWidth, measure);
      out.push({ type: "text", text: row([names[0], ...cells.slice(1)], widths, o), align: "left" });
      for (let j = 1; j < names.length; j++) out.push({ type: "text", text: names[j], align: "left" });
    }
    return;
  }
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    wrapped(cells[0], columns, o, out);
    field(stacked(cells), cells[last], o, out, {});
  }
}
