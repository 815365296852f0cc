import { XsposError } from "../core/error.ts";

/** Codes of {@link CryptoError}. */
export type CryptoErrorCode =
  | "CRYPTO_ALGORITHM"
  | "CRYPTO_KEY_LENGTH"
  | "CRYPTO_DATA_LENGTH"
  | "CRYPTO_IV_LENGTH"
  | "CRYPTO_RSA_MODULUS"
  | "CRYPTO_RSA_EXPONENT"
  | "CRYPTO_RSA_DATA_RANGE"
  | "CRYPTO_PARAMETER";

/** An algorithm the port lacks, or a key, block, IV or RSA operand it refuses. */
export class CryptoError extends XsposError {
  declare readonly code: CryptoErrorCode;
  constructor(code: CryptoErrorCode, message: string) {
    super(code, message);
  }
}
