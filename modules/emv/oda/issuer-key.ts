import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import type { CaKeyUse } from "./ca-key.ts";
import { certificateExpiry, expiredBy, transactionMonth } from "./certificate-dates.ts";
import { checkKeyCertificate, keyCertificateFailure, keyCertificateFields, type KeyCertificateFields } from "./certified-key.ts";
import { issuerIdentifierMatches } from "./identifiers.ts";
import { PK_ALGORITHM_RSA } from "./message-recovery.ts";
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
const SHAPE = { ...LAYOUT, format: ISSUER_CERTIFICATE_FORMAT, fixedBytes: 36, hashAlgorithmAt: 11 };

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
export interface IssuerCertificateFields extends KeyCertificateFields {
  /** the PAN's leftmost 3-8 digits, padded with F */
  issuerIdentifier: string;
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
  return keyCertificateFields(data, LAYOUT, { issuerIdentifier: toHex(data.subarray(2, 6)) });
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
  // steps 1 to 7
  const steps = checkKeyCertificate(crypto, input.caKey, input, SHAPE, issuerCertificateFields);
  if (!steps.ok) return steps.failure;
  const { data, recovered, computed } = steps;
  const failed = (reason: OdaReason, hash: Uint8Array): IssuerKeyResult => keyCertificateFailure(reason, recovered, hash);
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
  return { verdict: "valid", recovered, computedHash: toHex(computed), publicKey: publicKeyJson({ modulus: steps.modulus, exponent: input.exponent }) };
}
