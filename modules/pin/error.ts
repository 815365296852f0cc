import { XsposError } from "../core/error.ts";

/** Codes of {@link PinError}. */
export type PinErrorCode =
  | "PIN_LENGTH"
  | "PIN_DIGIT"
  | "PIN_PAN"
  | "PIN_FORMAT"
  | "PIN_BLOCK"
  | "PIN_KEY"
  | "DUKPT_KSN"
  | "DUKPT_COUNTER"
  | "DUKPT_KEY_TYPE"
  | "DUKPT_EXHAUSTED"
  | "DUKPT_NOT_LOADED"
  | "DUKPT_STATE";

/**
 * Bad input to PIN handling or key management. Messages never hold a PIN,
 * a PIN block or a key: at most a length or a position.
 */
export class PinError extends XsposError {
  declare readonly code: PinErrorCode;
  constructor(code: PinErrorCode, message: string) {
    super(code, message);
  }
}
