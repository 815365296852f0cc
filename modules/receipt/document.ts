/**
 * The receipt as data: what is printed, in order, before any language or
 * paper width is chosen. Labels are named ({@link LabelId}); values are
 * already formatted (amounts with their currency, dates). The terminal can
 * keep a document as JSON and print it again later.
 */
import type { LabelId } from "./labels.ts";

/** Text to print: a string as it is, or a label printed in the receipt's language. */
export type ReceiptText = string | { label: LabelId };

/** One item of a basket, formatted. */
export interface DocumentItem {
  name: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
}

/**
 * A 1-bit raster image (the merchant's logo): rows of `ceil(width / 8)`
 * bytes, most significant bit leftmost, a set bit printed black, as
 * ESC/POS GS v 0 takes it.
 */
export interface ReceiptImage {
  width: number;
  height: number;
  bits: Uint8Array;
}

/** One block of a receipt. */
export type ReceiptBlock =
  /** the merchant's name: centred, bold, double height */
  | { kind: "heading"; text: ReceiptText }
  /** centred lines (address, copy, marks); `strong`: bold and double height */
  | { kind: "center"; text: ReceiptText; strong?: boolean }
  /** label on the left, value on the right; `strong`: bold and double height */
  | { kind: "field"; label: ReceiptText; value: ReceiptText; strong?: boolean }
  /** text from the left margin, wrapped */
  | { kind: "paragraph"; text: ReceiptText }
  /** the basket: name, quantity, unit price, line total, in aligned columns when they fit */
  | { kind: "items"; items: DocumentItem[] }
  /** a table of counts and amounts (reports) */
  | { kind: "table"; header: [ReceiptText, ReceiptText, ReceiptText]; rows: [ReceiptText, string, string][] }
  /** a line across the paper */
  | { kind: "rule" }
  /** room to sign, the signature line and the label under it */
  | { kind: "signature" }
  | { kind: "qr"; data: string }
  /** a raster image, centred; left out on paper narrower than it */
  | { kind: "image"; image: ReceiptImage }
  | { kind: "space"; lines: number }
  | { kind: "cut" };

/** A receipt or report ready to lay out. */
export interface ReceiptDocument {
  /** what it is, for the journal and for tests */
  kind: "transaction" | "totals" | "settlement";
  blocks: ReceiptBlock[];
}
