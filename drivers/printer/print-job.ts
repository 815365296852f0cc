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
 * `done` means the printer printed every byte: it answered GS r 1, which
 * it carries out in sequence, sent after them.
 */
export interface PrintJobState {
  id: string;
  /** bytes in the job */
  length: number;
  /** bytes written to the serial port */
  sent: number;
  /** bytes written before the last status query that found the printer ready: they reached a working printer (a buffering one may not have printed them yet) */
  acknowledged: number;
  /** bytes the printer has printed: those before the last GS r 1 it answered (sent before the final cut and at the end) */
  printed: number;
  state: "printing" | "done" | "interrupted";
  /** why it stopped, when `interrupted` */
  reason?: InterruptReason;
  /**
   * Set when `interrupted` after the printer printed every byte before
   * the copy's final feed and cut (it answered the GS r 1 sent after them):
   * the copy is whole on paper but not cut. `resume()` cuts it; printing
   * the copy again would give two whole copies.
   */
  uncut?: boolean;
}

/**
 * What `resume()` did with the interrupted copy: `complete` (it is whole
 * on paper now: the caller must not print it again), `ended` (the paper
 * was cut after what printed of it: the caller prints it again from its
 * start), `interrupted` (its rest, sent to a printer that keeps its
 * buffer, stopped again).
 */
export type ResumeResult = { copy: "complete" | "ended" } | { copy: "interrupted"; reason: InterruptReason };
