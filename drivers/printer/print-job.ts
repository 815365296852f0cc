import type { InterruptReason } from "./status.ts";

/** One copy to print: ESC/POS bytes (see encodeEscPos) under an id the caller chooses. */
export interface PrintJob {
  /** names the copy in the journal, e.g. "000123-customer" */
  id: string;
  bytes: Uint8Array;
}

/**
 * Where a print job stands, as plain data (`onJob` hears each change). A
 * copy `printing` or `interrupted` was not printed whole: the caller
 * prints it again from its start, with a "reprint" mark (the terminal
 * keeps that state across a reboot in its journal's print-job record).
 * `done` means the printer took every byte while it reported itself ready.
 */
export interface PrintJobState {
  id: string;
  /** bytes in the job */
  length: number;
  /** bytes written to the serial port */
  sent: number;
  /** bytes written before the last status query that found the printer ready: they reached a working printer */
  acknowledged: number;
  state: "printing" | "done" | "interrupted";
  /** why it stopped, when `interrupted` */
  reason?: InterruptReason;
  /**
   * Set when `interrupted` after every byte before the copy's final feed
   * and cut reached the printer and a status round then found it ready:
   * the copy is whole on paper but not cut. `resume()` cuts it; printing
   * the copy again would give two whole copies.
   */
  uncut?: boolean;
}
