import { concat, constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { frameProblem, HASH_SHA1, hashResult, recoverSigned, signedFields } from "./message-recovery.ts";
import type { RsaPublicKey } from "./public-key.ts";
import type { OdaReason, OdaVerdict } from "./reason.ts";

/** Signed Data Format of Signed Static Application Data. */
export const STATIC_SIGNATURE_FORMAT = 0x03;

/*
 * Book 2 §5.4 table 7, offsets in the recovered data: header 0, format 1,
 * Hash Algorithm Indicator 2, Data Authentication Code 3-4, Pad Pattern
 * (NI - 26 bytes of BB), Hash Result (20), trailer.
 */
const FIXED_BYTES = 26;

/** What SDA's last step needs (Book 2 §5.4). */
export interface StaticSignatureInput {
  /** the issuer public key recovered by §5.3 */
  issuerKey: RsaPublicKey;
  /** Signed Static Application Data (93) */
  signedStaticData: Uint8Array;
  /** the static data to be authenticated (records marked for ODA, then the AIP when 9F4A names it) */
  staticData: Uint8Array;
}

/** The fields of table 7, in hex. */
export interface StaticSignatureFields {
  header: string;
  format: string;
  hashAlgorithm: string;
  /** Data Authentication Code, which the terminal keeps as 9F45 */
  dataAuthenticationCode: string;
  hashResult: string;
  trailer: string;
}

/** The outcome of §5.4; `dataAuthenticationCode` when it is `valid`. */
export interface StaticSignatureResult {
  verdict: OdaVerdict;
  reason?: OdaReason;
  recovered?: StaticSignatureFields;
  computedHash?: string;
  /** 9F45, once SDA succeeded */
  dataAuthenticationCode?: string;
}

/**
 * Verifies the Signed Static Application Data with the issuer public key,
 * EMV 4.4 Book 2 §5.4 steps 1 to 7.
 */
export function verifyStaticSignature(crypto: Crypto, input: StaticSignatureInput): StaticSignatureResult {
  const recovery = recoverSigned(crypto, input.issuerKey, input.signedStaticData, FIXED_BYTES);
  if (!recovery.ok) return { verdict: "failed", reason: recovery.reason };
  const data = recovery.data;
  const recovered: StaticSignatureFields = {
    header: toHex(data.subarray(0, 1)),
    format: toHex(data.subarray(1, 2)),
    hashAlgorithm: toHex(data.subarray(2, 3)),
    dataAuthenticationCode: toHex(data.subarray(3, 5)),
    hashResult: toHex(hashResult(data)),
    trailer: toHex(data.subarray(data.length - 1)),
  };
  // steps 2 to 4
  const frame = frameProblem(data, STATIC_SIGNATURE_FORMAT);
  if (frame) return { verdict: "failed", reason: frame, recovered };
  // steps 5 and 6
  if (data[2] !== HASH_SHA1) return { verdict: "failed", reason: "hash-algorithm", recovered };
  const computed = crypto.digest("SHA-1", concat(signedFields(data), input.staticData));
  const computedHash = toHex(computed);
  // step 7
  if (!constantTimeEqual(computed, hashResult(data))) return { verdict: "failed", reason: "hash", recovered, computedHash };
  return { verdict: "valid", recovered, computedHash, dataAuthenticationCode: recovered.dataAuthenticationCode };
}
