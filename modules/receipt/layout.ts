/**
 * Lays a receipt document out for a paper width and a language: lines of
 * text that fit the line (labels and values aligned by display width,
 * long text wrapped), QR codes, feeds and the cut. Nothing is cut short:
 * text that does not fit goes on more lines.
 */
import type { DocumentItem, ReceiptBlock, ReceiptDocument, ReceiptImage, ReceiptText } from "./document.ts";
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

function layoutBlock(block: ReceiptBlock, o: LayoutOptions, out: ReceiptLine[]): void {
  const { columns, measure } = o;
  const text = (t: ReceiptText) => resolve(t, o.language);
  switch (block.kind) {
    case "heading":
      for (let i = 0, wrapped = wrapText(text(block.text), columns, measure); i < wrapped.length; i++) {
        const line = wrapped[i];
        out.push({ type: "text", text: line, align: "center", bold: true, tall: true });
      }
      return;
    case "center":
      for (let i = 0, wrapped = wrapText(text(block.text), columns, measure); i < wrapped.length; i++) {
        const line = wrapped[i];
        out.push({ type: "text", text: line, align: "center", ...(block.strong ? { bold: true, tall: true } : {}) });
      }
      return;
    case "field":
      return field(text(block.label), text(block.value), o, out, block.strong ? { bold: true, tall: true } : {});
    case "paragraph": {
      // a label in both languages is two paragraphs: joined, a sentence would run into its translation
      const parts = typeof block.text !== "string" && o.language === "both" ? [LABELS[block.text.label].en, LABELS[block.text.label].zh] : [text(block.text)];
      for (let i = 0; i < parts.length; i++) {
        const part = parts[i];
        for (let j = 0, wrapped = wrapText(part, columns, measure); j < wrapped.length; j++) {
          const line = wrapped[j];
          out.push({ type: "text", text: line, align: "left" });
        }
      }
      return;
    }
    case "items":
      return items(block.items, o, out);
    case "table":
      return table(block.header.map(text) as [string, string, string], block.rows.map(([name, count, amount]) => [text(name), count, amount]), o, out);
    case "rule":
      out.push({ type: "text", text: "-".repeat(columns), align: "left" });
      return;
    case "signature":
      out.push({ type: "feed", lines: 1 });
      for (let i = 0, wrapped = wrapText(`${resolve({ label: "signature" }, o.language)}:`, columns, measure); i < wrapped.length; i++) {
        const line = wrapped[i];
        out.push({ type: "text", text: line, align: "left" });
      }
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

/** Label on the left and value on the right of one line; when they do not fit, the label's lines then the value's, right-aligned. */
function field(label: string, value: string, o: LayoutOptions, out: ReceiptLine[], style: { bold?: boolean; tall?: boolean }): void {
  const { columns, measure } = o;
  const mode = measure.mode(label + value);
  const used = measure.columns(label, mode) + measure.columns(value, mode);
  if (used + 1 <= columns) {
    out.push({ type: "text", text: label + " ".repeat(columns - used) + value, align: "left", ...style });
    return;
  }
  const labelLines = wrapText(label, columns, measure);
  for (let i = 0; i < labelLines.length; i++) {
    const line = labelLines[i];
    out.push({ type: "text", text: line, align: "left", ...style });
  }
  const valueLines = wrapText(value, columns, measure);
  for (let i = 0; i < valueLines.length; i++) {
    const line = valueLines[i];
    out.push({ type: "text", text: rightAlign(line, columns, o), align: "left", ...style });
  }
}

function rightAlign(text: string, columns: number, o: LayoutOptions): string {
  return " ".repeat(Math.max(0, columns - o.measure.columns(text))) + text;
}

/** A row of cells, each padded to its width in the mode the whole row prints in. */
function row(cells: { text: string; width: number; right?: boolean }[], o: LayoutOptions): string {
  const mode = o.measure.mode(cells.map((c) => c.text).join(""));
  return cells
    .map((c) => {
      const pad = " ".repeat(Math.max(0, c.width - o.measure.columns(c.text, mode)));
      return c.right ? pad + c.text : c.text + pad;
    })
    .join(" ")
    .trimEnd();
}

/**
 * The basket. From {@link ITEM_COLUMNS_FROM} columns up: name, quantity,
 * unit price and line total in columns, the name wrapped in its column.
 * Narrower, or when the numbers leave the name too little room: the name
 * on its own lines, then "quantity x unit price" and the line total.
 */
function items(list: DocumentItem[], o: LayoutOptions, out: ReceiptLine[]): void {
  const { columns, measure } = o;
  const header = (["item", "quantity", "unitPrice", "lineTotal"] as const).map((id) => resolve({ label: id }, o.language));
  const widths = [1, 2, 3].map((c) => Math.max(measure.widest(header[c]), ...list.map((item) => measure.widest([item.name, item.quantity, item.unitPrice, item.lineTotal][c]))));
  const nameWidth = columns - widths[0] - widths[1] - widths[2] - 3;
  if (columns >= ITEM_COLUMNS_FROM && nameWidth >= Math.max(MIN_NAME_COLUMNS, measure.widest(header[0]))) {
    const cells = (name: string, rest: string[]) => [{ text: name, width: nameWidth }, ...rest.map((text, i) => ({ text, width: widths[i], right: true }))];
    out.push({ type: "text", text: row(cells(header[0], header.slice(1)), o), align: "left" });
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      const names = wrapText(item.name, nameWidth, measure);
      out.push({ type: "text", text: row(cells(names[0], [item.quantity, item.unitPrice, item.lineTotal]), o), align: "left" });
      for (let j = 1; j < names.length; j++) {
        const name = names[j];
        out.push({ type: "text", text: name, align: "left" });
      }
    }
    return;
  }
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const nameLines = wrapText(item.name, columns, measure);
    for (let j = 0; j < nameLines.length; j++) {
      const name = nameLines[j];
      out.push({ type: "text", text: name, align: "left" });
    }
    field(`  ${item.quantity} x ${item.unitPrice}`, item.lineTotal, o, out, {});
  }
}

/** A report table: name, count, amount in columns, or each row as the name then count and amount. */
function table(header: [string, string, string], rows: [string, string, string][], o: LayoutOptions, out: ReceiptLine[]): void {
  const { columns, measure } = o;
  const widths = [1, 2].map((c) => Math.max(measure.widest(header[c]), ...rows.map((r) => measure.widest(r[c]))));
  const nameWidth = columns - widths[0] - widths[1] - 2;
  if (nameWidth >= Math.max(MIN_NAME_COLUMNS, measure.widest(header[0]))) {
    const cells = (r: string[], name: string) => [{ text: name, width: nameWidth }, { text: r[1], width: widths[0], right: true }, { text: r[2], width: widths[1], right: true }];
    out.push({ type: "text", text: row(cells(header, header[0]), o), align: "left" });
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const names = wrapText(r[0], nameWidth, measure);
      out.push({ type: "text", text: row(cells(r, names[0]), o), align: "left" });
      for (let j = 1; j < names.length; j++) {
        const name = names[j];
        out.push({ type: "text", text: name, align: "left" });
      }
    }
    return;
  }
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const nameLines = wrapText(r[0], columns, measure);
    for (let j = 0; j < nameLines.length; j++) {
      const name = nameLines[j];
      out.push({ type: "text", text: name, align: "left" });
    }
    field(`  ${header[1]} ${r[1]}`, r[2], o, out, {});
  }
}
