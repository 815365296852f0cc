import { XsposError } from "../core/error.ts";

/** Codes of {@link EscPosError}. */
export type EscPosErrorCode = "PRINT_COMMAND" | "PRINTER_PROFILE";

/**
 * The ESC/POS encoder refused its input: a print command it cannot encode
 * (`PRINT_COMMAND`) or a printer profile no printer could have
 * (`PRINTER_PROFILE`).
 */
export class EscPosError extends XsposError {
  declare readonly code: EscPosErrorCode;
  constructor(code: EscPosErrorCode, message: string) {
    super(code, message);
  }
}
