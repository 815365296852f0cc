/**
 * Real-time status (DLE EOT n, Epson ESC/POS Command Reference, "DLE EOT:
 * Transmit real-time status"): one byte for each n, bits 0 and 7 fixed to
 * 0, bits 1 and 4 fixed to 1.
 */

/** The four status queries, in the order the driver asks them. */
export const STATUS_QUERIES = [1, 2, 3, 4] as const;
export type StatusQuery = (typeof STATUS_QUERIES)[number];

/** Bits 0, 1, 4, 7 are fixed: 0, 1, 1, 0. */
const FIXED_MASK = 0x93;
const FIXED_VALUE = 0x12;

/** What the printer reported, decoded. */
export interface ReportedStatus {
  kind: "reported";
  /** online, paper present, cover closed, no error: a job can go on */
  ready: boolean;
  /** n=1 bit 3 clear */
  online: boolean;
  /** n=1 bit 2: the drawer kick-out connector's pin 3 is high (open or closed depends on the drawer) */
  drawerPin3High: boolean;
  /** n=1 bit 5: waiting for online recovery (models that report it) */
  waitingOnlineRecovery: boolean;
  /** n=1 bit 6, or n=2 bit 3: the FEED button is pressed / paper is being fed by it */
  feedButton: boolean;
  /** n=2 bit 2 */
  coverOpen: boolean;
  /** n=2 bit 5 (printing stopped at paper end) or n=4 bits 5-6 (end sensor: no paper) */
  paperEnd: boolean;
  /** n=4 bits 2-3: the near-end sensor sees little paper left */
  paperNearEnd: boolean;
  /** n=2 bit 6: an error stopped the printer */
  error: boolean;
  /** n=3 bit 2: a recoverable error (cleared with DLE ENQ) */
  recoverableError: boolean;
  /** n=3 bit 3: the autocutter failed */
  cutterError: boolean;
  /** n=3 bit 5: an unrecoverable error (the printer must be switched off) */
  unrecoverableError: boolean;
  /** n=3 bit 6: an error that clears itself, such as the head being too hot */
  autoRecoverableError: boolean;
}

/**
 * The printer's state as the driver knows it: decoded, an answer whose
 * fixed bits were wrong (line noise, a wrong baud rate, another device),
 * no answer within the time-out, or not asked yet.
 */
export type PrinterStatus =
  | ReportedStatus
  | { kind: "garbage"; query: StatusQuery; byte: number }
  | { kind: "not-responding" }
  | { kind: "unknown" };

/** True when `byte` has the fixed bits every DLE EOT answer has. */
export function isStatusByte(byte: number): boolean {
  return (byte & FIXED_MASK) === FIXED_VALUE;
}

/**
 * Decodes the answers to DLE EOT 1, 2, 3 and 4 (in that order). Any byte
 * value is accepted: one whose fixed bits are wrong gives a `garbage`
 * status naming the query it answered.
 */
export function decodeStatus(answers: readonly [number, number, number, number]): PrinterStatus {
  for (let i = 0; i < 4; i++) {
    const byte = answers[i] & 0xff;
    if (!isStatusByte(byte)) return { kind: "garbage", query: STATUS_QUERIES[i], byte };
  }
  const printer = answers[0];
  const offline = answers[1];
  const error = answers[2];
  const paper = answers[3];
  const bit = (b: number, n: number) => (b & (1 << n)) !== 0;
  const status: ReportedStatus = {
    kind: "reported",
    ready: false,
    online: !bit(printer, 3),
    drawerPin3High: bit(printer, 2),
    waitingOnlineRecovery: bit(printer, 5),
    feedButton: bit(printer, 6) || bit(offline, 3),
    coverOpen: bit(offline, 2),
    paperEnd: bit(offline, 5) || (paper & 0x60) !== 0,
    paperNearEnd: (paper & 0x0c) !== 0,
    error: bit(offline, 6),
    recoverableError: bit(error, 2),
    cutterError: bit(error, 3),
    unrecoverableError: bit(error, 5),
    autoRecoverableError: bit(error, 6),
  };
  status.ready =
    status.online &&
    !status.coverOpen &&
    !status.paperEnd &&
    !status.error &&
    !status.recoverableError &&
    !status.cutterError &&
    !status.unrecoverableError &&
    !status.autoRecoverableError;
  return status;
}

/** Why a job cannot go on, from a status that is not ready. */
export type InterruptReason = "paper-end" | "cover-open" | "error" | "offline" | "not-responding" | "garbage" | "stalled" | "closed";

/** The reason a status stops a job, or undefined when it lets the job go on. */
export function interruptReason(status: PrinterStatus): InterruptReason | undefined {
  // not asked yet counts as not responding
  if (status.kind !== "reported") return status.kind === "garbage" ? "garbage" : "not-responding";
  if (status.ready) return undefined;
  if (status.coverOpen) return "cover-open";
  if (status.paperEnd) return "paper-end";
  if (status.error || status.recoverableError || status.cutterError || status.unrecoverableError || status.autoRecoverableError) return "error";
  return "offline";
}

/** Two statuses are the same (the driver reports only changes). */
export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  if (a.kind !== b.kind) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (x[k] !== y[k]) return false;
  }
  return true;
}
