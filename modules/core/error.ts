/**
 * Base class of every error that xspos raises on bad input.
 *
 * The `code` is stable: callers (the terminal, the CLI, tests) branch on it,
 * never on the message, which may be reworded. Messages must never carry
 * sensitive data (full tracks, PINs, keys); put at most a position or a
 * masked value in them.
 */
export class XsposError extends Error {
  /** Stable machine-readable code, e.g. `TRACK_LRC`. */
  readonly code: string;

  /**
   * @param code - stable code of the failure
   * @param message - human-readable explanation, free of sensitive data
   */
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    // defined, not assigned: Error.prototype is frozen on the device, and
    // assigning a property it holds throws there
    Object.defineProperty(this, "name", { value: new.target.name, writable: true, enumerable: true, configurable: true });
  }
}

/** True when `e` is an {@link XsposError}, optionally with the given code. */
export function isXsposError(e: unknown, code?: string): e is XsposError {
  return e instanceof XsposError && (code === undefined || e.code === code);
}
