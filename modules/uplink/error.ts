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
  /**
   * For `REVERSAL_PENDING`: the code of the failure that kept the queued
   * reversal or advice from being delivered (`HOST_MAC` when the host's
   * answer to it failed its MAC, `HOST_TIMEOUT` when none came...).
   */
  readonly causeCode: UplinkErrorCode | undefined;
  /**
   * @param code - stable code of the failure
   * @param message - what happened, free of sensitive data
   * @param causeCode - for `REVERSAL_PENDING`, the code of the queued message's own failure
   */
  constructor(code: UplinkErrorCode, message: string, causeCode?: UplinkErrorCode) {
    super(code, message);
    this.causeCode = causeCode;
  }
}

/**
 * An answer came but was refused (its MAC fails, or it is no valid
 * answer): not "no response", for the merchant must not think the line is
 * down. `code` is the failure's, `causeCode` a queued message's when
 * `code` is `REVERSAL_PENDING`.
 */
export function hostAnswerRefused(code: string | undefined, causeCode?: string): boolean {
  const why = code === "REVERSAL_PENDING" ? causeCode : code;
  return why === "HOST_MAC" || why === "HOST_RESPONSE";
}
