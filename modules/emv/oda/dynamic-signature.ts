import { concat, constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { frameProblem, HASH_LENGTH, HASH_SHA1, hashResult, recoverSigned, signedFields } from "./message-recovery.ts";
import type { RsaPublicKey } from "./public-key.ts";
import type { OdaReason, OdaVerdict } from "./reason.ts";

/** Signed Data Format of Signed Dynamic Application Data (DDA and CDA alike). */
export const DYNAMIC_SIGNATURE_FORMAT = 0x05;

/*
 * Book 2 §6.5.2 table 17 (and §6.6.2 table 22 for CDA), offsets in the
 * recovered data: header 0, format 1, Hash Algorithm Indicator 2, ICC
 * Dynamic Data Length (LDD) 3, ICC Dynamic Data (LDD bytes), Pad Pattern
 * (NIC - LDD - 25 bytes of BB), Hash Result (20), trailer. The dynamic
 * data opens with the ICC Dynamic Number's length (2-8) and the number.
 */
export const DYNAMIC_FIXED_BYTES = 25;

/** What DDA's last step needs (Book 2 §6.5.2). */
export interface DynamicSignatureInput {
  /** the ICC public key recovered by §6.4 */
  iccKey: RsaPublicKey;
  /** Signed Dynamic Application Data (9F4B) from INTERNAL AUTHENTICATE */
  signedDynamicData: Uint8Array;
  /** the terminal dynamic data: the data the DDOL asked for, as sent in INTERNAL AUTHENTICATE */
  ddolData: Uint8Array;
}

/** The fields of table 17, in hex (the length as a number). */
export interface DynamicSignatureFields {
  header: string;
  format: string;
  hashAlgorithm: string;
  /** LDD */
  dynamicDataLength: number;
  /** the ICC Dynamic Data, LDD bytes (as far as the signature holds them) */
  dynamicData: string;
  hashResult: string;
  trailer: string;
}

/** The outcome of §6.5.2; the ICC Dynamic Number (9F4C) when it is `valid`. */
export interface DynamicSignatureResult {
  verdict: OdaVerdict;
  reason?: OdaReason;
  recovered?: DynamicSignatureFields;
  computedHash?: string;
  /** 9F4C, once DDA succeeded */
  iccDynamicNumber?: string;
}

/** Table 17's fields of recovered data. */
export function dynamicSignatureFields(data: Uint8Array): DynamicSignatureFields {
  return {
    header: toHex(data.subarray(0, 1)),
    format: toHex(data.subarray(1, 2)),
    hashAlgorithm: toHex(data.subarray(2, 3)),
    dynamicDataLength: data[3],
    dynamicData: toHex(dynamicData(data)),
    hashResult: toHex(hashResult(data)),
    trailer: toHex(data.subarray(data.length - 1)),
  };
}

/** The ICC Dynamic Data, cut where the signature's pad pattern and hash must begin. */
export function dynamicData(data: Uint8Array): Uint8Array {
  return data.subarray(4, Math.min(4 + data[3], data.length - HASH_LENGTH - 1));
}

/** Whether LDD fits the signature (LDD ≤ NIC - 25). */
export function dynamicDataFits(data: Uint8Array): boolean {
  return data[3] <= data.length - DYNAMIC_FIXED_BYTES;
}

/** The ICC Dynamic Number at the start of the dynamic data (Book 2 table 16), or `undefined` when it is not 2-8 bytes within the data. */
export function iccDynamicNumber(dynamic: Uint8Array): Uint8Array | undefined {
  if (dynamic.length === 0) return undefined;
  const n = dynamic[0];
  if (n < 2 || n > 8 || 1 + n > dynamic.length) return undefined;
  return dynamic.subarray(1, 1 + n);
}

/** Steps 1 to 4 of §6.5.2 and §6.6.2: the recovered signature, or why there is none. */
export type DynamicRecovery = { ok: true; data: Uint8Array; recovered: DynamicSignatureFields } | { ok: false; reason: OdaReason; recovered?: DynamicSignatureFields };

/** Steps 1 to 4, shared by DDA and CDA. */
export function recoverDynamicSignature(crypto: Crypto, iccKey: RsaPublicKey, signed: Uint8Array): DynamicRecovery {
  const recovery = recoverSigned(crypto, iccKey, signed, DYNAMIC_FIXED_BYTES);
  if (!recovery.ok) return recovery;
  const data = recovery.data;
  const recovered = dynamicSignatureFields(data);
  const frame = frameProblem(data, DYNAMIC_SIGNATURE_FORMAT);
  if (frame) return { ok: false, reason: frame, recovered };
  return { ok: true, data, recovered };
}

/** Steps 5 to 7 of §6.5.2 (7 to 9 of §6.6.2): the hash over the signed fields and the terminal's data. */
export function signatureHash(crypto: Crypto, data: Uint8Array, terminalData: Uint8Array): { reason?: OdaReason; computed?: Uint8Array } {
  if (data[2] !== HASH_SHA1) return { reason: "hash-algorithm" };
  const computed = crypto.digest("SHA-1", concat(signedFields(data), terminalData));
  return constantTimeEqual(computed, hashResult(data)) ? { computed } : { reason: "hash", computed };
}

/**
 * Verifies the Signed Dynamic Application Data of INTERNAL AUTHENTICATE
 * with the ICC public key, EMV 4.4 Book 2 §6.5.2 steps 1 to 7, and reads
 * the ICC Dynamic Number from it.
 */
export function verifyDynamicSignature(crypto: Crypto, input: DynamicSignatureInput): DynamicSignatureResult {
  const recovery = recoverDynamicSignature(crypto, input.iccKey, input.signedDynamicData);
  if (!recovery.ok) return { verdict: "failed", reason: recovery.reason, ...(recovery.recovered ? { recovered: recovery.recovered } : {}) };
  const { data, recovered } = recovery;
  const hash = signatureHash(crypto, data, input.ddolData);
  const computedHash = hash.computed ? { computedHash: toHex(hash.computed) } : {};
  if (hash.reason) return { verdict: "failed", reason: hash.reason, recovered, ...computedHash };
  const number = dynamicDataFits(data) ? iccDynamicNumber(dynamicData(data)) : undefined;
  if (!number) return { verdict: "failed", reason: "dynamic-data-length", recovered, ...computedHash };
  return { verdict: "valid", recovered, ...computedHash, iccDynamicNumber: toHex(number) };
}
