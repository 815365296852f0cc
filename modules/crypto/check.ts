import { CryptoError } from "./error.ts";
import { blockSize, type BlockAlgorithm } from "./port.ts";

const KEY_LENGTHS: Record<BlockAlgorithm, number[]> = { DES: [8], TDES: [16, 24], AES: [16, 24, 32] };

/**
 * The checks every backend makes before it touches a key: backends differ
 * in what they throw on bad sizes, the port does not.
 * @throws CryptoError
 */
export function checkBlockArguments(alg: BlockAlgorithm, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): void {
  if (!KEY_LENGTHS[alg].includes(key.length)) {
    throw new CryptoError("CRYPTO_KEY_LENGTH", `${alg} keys are ${KEY_LENGTHS[alg].join(", ")} bytes long, not ${key.length}`);
  }
  const size = blockSize(alg);
  if (data.length % size !== 0) throw new CryptoError("CRYPTO_DATA_LENGTH", `${alg} data must be whole ${size}-byte blocks, got ${data.length} bytes`);
  if (iv !== undefined && iv.length !== size) throw new CryptoError("CRYPTO_IV_LENGTH", `${alg} IV must be ${size} bytes, got ${iv.length}`);
}

/**
 * A DES or TDES key as the three 8-byte keys of EDE: K is K K K (EDE with
 * one key is single DES), K1 K2 is K1 K2 K1.
 */
export function tripleLength(key: Uint8Array): Uint8Array {
  if (key.length === 24) return key;
  const k1 = key.subarray(0, 8);
  const k2 = key.length === 16 ? key.subarray(8, 16) : k1;
  const out = new Uint8Array(24);
  out.set(k1, 0);
  out.set(k2, 8);
  out.set(k1, 16);
  return out;
}
