import { constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { certificateExpiry, expiredBy, transactionMonth } from "./certificate-dates.ts";
import { certifiedKey, leftmostDigits } from "./certified-key.ts";
import { certificatePanMatches, maskedCertificatePan } from "./identifiers.ts";
import { frameProblem, HASH_SHA1, hashResult, PK_ALGORITHM_RSA, recoverSigned } from "./message-recovery.ts";
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
const FIXED_BYTES = 42;

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
export interface IccCertificateFields {
  header: string;
  format: string;
  /** the certificate's Application PAN, first 6 and last 4 digits; `null` when it is not `cn` */
  pan: string | null;
  /** MMYY */
  expiry: string;
  serial: string;
  hashAlgorithm: string;
  publicKeyAlgorithm: string;
  /** NIC, bytes */
  publicKeyLength: number;
  exponentLength: number;
  /** the whole field: the key and its BB padding, or the key's leftmost NI - 42 bytes */
  leftmostDigits: string;
  hashResult: string;
  trailer: string;
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
  return {
    header: toHex(data.subarray(0, 1)),
    format: toHex(data.subarray(1, 2)),
    pan: maskedCertificatePan(data.subarray(2, 12)),
    expiry: toHex(data.subarray(12, 14)),
    serial: toHex(data.subarray(14, 17)),
    hashAlgorithm: toHex(data.subarray(17, 18)),
    publicKeyAlgorithm: toHex(data.subarray(18, 19)),
    publicKeyLength: data[19],
    exponentLength: data[20],
    leftmostDigits: toHex(leftmostDigits(data, LAYOUT)),
    hashResult: toHex(hashResult(data)),
    trailer: toHex(data.subarray(data.length - 1)),
  };
}

/**
 * Retrieves the ICC public key from its certificate, EMV 4.4 Book 2 §6.4
 * steps 1 to 11 in the book's order. The certificate's hash also signs the
 * static data, so a valid key means the static data is the issuer's too.
 * @throws OdaError `ODA_DATE` when the transaction date is not a date
 */
export function recoverIccKey(crypto: Crypto, input: IccKeyInput): IccKeyResult {
  const today = transactionMonth(input.transactionDate);
  // steps 1 and 2
  const recovery = recoverSigned(crypto, input.issuerKey, input.certificate, FIXED_BYTES);
  if (!recovery.ok) return { verdict: "failed", reason: recovery.reason };
  const data = recovery.data;
  const recovered = iccCertificateFields(data);
  const failed = (reason: OdaReason, computed?: Uint8Array): IccKeyResult => ({
    verdict: "failed",
    reason,
    recovered,
    ...(computed ? { computedHash: toHex(computed) } : {}),
  });
  // steps 2 to 4
  const frame = frameProblem(data, ICC_CERTIFICATE_FORMAT);
  if (frame) return failed(frame);
  // step 5
  const key = certifiedKey(data, LAYOUT, input.remainder, input.exponent, input.staticData);
  if (!key.ok) return failed(key.reason);
  // steps 6 and 7
  if (data[17] !== HASH_SHA1) return failed("hash-algorithm");
  const computed = crypto.digest("SHA-1", key.hashInput);
  if (!constantTimeEqual(computed, hashResult(data))) return failed("hash", computed);
  // step 8 (the recovered PAN leaves this function only masked, in `recovered`)
  if (!certificatePanMatches(data.subarray(2, 12), input.pan)) return failed("pan", computed);
  // step 9
  const expiry = certificateExpiry(data.subarray(12, 14));
  if (!expiry) return failed("expiry-format", computed);
  if (expiredBy(expiry, today)) return failed("expired", computed);
  // step 10
  if (data[18] !== PK_ALGORITHM_RSA) return failed("public-key-algorithm", computed);
  // step 11
  return { verdict: "valid", recovered, computedHash: toHex(computed), publicKey: publicKeyJson({ modulus: key.modulus, exponent: input.exponent }) };
}
