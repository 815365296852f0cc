import { isXsposError } from "../../core/error.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { RsaPublicKey } from "./public-key.ts";
import type { OdaReason } from "./reason.ts";

/*
 * The first four steps every ODA check shares (EMV 4.4 Book 2 §5.3, §5.4,
 * §6.4, §6.5.2, §6.6.2, steps 1 to 4), over the digital signature scheme
 * giving message recovery of annex A2.1: the signed data is exactly as long
 * as the key's modulus; the RSA public operation recovers
 * 6A || format || fields || hash || BC.
 */

/** Recovered Data Header (Book 2 annex A2.1). */
export const RECOVERED_HEADER = 0x6a;
/** Recovered Data Trailer. */
export const RECOVERED_TRAILER = 0xbc;
/** Hash Algorithm Indicator of SHA-1, the only one EMV 4.4 ODA uses (Book 2 annex B3). */
export const HASH_SHA1 = 0x01;
/** Public Key Algorithm Indicator of RSA (Book 2 annex B2). */
export const PK_ALGORITHM_RSA = 0x01;
/** Length of the Hash Result with SHA-1. */
export const HASH_LENGTH = 20;

/** What the RSA public operation gave, or why there is nothing to read. */
export type Recovery = { ok: true; data: Uint8Array } | { ok: false; reason: OdaReason };

/**
 * Step 1 and the recovery of step 2: the signed data must be as long as
 * the modulus (and long enough for the fixed fields of its format), and
 * below it.
 * @param minimum - header, fixed fields, hash and trailer of the format, in bytes
 */
export function recoverSigned(crypto: Crypto, key: RsaPublicKey, signed: Uint8Array, minimum: number): Recovery {
  if (signed.length !== key.modulus.length || signed.length < minimum) return { ok: false, reason: "length" };
  try {
    return { ok: true, data: crypto.rsaPublic(key.modulus, key.exponent, signed) };
  } catch (e) {
    if (isXsposError(e, "CRYPTO_RSA_DATA_RANGE")) return { ok: false, reason: "not-recoverable" };
    if (isXsposError(e, "CRYPTO_RSA_MODULUS") || isXsposError(e, "CRYPTO_RSA_EXPONENT")) return { ok: false, reason: "public-key-invalid" };
    throw e;
  }
}

/**
 * Steps 2 to 4 on the recovered data, in the book's order: trailer BC,
 * header 6A, the format expected.
 */
export function frameProblem(data: Uint8Array, format: number): OdaReason | undefined {
  if (data[data.length - 1] !== RECOVERED_TRAILER) return "trailer";
  if (data[0] !== RECOVERED_HEADER) return "header";
  if (data[1] !== format) return "format";
  return undefined;
}

/** What the Hash Result covers of the recovered data: from the format up to the hash (steps 5 of each section). */
export function signedFields(data: Uint8Array): Uint8Array {
  return data.subarray(1, data.length - HASH_LENGTH - 1);
}

/** The recovered Hash Result. */
export function hashResult(data: Uint8Array): Uint8Array {
  return data.subarray(data.length - HASH_LENGTH - 1, data.length - 1);
}
