import { constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { CaKeyUse } from "./ca-key.ts";
import { certificateExpiry, expiredBy, transactionMonth } from "./certificate-dates.ts";
import { certifiedKey, leftmostDigits } from "./certified-key.ts";
import { issuerIdentifierMatches } from "./identifiers.ts";
import { frameProblem, HASH_SHA1, hashResult, PK_ALGORITHM_RSA, recoverSigned } from "./message-recovery.ts";
import { publicKeyJson, type RsaPublicKeyJson } from "./public-key.ts";
import type { OdaReason, OdaVerdict } from "./reason.ts";
import { isRevoked, type RevokedCertificate } from "./revocation.ts";

/** Certificate Format of an Issuer Public Key Certificate. */
export const ISSUER_CERTIFICATE_FORMAT = 0x02;

/*
 * Book 2 §5.3 table 6, offsets in the recovered data: header 0, format 1,
 * Issuer Identifier 2-5, Certificate Expiration Date 6-7, Certificate
 * Serial Number 8-10, Hash Algorithm Indicator 11, Issuer Public Key
 * Algorithm Indicator 12, Issuer Public Key Length 13, Issuer Public Key
 * Exponent Length 14, the key or its leftmost digits (NCA - 36 bytes), Hash
 * Result (20), trailer.
 */
const LAYOUT = { lengthAt: 13 };
const FIXED_BYTES = 36;

/** What recovering the issuer public key needs (SDA and the first step of DDA and CDA alike, Book 2 §5.3 and §6.3). */
export interface IssuerKeyInput {
  /** the CA public key the card's CA Public Key Index (8F) names */
  caKey: CaKeyUse;
  /** Issuer Public Key Certificate (90) */
  certificate: Uint8Array;
  /** Issuer Public Key Remainder (92), when the card has one */
  remainder?: Uint8Array;
  /** Issuer Public Key Exponent (9F32) */
  exponent: Uint8Array;
  /** Application PAN (5A) */
  pan: Uint8Array;
  /** Transaction Date (9A), YYMMDD in BCD */
  transactionDate: Uint8Array;
  /** the certification revocation list: RID, CA key index and serial number of revoked issuer certificates */
  revoked?: Iterable<RevokedCertificate>;
}

/** The fields of table 6, in hex (lengths as numbers). */
export interface IssuerCertificateFields {
  header: string;
  format: string;
  /** the PAN's leftmost 3-8 digits, padded with F */
  issuerIdentifier: string;
  /** MMYY */
  expiry: string;
  serial: string;
  hashAlgorithm: string;
  publicKeyAlgorithm: string;
  /** NI, bytes */
  publicKeyLength: number;
  exponentLength: number;
  /** the whole field: the key and its BB padding, or the key's leftmost NCA - 36 bytes */
  leftmostDigits: string;
  hashResult: string;
  trailer: string;
}

/** The outcome of §5.3: JSON, every recovered field, and the key when it is `valid`. */
export interface IssuerKeyResult {
  verdict: OdaVerdict;
  /** why it failed */
  reason?: OdaReason;
  /** absent when nothing could be recovered (length, range) */
  recovered?: IssuerCertificateFields;
  /** SHA-1 of the signed fields, remainder and exponent, once computed */
  computedHash?: string;
  /** the issuer public key (modulus = leftmost digits || remainder, exponent = 9F32) */
  publicKey?: RsaPublicKeyJson;
}

/** Table 6's fields of recovered data. */
export function issuerCertificateFields(data: Uint8Array): IssuerCertificateFields {
  return {
    header: toHex(data.subarray(0, 1)),
    format: toHex(data.subarray(1, 2)),
    issuerIdentifier: toHex(data.subarray(2, 6)),
    expiry: toHex(data.subarray(6, 8)),
    serial: toHex(data.subarray(8, 11)),
    hashAlgorithm: toHex(data.subarray(11, 12)),
    publicKeyAlgorithm: toHex(data.subarray(12, 13)),
    publicKeyLength: data[13],
    exponentLength: data[14],
    leftmostDigits: toHex(leftmostDigits(data, LAYOUT)),
    hashResult: toHex(hashResult(data)),
    trailer: toHex(data.subarray(data.length - 1)),
  };
}

/**
 * Retrieves the issuer public key from its certificate, EMV 4.4 Book 2
 * §5.3 (and §6.3, which repeats it for DDA and CDA), steps 1 to 12 in the
 * book's order. A certificate that fails a step is an outcome with its
 * reason, never an exception.
 * @throws OdaError `ODA_DATE` when the transaction date is not a date (a terminal fault, not the card's)
 */
export function recoverIssuerKey(crypto: Crypto, input: IssuerKeyInput): IssuerKeyResult {
  const today = transactionMonth(input.transactionDate);
  // steps 1 and 2
  const recovery = recoverSigned(crypto, input.caKey, input.certificate, FIXED_BYTES);
  if (!recovery.ok) return { verdict: "failed", reason: recovery.reason };
  const data = recovery.data;
  const recovered = issuerCertificateFields(data);
  const failed = (reason: OdaReason, computed?: Uint8Array): IssuerKeyResult => ({
    verdict: "failed",
    reason,
    recovered,
    ...(computed ? { computedHash: toHex(computed) } : {}),
  });
  // steps 2 to 4
  const frame = frameProblem(data, ISSUER_CERTIFICATE_FORMAT);
  if (frame) return failed(frame);
  // step 5
  const key = certifiedKey(data, LAYOUT, input.remainder, input.exponent);
  if (!key.ok) return failed(key.reason);
  // steps 6 and 7
  if (data[11] !== HASH_SHA1) return failed("hash-algorithm");
  const computed = crypto.digest("SHA-1", key.hashInput);
  if (!constantTimeEqual(computed, hashResult(data))) return failed("hash", computed);
  // step 8
  if (!issuerIdentifierMatches(data.subarray(2, 6), input.pan)) return failed("issuer-identifier", computed);
  // step 9
  const expiry = certificateExpiry(data.subarray(6, 8));
  if (!expiry) return failed("expiry-format", computed);
  if (expiredBy(expiry, today)) return failed("expired", computed);
  // step 10
  if (isRevoked(input.revoked, input.caKey.rid, input.caKey.index, data.subarray(8, 11))) return failed("revoked", computed);
  // step 11
  if (data[12] !== PK_ALGORITHM_RSA) return failed("public-key-algorithm", computed);
  // step 12
  return { verdict: "valid", recovered, computedHash: toHex(computed), publicKey: publicKeyJson({ modulus: key.modulus, exponent: input.exponent }) };
}
