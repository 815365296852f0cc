import { CryptoError } from "./error.ts";
import { blockSize, type BlockAlgorithm, type BlockMode, type DigestAlgorithm } from "./port.ts";

const KEY_LENGTHS: Record<BlockAlgorithm, number[]> = { DES: [8], TDES: [16, 24], AES: [16, 24, 32] };
const MODES: readonly string[] = ["ECB", "CBC"];
const DIGESTS: readonly string[] = ["SHA-1", "SHA-256"];

/** The largest modulus the port takes: 4096 bits, twice EMV's largest key (1984 bits). */
export const RSA_MAX_MODULUS_BYTES = 512;
/** The largest public exponent the port takes: 64 bits (EMV uses 3 and 65537). */
const RSA_MAX_EXPONENT_BYTES = 8;

/**
 * The checks every backend makes before it touches a key: backends differ
 * in what they throw on bad sizes, the port does not.
 * @throws CryptoError
 */
export function checkBlockArguments(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): void {
  if (!Object.hasOwn(KEY_LENGTHS, alg)) throw new CryptoError("CRYPTO_ALGORITHM", `no block cipher ${String(alg)}: DES, TDES or AES`);
  if (!MODES.includes(mode)) throw new CryptoError("CRYPTO_ALGORITHM", `no block mode ${String(mode)}: ECB or CBC`);
  if (!KEY_LENGTHS[alg].includes(key.length)) {
    throw new CryptoError("CRYPTO_KEY_LENGTH", `${alg} keys are ${KEY_LENGTHS[alg].join(", ")} bytes long, not ${key.length}`);
  }
  const size = blockSize(alg);
  if (data.length % size !== 0) throw new CryptoError("CRYPTO_DATA_LENGTH", `${alg} data must be whole ${size}-byte blocks, got ${data.length} bytes`);
  if (iv !== undefined && iv.length !== size) throw new CryptoError("CRYPTO_IV_LENGTH", `${alg} IV must be ${size} bytes, got ${iv.length}`);
}

/** @throws CryptoError `CRYPTO_ALGORITHM` for a digest the port lacks */
export function checkDigestAlgorithm(alg: DigestAlgorithm): void {
  if (!DIGESTS.includes(alg)) throw new CryptoError("CRYPTO_ALGORITHM", `no digest ${String(alg)}: SHA-1 or SHA-256`);
}

/**
 * The operands of the raw RSA public operation, as every backend takes
 * them: an odd modulus of 1 to 512 bytes with no leading zero byte (its
 * length is the length of data and result), an odd exponent of 3 or more
 * and at most 64 bits, and data of the modulus's length below the modulus.
 * @returns the exponent without its leading zero bytes
 * @throws CryptoError `CRYPTO_RSA_MODULUS`, `CRYPTO_RSA_EXPONENT`, `CRYPTO_DATA_LENGTH`, `CRYPTO_RSA_DATA_RANGE`
 */
export function checkRsaArguments(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
  const n = modulus.length;
  if (n === 0) throw new CryptoError("CRYPTO_RSA_MODULUS", "the RSA modulus is empty");
  if (modulus[0] === 0) throw new CryptoError("CRYPTO_RSA_MODULUS", "the RSA modulus starts with a zero byte: its length would not be the key's");
  if ((modulus[n - 1] & 1) === 0) throw new CryptoError("CRYPTO_RSA_MODULUS", "the RSA modulus is even");
  if (n === 1 && modulus[0] < 3) throw new CryptoError("CRYPTO_RSA_MODULUS", "the RSA modulus is below 3");
  if (n > RSA_MAX_MODULUS_BYTES) throw new CryptoError("CRYPTO_RSA_MODULUS", `the RSA modulus is ${n} bytes long, over ${RSA_MAX_MODULUS_BYTES}`);
  let start = 0;
  while (start < exponent.length && exponent[start] === 0) start++;
  const e = exponent.subarray(start);
  if (e.length === 0) throw new CryptoError("CRYPTO_RSA_EXPONENT", "the RSA exponent is zero or empty");
  if (e.length > RSA_MAX_EXPONENT_BYTES) throw new CryptoError("CRYPTO_RSA_EXPONENT", `the RSA exponent is ${e.length} bytes long, over ${RSA_MAX_EXPONENT_BYTES}`);
  if ((e[e.length - 1] & 1) === 0) throw new CryptoError("CRYPTO_RSA_EXPONENT", "the RSA exponent is even");
  if (e.length === 1 && e[0] < 3) throw new CryptoError("CRYPTO_RSA_EXPONENT", "the RSA exponent is below 3");
  if (data.length !== n) throw new CryptoError("CRYPTO_DATA_LENGTH", `RSA data must be as long as the modulus, ${n} bytes, got ${data.length}`);
  if (!below(data, modulus)) throw new CryptoError("CRYPTO_RSA_DATA_RANGE", "the RSA data is not below the modulus");
  return e;
}

/** `a < b` for unsigned big-endian integers of the same length. */
function below(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
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
