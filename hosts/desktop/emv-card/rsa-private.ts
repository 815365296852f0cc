import { CryptoError } from "../../../modules/crypto/error.ts";
import { bigIntFromBytes, bytesFromBigInt, modPow } from "../../../modules/crypto/rsa-bigint.ts";
import type { RsaPrivateKey } from "./profile.ts";

/*
 * The card's RSA private operation (RFC 8017 §5.1.2, RSADP/RSASP1 with the
 * CRT representation), on the engine's BigInt so that the card runs on XS
 * as on Node. The crypto port has only the public operation: the private
 * one is the card's, and a terminal never needs it. Square-and-multiply,
 * not constant-time: these are test keys in a simulated card.
 */

/** Why a key cannot be the one it claims (p·q is not the modulus, a part out of range), or undefined. */
export function checkRsaPrivateKey(key: RsaPrivateKey): string | undefined {
  const n = bigIntFromBytes(key.modulus);
  const p = bigIntFromBytes(key.p);
  const q = bigIntFromBytes(key.q);
  if (key.modulus[0] === 0 || (key.modulus[key.modulus.length - 1] & 1) === 0) return "the modulus is not an odd number of its full length";
  if (p * q !== n) return "p times q is not the modulus";
  if (bigIntFromBytes(key.dp) >= p || bigIntFromBytes(key.dq) >= q || bigIntFromBytes(key.qInv) >= p) return "a CRT exponent or coefficient is out of range";
  if ((bigIntFromBytes(key.qInv) * q) % p !== 1n) return "qInv is not the inverse of q modulo p";
  return undefined;
}

/**
 * `data^d mod n` through the CRT: what signs the card's dynamic data and
 * deciphers an enciphered PIN.
 * @param data - as long as the modulus, and below it
 * @returns as long as the modulus, big-endian
 * @throws CryptoError `CRYPTO_DATA_LENGTH`, `CRYPTO_RSA_DATA_RANGE`
 */
export function rsaPrivate(key: RsaPrivateKey, data: Uint8Array): Uint8Array {
  if (data.length !== key.modulus.length) {
    throw new CryptoError("CRYPTO_DATA_LENGTH", `RSA data must be as long as the modulus, ${key.modulus.length} bytes, got ${data.length}`);
  }
  const n = bigIntFromBytes(key.modulus);
  const c = bigIntFromBytes(data);
  if (c >= n) throw new CryptoError("CRYPTO_RSA_DATA_RANGE", "the RSA data is not below the modulus");
  const p = bigIntFromBytes(key.p);
  const q = bigIntFromBytes(key.q);
  const m1 = modPow(c, bigIntFromBytes(key.dp), p);
  const m2 = modPow(c, bigIntFromBytes(key.dq), q);
  const h = (bigIntFromBytes(key.qInv) * (((m1 - m2) % p) + p)) % p;
  return bytesFromBigInt(m2 + h * q, key.modulus.length);
}
