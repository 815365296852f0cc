import { concat } from "../../core/bytes.ts";
import type { OdaReason } from "./reason.ts";
import { HASH_LENGTH, signedFields } from "./message-recovery.ts";

/*
 * What issuer (Book 2 §5.3, table 6) and ICC (§6.4, table 14) public key
 * certificates share: the key's length and its exponent's length, then the
 * key — whole and padded with BB when it fits in the certificate, its
 * leftmost digits otherwise, the rest coming from the remainder (92 or
 * 9F48) — then the hash and trailer.
 */

/** Where a certificate keeps its key fields. */
export interface KeyLayout {
  /** offset of the Public Key Length byte; the Exponent Length follows it, then the key */
  lengthAt: number;
}

/** The key a certificate carries, checked against the remainder and exponent the card sent (step 5). */
export type CertifiedKey = { ok: true; modulus: Uint8Array; hashInput: Uint8Array } | { ok: false; reason: OdaReason };

/** The bytes of the "Public Key or Leftmost Digits of the Public Key" field. */
export function leftmostDigits(data: Uint8Array, layout: KeyLayout): Uint8Array {
  return data.subarray(layout.lengthAt + 2, data.length - HASH_LENGTH - 1);
}

/**
 * Step 5: the modulus is the leftmost digits and the remainder when the key
 * is longer than the field, the first bytes of the field otherwise; the
 * hash covers the recovered fields, the remainder if present, the exponent
 * and any data signed with them (the static data for an ICC key).
 */
export function certifiedKey(data: Uint8Array, layout: KeyLayout, remainder: Uint8Array | undefined, exponent: Uint8Array, signedAlso?: Uint8Array): CertifiedKey {
  const keyLength = data[layout.lengthAt];
  const exponentLength = data[layout.lengthAt + 1];
  const field = leftmostDigits(data, layout);
  const rest = remainder ?? new Uint8Array(0);
  let modulus: Uint8Array;
  if (keyLength > field.length) {
    if (rest.length === 0) return { ok: false, reason: "remainder-missing" };
    if (rest.length !== keyLength - field.length) return { ok: false, reason: "remainder-length" };
    modulus = concat(field, rest);
  } else {
    modulus = field.slice(0, keyLength);
  }
  if (exponent.length !== exponentLength) return { ok: false, reason: "exponent-length" };
  return { ok: true, modulus, hashInput: concat(signedFields(data), rest, exponent, signedAlso ?? new Uint8Array(0)) };
}
