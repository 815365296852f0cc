import type { InterruptReason } from "./status.ts";

/** One copy to print: ESC/POS bytes (see encodeEscPos) under an id the caller chooses. */
export interface PrintJob {
  /** names the copy in the journal, e.g. "000123-customer" */
  id: string;
  bytes: Uint8Array;
}

/**
 * Where a print job stands, as plain data the terminal can write to its
 * journal (JSON as it is). After a reboot, a job found `printing` or
 * `interrupted` was not printed whole: print the copy again from its start,
 * with a "reprint" mark. `done` means the printer took every byte while it
 * reported itself ready.
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
}
