import { CryptoError } from "../../../modules/crypto/error.ts";
import type { RsaPrivateKey } from "./profile.ts";

/*
 * The card's RSA private operation (RFC 8017 §5.1.2, RSADP/RSASP1 with the
 * CRT representation), on the engine's BigInt so that the card runs on XS
 * as on Node. The crypto port has only the public operation: the private
 * one is the card's, and a terminal never needs it. Square-and-multiply,
 * not constant-time: these are test keys in a simulated card.
 */

const HEX = "0123456789abcdef";

function toBigInt(bytes: Uint8Array): bigint {
  let hex = "0x0";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return BigInt(hex);
}

function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Why a key cannot be the one it claims (p·q is not the modulus, a part out of range), or undefined. */
export function checkRsaPrivateKey(key: RsaPrivateKey): string | undefined {
  const n = toBigInt(key.modulus);
  const p = toBigInt(key.p);
  const q = toBigInt(key.q);
  if (key.modulus[0] === 0 || (key.modulus[key.modulus.length - 1] & 1) === 0) return "the modulus is not an odd number of its full length";
  if (p * q !== n) return "p times q is not the modulus";
  if (toBigInt(key.dp) >= p || toBigInt(key.dq) >= q || toBigInt(key.qInv) >= p) return "a CRT exponent or coefficient is out of range";
  if ((toBigInt(key.qInv) * q) % p !== 1n) return "qInv is not the inverse of q modulo p";
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
  const n = toBigInt(key.modulus);
  const c = toBigInt(data);
  if (c >= n) throw new CryptoError("CRYPTO_RSA_DATA_RANGE", "the RSA data is not below the modulus");
  const p = toBigInt(key.p);
  const q = toBigInt(key.q);
  const m1 = modPow(c, toBigInt(key.dp), p);
  const m2 = modPow(c, toBigInt(key.dq), q);
  const h = (toBigInt(key.qInv) * (((m1 - m2) % p) + p)) % p;
  return toBytes(m2 + h * q, key.modulus.length);
}
