/**
 * The crypto port: the block ciphers and the random source that PIN
 * blocks, DUKPT and MACs are built on. Hosts choose the backend (the
 * software one on any XS, node:crypto on a desktop); nothing above this
 * port implements a primitive.
 */

/** DES (8-byte key), TDES (EDE, 16- or 24-byte key), AES (16, 24 or 32 bytes). */
export type BlockAlgorithm = "DES" | "TDES" | "AES";

/** Modes the port provides; data is always a whole number of blocks (no padding). */
export type BlockMode = "ECB" | "CBC";

export interface Crypto {
  /** `n` bytes from a cryptographically secure source */
  random(n: number): Uint8Array;
  /**
   * Enciphers whole blocks.
   * @param iv - CBC only; zeros when absent
   * @throws CryptoError `CRYPTO_KEY_LENGTH`, `CRYPTO_DATA_LENGTH`
   */
  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array;
  /** Deciphers whole blocks (see {@link Crypto.blockEncrypt}). */
  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array;
}

/** Block size in bytes. */
export function blockSize(alg: BlockAlgorithm): number {
  return alg === "AES" ? 16 : 8;
}
