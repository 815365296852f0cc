import { XsposError } from "../../core/error.ts";

/** Codes of {@link OdaError}. */
export type OdaErrorCode = "ODA_CA_KEY" | "ODA_CA_KEY_CHECKSUM" | "ODA_DATE" | "ODA_INPUT";

/**
 * A terminal-side input that offline data authentication cannot work
 * with: a malformed CA public key or one whose check value does not match,
 * a transaction date that is not a date, a method it does not know. What
 * the card sends never raises it: a bad certificate or signature is an
 * outcome ({@link OdaReason}), which the kernel turns into TVR bits.
 */
export class OdaError extends XsposError {
  declare readonly code: OdaErrorCode;
  constructor(code: OdaErrorCode, message: string) {
    super(code, message);
  }
}
