import { fromHex, toHex } from "../../core/hex.ts";

/** An RSA public key: modulus and exponent, unsigned big-endian. */
export interface RsaPublicKey {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

/** An RSA public key in a JSON result: upper-case hex. */
export interface RsaPublicKeyJson {
  modulus: string;
  exponent: string;
}

/** The JSON form of a key, for a step's result. */
export function publicKeyJson(key: RsaPublicKey): RsaPublicKeyJson {
  return { modulus: toHex(key.modulus), exponent: toHex(key.exponent) };
}

/** The key a step recovered, as bytes again, to hand to the next step. */
export function publicKeyFromJson(key: RsaPublicKeyJson): RsaPublicKey {
  return { modulus: fromHex(key.modulus), exponent: fromHex(key.exponent) };
}
