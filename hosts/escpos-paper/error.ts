import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link EscPosPaperError}. */
export type EscPosPaperErrorCode = "ESCPOS_OPTIONS" | "ESCPOS_INPUT";

/**
 * The interpreter was called wrongly (a paper width other than 58 or 80
 * mm, input that is not bytes). Bad bytes are never an error: what cannot
 * be read is listed in the paper's `problems`.
 */
export class EscPosPaperError extends XsposError {
  declare readonly code: EscPosPaperErrorCode;
  constructor(code: EscPosPaperErrorCode, message: string) {
    super(code, message);
  }
}
