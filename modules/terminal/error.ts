import { XsposError } from "../core/error.ts";

/** Codes of {@link TerminalError}. */
export type TerminalErrorCode =
  /** a port is missing or is not the shape the terminal needs */
  | "TERMINAL_PORT"
  /** the manager PIN is not provisioned in the key store, or has the wrong length */
  | "TERMINAL_MANAGER_PIN"
  /** a call that the terminal's state does not allow (start twice, handle after close) */
  | "TERMINAL_STATE";

/** What the terminal application throws when it is wired or driven wrongly. */
export class TerminalError extends XsposError {
  declare readonly code: TerminalErrorCode;
  constructor(code: TerminalErrorCode, message: string) {
    super(code, message);
    this.name = "TerminalError";
  }
}
