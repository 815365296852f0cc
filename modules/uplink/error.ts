import { XsposError } from "../core/error.ts";

/** Codes of {@link UplinkError}. */
export type UplinkErrorCode =
  | "HOST_CONNECT"
  | "HOST_TIMEOUT"
  | "HOST_CLOSED"
  | "HOST_MAC"
  | "HOST_RESPONSE"
  | "HOST_FRAME"
  | "HOST_KEY_CHECK"
  | "NOT_SIGNED_ON"
  | "REVERSAL_PENDING"
  | "UPLINK_STATE";

/** The acquirer could not be reached, or answered something the terminal cannot trust. */
export class UplinkError extends XsposError {
  declare readonly code: UplinkErrorCode;
  constructor(code: UplinkErrorCode, message: string) {
    super(code, message);
  }
}
