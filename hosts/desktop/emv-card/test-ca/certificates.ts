import { concat } from "../../../../modules/core/bytes.ts";
import { fromHex } from "../../../../modules/core/hex.ts";
import type { Crypto } from "../../../../modules/crypto/port.ts";

/*
 * The signed structures of EMV 4.4 Book 2 an issuer's personalisation
 * writes into a card, laid out for signing with message recovery (annex
 * A2.1): header 6A, the fields, the SHA-1 hash, trailer BC, as long as the
 * signer's modulus.
 *
 * - Issuer Public Key Certificate (90), §5.3 table 2 / §6.3 table 6,
 *   signed by the CA;
 * - ICC Public Key Certificate (9F46), §6.4 table 14, and the ICC PIN
 *   Encipherment Public Key Certificate (9F2D), §7.1 table 24 (the same
 *   layout, its hash without the static data), signed by the issuer;
 * - Signed Static Application Data (93), §5.4 table 7, signed by the issuer.
 *
 * The private operation is the caller's (`tools/make-test-cards.ts` uses
 * OpenSSL through node:crypto); these functions only lay out and hash.
 */

/** An RSA public key, unsigned big-endian. */
export interface PublicKey {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

/** The signer's raw private operation on a message of its modulus's length. */
export type RawSign = (message: Uint8Array) => Uint8Array;

/** A certificate and the part of the certified key that did not fit in it. */
export interface Certificate {
  certificate: Uint8Array;
  /** the key's rightmost bytes, when it is longer than the certificate can hold (92, 9F48, 9F2F) */
  remainder?: Uint8Array;
}

const HEADER = 0x6a;
const TRAILER = 0xbc;
const SHA_1 = 0x01;
const RSA = 0x01;
const ISSUER_FORMAT = 0x02;
const ICC_FORMAT = 0x04;
const STATIC_FORMAT = 0x03;

/** The CA key check value the schemes publish: SHA-1 of RID, index, modulus and exponent (Book 2 §11.2.2 table 30). */
export function caKeyCheckValue(crypto: Pick<Crypto, "digest">, rid: Uint8Array, index: number, key: PublicKey): Uint8Array {
  return crypto.digest("SHA-1", concat(rid, Uint8Array.of(index), key.modulus, key.exponent));
}

/** MMYY as the two BCD bytes a certificate holds. */
function monthYear(expiry: string): Uint8Array {
  return fromHex(expiry);
}

/** PAN digits packed as `cn`, padded with F to `bytes`. */
function compressedNumeric(digits: string, bytes: number): Uint8Array {
  return fromHex(digits.padEnd(bytes * 2, "F"));
}

/**
 * The certified key's field: the whole key padded with BB when it fits in
 * `room` bytes, else its leftmost `room` bytes and the rest as remainder.
 */
function keyField(modulus: Uint8Array, room: number): { field: Uint8Array; remainder?: Uint8Array } {
  if (modulus.length <= room) return { field: concat(modulus, new Uint8Array(room - modulus.length).fill(0xbb)) };
  return { field: modulus.slice(0, room), remainder: modulus.slice(room) };
}

/** 6A || fields || SHA-1(fields || hashed) || BC, signed. `corrupt` flips a bit of the hash after computing it. */
function signRecoverable(crypto: Pick<Crypto, "digest">, sign: RawSign, fields: Uint8Array, hashed: Uint8Array, corrupt = false): Uint8Array {
  const hash = crypto.digest("SHA-1", concat(fields, hashed));
  if (corrupt) hash[hash.length - 1] ^= 0x01;
  return sign(concat(Uint8Array.of(HEADER), fields, hash, Uint8Array.of(TRAILER)));
}

/** What the Issuer Public Key Certificate certifies. */
export interface IssuerCertificateInput {
  /** the CA key's modulus length in bytes (NCA) */
  caModulusLength: number;
  issuerKey: PublicKey;
  /** the PAN: its leftmost six digits are the Issuer Identifier */
  pan: string;
  /** Certificate Serial Number, 3 bytes */
  serial: Uint8Array;
  /** Certificate Expiration Date MMYY */
  expiry: string;
  /** sign over a hash with one bit flipped (a certificate that fails) */
  corruptHash?: boolean;
}

/** Book 2 table 6: the Issuer Public Key Certificate, signed by the CA. */
export function issuerCertificate(crypto: Pick<Crypto, "digest">, input: IssuerCertificateInput, sign: RawSign): Certificate {
  const { field, remainder } = keyField(input.issuerKey.modulus, input.caModulusLength - 36);
  const fields = concat(
    Uint8Array.of(ISSUER_FORMAT),
    compressedNumeric(input.pan.slice(0, 6), 4),
    monthYear(input.expiry),
    input.serial,
    Uint8Array.of(SHA_1, RSA, input.issuerKey.modulus.length, input.issuerKey.exponent.length),
    field,
  );
  const certificate = signRecoverable(crypto, sign, fields, concat(remainder ?? new Uint8Array(0), input.issuerKey.exponent), input.corruptHash);
  return remainder ? { certificate, remainder } : { certificate };
}

/** What an ICC (or ICC PIN Encipherment) Public Key Certificate certifies. */
export interface IccCertificateInput {
  /** the issuer key's modulus length in bytes (NI) */
  issuerModulusLength: number;
  iccKey: PublicKey;
  pan: string;
  serial: Uint8Array;
  expiry: string;
  /** the static data to be authenticated; absent for the PIN encipherment key's certificate */
  staticData?: Uint8Array;
}

/** Book 2 table 14 (and table 24 without static data): the certificate, signed by the issuer. */
export function iccCertificate(crypto: Pick<Crypto, "digest">, input: IccCertificateInput, sign: RawSign): Certificate {
  const { field, remainder } = keyField(input.iccKey.modulus, input.issuerModulusLength - 42);
  const fields = concat(
    Uint8Array.of(ICC_FORMAT),
    compressedNumeric(input.pan, 10),
    monthYear(input.expiry),
    input.serial,
    Uint8Array.of(SHA_1, RSA, input.iccKey.modulus.length, input.iccKey.exponent.length),
    field,
  );
  const hashed = concat(remainder ?? new Uint8Array(0), input.iccKey.exponent, input.staticData ?? new Uint8Array(0));
  const certificate = signRecoverable(crypto, sign, fields, hashed);
  return remainder ? { certificate, remainder } : { certificate };
}

/** Book 2 table 7: Signed Static Application Data over the static data, signed by the issuer. */
export function signedStaticApplicationData(
  crypto: Pick<Crypto, "digest">,
  issuerModulusLength: number,
  dataAuthenticationCode: Uint8Array,
  staticData: Uint8Array,
  sign: RawSign,
): Uint8Array {
  const fields = concat(Uint8Array.of(STATIC_FORMAT, SHA_1), dataAuthenticationCode, new Uint8Array(issuerModulusLength - 26).fill(0xbb));
  return signRecoverable(crypto, sign, fields, staticData);
}
