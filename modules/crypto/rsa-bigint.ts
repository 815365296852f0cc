import { checkRsaArguments } from "./check.ts";

const HEX = "0123456789abcdef";

/** A big-endian unsigned integer as a BigInt (0 for no bytes). */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  let hex = "0x0";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return BigInt(hex);
}

/**
 * A non-negative BigInt as `length` big-endian bytes.
 * @param value - below 256^length: the callers' values are reduced modulo a modulus of that length
 */
export function bytesFromBigInt(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * `base^exponent mod modulus` by right-to-left square-and-multiply; not
 * constant-time, for public values and test keys only.
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
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

/**
 * The raw RSA public operation of the crypto port (`Crypto.rsaPublic`) on the engine's
 * BigInt, for backends with no native one (the software backend, the
 * board): `data^exponent mod modulus` by left-to-right square-and-multiply.
 * Only public values go in, so the operation need not run in constant time.
 * @throws CryptoError `CRYPTO_RSA_MODULUS`, `CRYPTO_RSA_EXPONENT`, `CRYPTO_DATA_LENGTH`, `CRYPTO_RSA_DATA_RANGE`
 */
export function rsaPublicBigInt(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
  const e = checkRsaArguments(modulus, exponent, data);
  const n = bigIntFromBytes(modulus);
  const base = bigIntFromBytes(data);
  let result = 1n;
  for (let i = 0; i < e.length; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      result = (result * result) % n;
      if ((e[i] >> bit) & 1) result = (result * base) % n;
    }
  }
  return bytesFromBigInt(result, modulus.length);
}
