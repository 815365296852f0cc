/**
 * What the interpreter makes of an ESC/POS stream: the paper as it comes
 * out of the printer. Distances are in dots (8 a millimetre) from the top
 * of the paper and from the left edge of the printable area.
 */

export type PaperAlign = "left" | "center" | "right";

/** A run of characters in one style. */
export interface PaperSpan {
  text: string;
  x: number;
  /** width on paper */
  width: number;
  /** character cell height on paper */
  height: number;
  font: "A" | "B";
  bold: boolean;
  underline: 0 | 1 | 2;
  /** width and height multipliers */
  scaleX: number;
  scaleY: number;
  invert: boolean;
}

export type PaperItem =
  | { type: "text"; offset: number; y: number; height: number; align: PaperAlign; text: string; spans: PaperSpan[] }
  | {
      type: "image";
      offset: number;
      y: number;
      x: number;
      /** size on paper (GS v 0 may double either way) */
      width: number;
      height: number;
      /** the raster as sent: rows of `rowBytes` bytes, base64 */
      rowBytes: number;
      rows: number;
      bits: string;
      /** the text of a QR code found in the image */
      qr?: string;
    }
  | { type: "qr"; offset: number; y: number; x: number; size: number; data: string; hex: string; ecc: "L" | "M" | "Q" | "H"; moduleSize: number; model: number; version: number }
  | { type: "cut"; offset: number; y: number; partial: boolean }
  | { type: "drawer"; offset: number; pin: 2 | 5 };

export type ProblemCode =
  /** a command the interpreter does not know: its opening bytes are skipped */
  | "ESCPOS_UNKNOWN"
  /** the stream ends inside a command */
  | "ESCPOS_TRUNCATED"
  /** a known command with a parameter out of its range */
  | "ESCPOS_PARAMETER"
  /** a known command whose effect is not drawn (barcodes, page mode, NV graphics...) */
  | "ESCPOS_NOT_DRAWN"
  /** an image or cut that came in the middle of a line, which a printer ignores: the line was printed first */
  | "ESCPOS_MID_LINE"
  /** text left in the line buffer at the end, never printed */
  | "ESCPOS_UNPRINTED";

export interface PaperProblem {
  offset: number;
  code: ProblemCode;
  /** the command's name, e.g. "ESC x" */
  command: string;
  /** its first bytes, hex */
  hex: string;
}

/** The paper, with what could not be read. */
export interface Paper {
  widthMm: 58 | 80;
  dotsPerLine: number;
  /** paper length used, in dots */
  height: number;
  items: PaperItem[];
  /** real-time commands met (status requests and the like): they do not print */
  realtime: { offset: number; command: string }[];
  problems: PaperProblem[];
}
