import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { certificateExpiry, expiredBy, transactionMonth } from "./certificate-dates.ts";
import { checkKeyCertificate, keyCertificateFailure, keyCertificateFields, type KeyCertificateFields } from "./certified-key.ts";
import { certificatePanMatches, maskedCertificatePan } from "./identifiers.ts";
import { PK_ALGORITHM_RSA } from "./message-recovery.ts";
import { publicKeyJson, type RsaPublicKey, type RsaPublicKeyJson } from "./public-key.ts";
import type { OdaReason, OdaVerdict } from "./reason.ts";

/** Certificate Format of an ICC Public Key Certificate. */
export const ICC_CERTIFICATE_FORMAT = 0x04;

/*
 * Book 2 §6.4 table 14, offsets in the recovered data: header 0, format 1,
 * Application PAN 2-11, Certificate Expiration Date 12-13, Certificate
 * Serial Number 14-16, Hash Algorithm Indicator 17, ICC Public Key
 * Algorithm Indicator 18, ICC Public Key Length 19, ICC Public Key Exponent
 * Length 20, the key or its leftmost digits (NI - 42 bytes), Hash Result
 * (20), trailer.
 */
const LAYOUT = { lengthAt: 19 };
const SHAPE = { ...LAYOUT, format: ICC_CERTIFICATE_FORMAT, fixedBytes: 42, hashAlgorithmAt: 17 };

/** What recovering the ICC public key needs (DDA and CDA, Book 2 §6.4). */
export interface IccKeyInput {
  /** the issuer public key recovered by §6.3 */
  issuerKey: RsaPublicKey;
  /** ICC Public Key Certificate (9F46) */
  certificate: Uint8Array;
  /** ICC Public Key Remainder (9F48), when the card has one */
  remainder?: Uint8Array;
  /** ICC Public Key Exponent (9F47) */
  exponent: Uint8Array;
  /**
   * The static data to be authenticated (Book 3 §10.3): the records the
   * AFL marks for offline data authentication, then the AIP when the SDA
   * Tag List (9F4A) names it.
   */
  staticData: Uint8Array;
  /** Application PAN (5A) */
  pan: Uint8Array;
  /** Transaction Date (9A), YYMMDD in BCD */
  transactionDate: Uint8Array;
}

/** The fields of table 14, in hex (lengths as numbers); the PAN masked. */
export interface IccCertificateFields extends KeyCertificateFields {
  /** the certificate's Application PAN, first 6 and last 4 digits; `null` when it is not `cn` */
  pan: string | null;
}

/** The outcome of §6.4: JSON, every recovered field, and the key when it is `valid`. */
export interface IccKeyResult {
  verdict: OdaVerdict;
  reason?: OdaReason;
  recovered?: IccCertificateFields;
  /** SHA-1 of the signed fields, remainder, exponent and static data, once computed */
  computedHash?: string;
  /** the ICC public key (modulus = leftmost digits || remainder, exponent = 9F47) */
  publicKey?: RsaPublicKeyJson;
}

/** Table 14's fields of recovered data. */
export function iccCertificateFields(data: Uint8Array): IccCertificateFields {
  return keyCertificateFields(data, LAYOUT, { pan: maskedCertificatePan(data.subarray(2, 12)) });
}

/**
 * Retrieves the ICC public key from its certificate, EMV 4.4 Book 2 §6.4
 * steps 1 to 11 in the book's order. The certificate's hash also signs the
 * static data, so a valid key means the static data is the issuer's too.
 * @throws OdaError `ODA_DATE` when the transaction date is not a date
 */
export function recoverIccKey(crypto: Crypto, input: IccKeyInput): IccKeyResult {
  const today = transactionMonth(input.transactionDate);
  // steps 1 to 7
  const steps = checkKeyCertificate(crypto, input.issuerKey, input, SHAPE, iccCertificateFields, input.staticData);
  if (!steps.ok) return steps.failure;
  const { data, recovered, computed } = steps;
  const failed = (reason: OdaReason, hash: Uint8Array): IccKeyResult => keyCertificateFailure(reason, recovered, hash);
  // step 8 (the recovered PAN leaves this function only masked, in `recovered`)
  if (!certificatePanMatches(data.subarray(2, 12), input.pan)) return failed("pan", computed);
  // step 9
  const expiry = certificateExpiry(data.subarray(12, 14));
  if (!expiry) return failed("expiry-format", computed);
  if (expiredBy(expiry, today)) return failed("expired", computed);
  // step 10
  if (data[18] !== PK_ALGORITHM_RSA) return failed("public-key-algorithm", computed);
  // step 11
  return { verdict: "valid", recovered, computedHash: toHex(computed), publicKey: publicKeyJson({ modulus: steps.modulus, exponent: input.exponent }) };
}
