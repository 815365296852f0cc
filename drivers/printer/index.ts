/**
 * ESC/POS printer driver: the UART, status, jobs. The bytes it sends come
 * from modules/escpos (encoder, profiles, printing-time model).
 */
export { EscPosPrinter, type EscPosPrinterOptions } from "./escpos-printer.ts";
export { PrinterError, type PrinterErrorCode } from "./error.ts";
export type { PrinterSerial, PrinterSerialClass } from "./io.ts";
export type { PrintJob, PrintJobState, ResumeResult } from "./print-job.ts";
export { decodeStatus, type InterruptReason, type PrinterStatus, type ReportedStatus } from "./status.ts";
