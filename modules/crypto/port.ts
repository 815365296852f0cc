/**
 * The crypto port: the block ciphers, digests, RSA public operation and
 * random source that PIN blocks, DUKPT, MACs and offline data
 * authentication are built on. Hosts choose the backend (the software one
 * on any XS, node:crypto on a desktop, Moddable's `crypt` on the board);
 * nothing above this port implements a primitive.
 */

/** DES (8-byte key), TDES (EDE, 16- or 24-byte key), AES (16, 24 or 32 bytes). */
export type BlockAlgorithm = "DES" | "TDES" | "AES";

/** Modes the port provides; data is always a whole number of blocks (no padding). */
export type BlockMode = "ECB" | "CBC";

/** Digests the port provides (FIPS 180-4). */
export type DigestAlgorithm = "SHA-1" | "SHA-256";

export interface Crypto {
  /** `n` bytes from a cryptographically secure source */
  random(n: number): Uint8Array;
  /**
   * Enciphers whole blocks.
   * @param iv - CBC only; zeros when absent
   * @throws CryptoError `CRYPTO_ALGORITHM`, `CRYPTO_KEY_LENGTH`, `CRYPTO_DATA_LENGTH`, `CRYPTO_IV_LENGTH`
   */
  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array;
  /** Deciphers whole blocks (see {@link Crypto.blockEncrypt}). */
  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array;
  /**
   * The hash of `data`: 20 bytes for SHA-1, 32 for SHA-256.
   * @throws CryptoError `CRYPTO_ALGORITHM`
   */
  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array;
  /**
   * The raw RSA public operation, `data^exponent mod modulus`, without any
   * padding (what EMV offline data authentication recovers certificates
   * and signed data with). Integers are unsigned big-endian.
   * @param data - exactly as long as the modulus, and below it
   * @returns as long as the modulus, big-endian
   * @throws CryptoError `CRYPTO_RSA_MODULUS`, `CRYPTO_RSA_EXPONENT`, `CRYPTO_DATA_LENGTH`, `CRYPTO_RSA_DATA_RANGE`
   */
  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array;
}

/** Block size in bytes. */
export function blockSize(alg: BlockAlgorithm): number {
  return alg === "AES" ? 16 : 8;
}

/** Digest length in bytes. */
export function digestLength(alg: DigestAlgorithm): number {
  return alg === "SHA-1" ? 20 : 32;
}
