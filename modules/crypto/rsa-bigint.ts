import { checkRsaArguments } from "./check.ts";

const HEX = "0123456789abcdef";

function toBigInt(bytes: Uint8Array): bigint {
  let hex = "0x";
  for (let i = 0; i < bytes.length; i++) hex += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return BigInt(hex);
}

function toBytes(value: bigint, length: number): Uint8Array {
  const hex = value.toString(16).padStart(length * 2, "0");
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
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
  const n = toBigInt(modulus);
  const base = toBigInt(data);
  let result = 1n;
  for (let i = 0; i < e.length; i++) {
    for (let bit = 7; bit >= 0; bit--) {
      result = (result * result) % n;
      if ((e[i] >> bit) & 1) result = (result * base) % n;
    }
  }
  return toBytes(result, modulus.length);
}
