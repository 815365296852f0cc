import { CryptoError } from "./error.ts";
import { padIso9797, type PaddingMethod } from "./padding.ts";
import { blockSize, type BlockAlgorithm, type Crypto } from "./port.ts";

/**
 * ISO/IEC 9797-1 MAC algorithm 1: CBC-MAC, the last cipher block (ANSI
 * X9.9 with DES, and the MAC of many ISO 8583 links with TDES).
 * @returns the full last block; truncate to the link's MAC length
 */
export function cbcMac(crypto: Crypto, alg: BlockAlgorithm, key: Uint8Array, data: Uint8Array, padding: PaddingMethod = 1): Uint8Array {
  const size = blockSize(alg);
  const chained = crypto.blockEncrypt(alg, "CBC", key, padIso9797(data, size, padding));
  return chained.slice(chained.length - size);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 with DES, the retail MAC of ANSI X9.19:
 * single-DES CBC under the left key, then the last block deciphered under
 * the right key and enciphered again under the left.
 * @param key - 16 bytes, K then K'
 * @throws CryptoError `CRYPTO_KEY_LENGTH` when the key is not 16 bytes
 */
export function retailMac(crypto: Crypto, key: Uint8Array, data: Uint8Array, padding: PaddingMethod = 1): Uint8Array {
  if (key.length !== 16) throw new CryptoError("CRYPTO_KEY_LENGTH", `the retail MAC takes a 16-byte key, not ${key.length} bytes`);
  const left = key.subarray(0, 8);
  const right = key.subarray(8, 16);
  const h = cbcMac(crypto, "DES", left, data, padding);
  return crypto.blockEncrypt("DES", "ECB", left, crypto.blockDecrypt("DES", "ECB", right, h));
}
