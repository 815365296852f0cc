import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link PrinterError}. */
export type PrinterErrorCode =
  | "PRINTER_CLOSED"
  | "PRINTER_BUSY"
  | "PRINTER_INTERRUPTED"
  | "PRINTER_NOT_READY"
  | "PRINTER_JOB"
  | "PRINTER_OPTIONS";

/**
 * The printer driver refused a request: a job it cannot take, options it
 * cannot work with, a driver that is closed or busy. The encoder's errors
 * are modules/escpos's `EscPosError`.
 */
export class PrinterError extends XsposError {
  declare readonly code: PrinterErrorCode;
  constructor(code: PrinterErrorCode, message: string) {
    super(code, message);
  }
}
