import { XsposError } from "../core/error.ts";

/** Codes of {@link ReceiptError}. */
export type ReceiptErrorCode =
  /** a PAN that shows more than its first 6 and last 4 digits */
  | "RECEIPT_PAN"
  /** a field of the transaction or report that is missing or malformed */
  | "RECEIPT_FIELD"
  /** layout options no printer could follow (language, font, paper) */
  | "RECEIPT_OPTIONS"
  /** the host's glyph font for the raster fallback cannot be read (its file missing or holding no glyph) */
  | "RECEIPT_GLYPHS";

/** A receipt could not be built or laid out from what it was given. Messages never carry card data. */
export class ReceiptError extends XsposError {
  declare readonly code: ReceiptErrorCode;
  constructor(code: ReceiptErrorCode, message: string) {
    super(code, message);
  }
}
