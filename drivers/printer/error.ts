import { XsposError } from "../../modules/core/error.ts";
import type { InterruptReason } from "./status.ts";

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
  /** with `PRINTER_NOT_READY`: why the printer cannot print */
  readonly reason: InterruptReason | undefined;
  constructor(code: PrinterErrorCode, message: string, reason?: InterruptReason) {
    super(code, message);
    this.reason = reason;
  }
}
