import { concat, constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { RsaPublicKey } from "./public-key.ts";
import type { OdaReason } from "./reason.ts";
import { frameProblem, HASH_LENGTH, HASH_SHA1, hashResult, recoverSigned, signedFields } from "./message-recovery.ts";

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

/** The fields issuer and ICC key certificates share (tables 6 and 14), in hex, lengths as numbers. */
export interface KeyCertificateFields {
  header: string;
  format: string;
  /** MMYY */
  expiry: string;
  serial: string;
  hashAlgorithm: string;
  publicKeyAlgorithm: string;
  /** the certified key's length (NI or NIC), bytes */
  publicKeyLength: number;
  exponentLength: number;
  /** the whole field: the key and its BB padding, or its leftmost NCA - 36 (issuer) or NI - 42 (ICC) bytes */
  leftmostDigits: string;
  hashResult: string;
  trailer: string;
}

/**
 * A certificate's fields in the table's order, its own identifier after
 * the format. Both tables put expiry (2 bytes), serial (3), hash and key
 * algorithm indicators (1 each) just before the key length.
 */
export function keyCertificateFields<I extends object>(data: Uint8Array, layout: KeyLayout, identifier: I): KeyCertificateFields & I {
  const at = layout.lengthAt;
  return {
    header: toHex(data.subarray(0, 1)),
    format: toHex(data.subarray(1, 2)),
    ...identifier,
    expiry: toHex(data.subarray(at - 7, at - 5)),
    serial: toHex(data.subarray(at - 5, at - 2)),
    hashAlgorithm: toHex(data.subarray(at - 2, at - 1)),
    publicKeyAlgorithm: toHex(data.subarray(at - 1, at)),
    publicKeyLength: data[at],
    exponentLength: data[at + 1],
    leftmostDigits: toHex(leftmostDigits(data, layout)),
    hashResult: toHex(hashResult(data)),
    trailer: toHex(data.subarray(data.length - 1)),
  };
}

/** A key certificate's format and where its fields sit (table 6 or 14). */
export interface KeyCertificateShape extends KeyLayout {
  /** the Certificate Format expected (02 issuer, 04 ICC) */
  format: number;
  /** header, fixed fields, hash and trailer, in bytes */
  fixedBytes: number;
  /** offset of the Hash Algorithm Indicator */
  hashAlgorithmAt: number;
}

/** What a key certificate's recovery needs from the card. */
export interface KeyCertificateInput {
  certificate: Uint8Array;
  remainder?: Uint8Array;
  exponent: Uint8Array;
}

/** A failed key certificate: the reason, the recovered fields when there are any, the hash once computed. */
export interface KeyCertificateFailure<F> {
  verdict: "failed";
  reason: OdaReason;
  recovered?: F;
  computedHash?: string;
}

/** The outcome of steps 1 to 7: the recovered data, its fields, the key and the hash, or the failure. */
export type KeyCertificateSteps<F> =
  | { ok: true; data: Uint8Array; recovered: F; modulus: Uint8Array; computed: Uint8Array }
  | { ok: false; failure: KeyCertificateFailure<F> };

/** The failed outcome of a step after the fields were recovered. */
export function keyCertificateFailure<F>(reason: OdaReason, recovered: F, computed?: Uint8Array): KeyCertificateFailure<F> {
  return { verdict: "failed", reason, recovered, ...(computed ? { computedHash: toHex(computed) } : {}) };
}

/**
 * Steps 1 to 7 that issuer (§5.3) and ICC (§6.4) key certificates share,
 * in the book's order: recovery, frame and format, the certified key, the
 * hash algorithm and the hash.
 * @param fields - reads the format's fields from the recovered data
 * @param signedAlso - data the hash signs after the exponent (the ICC key's static data)
 */
export function checkKeyCertificate<F>(
  crypto: Crypto,
  signer: RsaPublicKey,
  input: KeyCertificateInput,
  shape: KeyCertificateShape,
  fields: (data: Uint8Array) => F,
  signedAlso?: Uint8Array,
): KeyCertificateSteps<F> {
  // steps 1 and 2
  const recovery = recoverSigned(crypto, signer, input.certificate, shape.fixedBytes);
  if (!recovery.ok) return { ok: false, failure: { verdict: "failed", reason: recovery.reason } };
  const data = recovery.data;
  const recovered = fields(data);
  const failed = (reason: OdaReason, computed?: Uint8Array): KeyCertificateSteps<F> => ({ ok: false, failure: keyCertificateFailure(reason, recovered, computed) });
  // steps 2 to 4
  const frame = frameProblem(data, shape.format);
  if (frame) return failed(frame);
  // step 5
  const key = certifiedKey(data, shape, input.remainder, input.exponent, signedAlso);
  if (!key.ok) return failed(key.reason);
  // steps 6 and 7
  if (data[shape.hashAlgorithmAt] !== HASH_SHA1) return failed("hash-algorithm");
  const computed = crypto.digest("SHA-1", key.hashInput);
  if (!constantTimeEqual(computed, hashResult(data))) return failed("hash", computed);
  return { ok: true, data, recovered, modulus: key.modulus, computed };
}
