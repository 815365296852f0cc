import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link EmvToolError}. */
export type EmvToolErrorCode =
  /** `emvOda`: an option missing, unknown, not hex, of the wrong length, or given with one it excludes */
  | "EMV_ODA_INPUT"
  /** `emvOda`: no CA key with that RID and index in the configuration (with the test CA keys) */
  | "EMV_CA_KEY_UNKNOWN"
  /** `emvCapk`: an option unknown or malformed, or a CA key whose RID, index, modulus, exponent, expiry or check sum is malformed */
  | "EMV_CAPK_INPUT"
  /** `emvCapk`: a CA key whose check sum is not the SHA-1 of its RID, index, modulus and exponent */
  | "EMV_CAPK_CHECKSUM";

/**
 * Bad input to the EMV command-line tools (`emvOda`, `emvCapk`). The
 * message names the option or the key (RID and index) at fault and never
 * repeats a PAN.
 */
export class EmvToolError extends XsposError {
  declare readonly code: EmvToolErrorCode;
  constructor(code: EmvToolErrorCode, message: string) {
    super(code, message);
  }
}
