import { XsposError } from "../core/error.ts";

/** Codes of {@link CryptoError}. */
export type CryptoErrorCode = "CRYPTO_KEY_LENGTH" | "CRYPTO_DATA_LENGTH" | "CRYPTO_IV_LENGTH";

/** A key, block or IV of the wrong size for its algorithm. */
export class CryptoError extends XsposError {
  declare readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string) {
    super(code, message);
  }
}
