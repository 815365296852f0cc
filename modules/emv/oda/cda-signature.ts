import { concat, constantTimeEqual } from "../../core/bytes.ts";
import { toHex } from "../../core/hex.ts";
import type { Crypto } from "../../crypto/port.ts";
import { dynamicData, dynamicDataFits, iccDynamicNumber, recoverDynamicSignature, signatureHash, type DynamicSignatureFields } from "./dynamic-signature.ts";
import { readCdaResponse } from "./generate-ac-response.ts";
import { HASH_LENGTH } from "./message-recovery.ts";
import type { RsaPublicKey } from "./public-key.ts";
import type { OdaReason, OdaVerdict } from "./reason.ts";

/*
 * CDA's ICC Dynamic Data, Book 2 §6.6.1 table 19: ICC Dynamic Number Length
 * (1), ICC Dynamic Number (2-8), Cryptogram Information Data (1),
 * Application Cryptogram (8), Transaction Data Hash Code (20).
 */
const CRYPTOGRAM_LENGTH = 8;

/** What CDA's verification needs (Book 2 §6.6.2). */
export interface CdaSignatureInput {
  /** the ICC public key recovered by §6.4 */
  iccKey: RsaPublicKey;
  /** the GENERATE AC response data, without SW1 SW2: a template 77 holding 9F27, 9F36, 9F4B, ... */
  response: Uint8Array;
  /** the Unpredictable Number (9F37) the terminal sent with the CDOL data */
  unpredictableNumber: Uint8Array;
  /** the values the PDOL asked for, as sent in GET PROCESSING OPTIONS (no tag 83, no length); empty without a PDOL */
  pdolData: Uint8Array;
  /** the CDOL1 data sent in the first GENERATE AC */
  cdol1Data: Uint8Array;
  /** the CDOL2 data, when verifying the second GENERATE AC */
  cdol2Data?: Uint8Array;
}

/** Table 22's fields, with table 19's parts of the ICC Dynamic Data when they could be read. */
export interface CdaSignatureFields extends DynamicSignatureFields {
  iccDynamicNumber?: string;
  cid?: string;
  cryptogram?: string;
  transactionDataHashCode?: string;
}

/** The outcome of §6.6.2; the ICC Dynamic Number (9F4C), CID and Application Cryptogram (9F26) when it is `valid`. */
export interface CdaSignatureResult {
  verdict: OdaVerdict;
  reason?: OdaReason;
  /** with `data-missing`: 9F27, 9F4B */
  missing?: string[];
  recovered?: CdaSignatureFields;
  /** the CID of the response (9F27) */
  responseCid?: string;
  /** SHA-1 of the signed fields and the Unpredictable Number */
  computedHash?: string;
  /** SHA-1 of PDOL data, CDOL1 data, CDOL2 data and the response's objects but 9F4B */
  computedTransactionDataHash?: string;
  iccDynamicNumber?: string;
  cid?: string;
  cryptogram?: string;
}

interface CdaDynamicData {
  number: Uint8Array;
  cid: number;
  cryptogram: Uint8Array;
  transactionDataHash: Uint8Array;
}

/** Table 19 read from the ICC Dynamic Data, or `undefined` when LDD does not fit or is too short for it. */
function cdaDynamicData(data: Uint8Array): CdaDynamicData | undefined {
  if (!dynamicDataFits(data)) return undefined;
  const dynamic = dynamicData(data);
  const number = iccDynamicNumber(dynamic);
  if (!number) return undefined;
  const at = 1 + number.length;
  if (dynamic.length < at + 1 + CRYPTOGRAM_LENGTH + HASH_LENGTH) return undefined;
  return {
    number,
    cid: dynamic[at],
    cryptogram: dynamic.subarray(at + 1, at + 1 + CRYPTOGRAM_LENGTH),
    transactionDataHash: dynamic.subarray(at + 1 + CRYPTOGRAM_LENGTH, at + 1 + CRYPTOGRAM_LENGTH + HASH_LENGTH),
  };
}

/**
 * Verifies the signature of a GENERATE AC response under CDA, EMV 4.4 Book
 * 2 §6.6.2 steps 1 to 12: the signature recovers under the ICC key, carries
 * the response's CID, hashes with the Unpredictable Number, and its
 * Transaction Data Hash Code is the hash of what the terminal sent (PDOL,
 * CDOL1, CDOL2 data) and what the card returned besides the signature.
 */
export function verifyCdaSignature(crypto: Crypto, input: CdaSignatureInput): CdaSignatureResult {
  const response = readCdaResponse(input.response);
  if (!response.ok) return { verdict: "failed", reason: response.reason, ...(response.missing ? { missing: response.missing } : {}) };
  const responseCid = toHex(Uint8Array.of(response.cid));
  // steps 1 to 4
  const recovery = recoverDynamicSignature(crypto, input.iccKey, response.signature);
  if (!recovery.ok) return { verdict: "failed", reason: recovery.reason, responseCid, ...(recovery.recovered ? { recovered: recovery.recovered } : {}) };
  const { data } = recovery;
  // step 5
  const dynamic = cdaDynamicData(data);
  if (!dynamic) return { verdict: "failed", reason: "dynamic-data-length", recovered: recovery.recovered, responseCid };
  const recovered: CdaSignatureFields = {
    ...recovery.recovered,
    iccDynamicNumber: toHex(dynamic.number),
    cid: toHex(Uint8Array.of(dynamic.cid)),
    cryptogram: toHex(dynamic.cryptogram),
    transactionDataHashCode: toHex(dynamic.transactionDataHash),
  };
  // step 6
  if (dynamic.cid !== response.cid) return { verdict: "failed", reason: "cid", recovered, responseCid };
  // steps 7 to 9
  const hash = signatureHash(crypto, data, input.unpredictableNumber);
  const computedHash = hash.computed ? { computedHash: toHex(hash.computed) } : {};
  if (hash.reason) return { verdict: "failed", reason: hash.reason, recovered, responseCid, ...computedHash };
  // steps 10 to 12
  const transactionData = concat(input.pdolData, input.cdol1Data, input.cdol2Data ?? new Uint8Array(0), response.otherObjects);
  const tdh = crypto.digest("SHA-1", transactionData);
  const computedTransactionDataHash = toHex(tdh);
  if (!constantTimeEqual(tdh, dynamic.transactionDataHash)) {
    return { verdict: "failed", reason: "transaction-data-hash", recovered, responseCid, ...computedHash, computedTransactionDataHash };
  }
  return {
    verdict: "valid",
    recovered,
    responseCid,
    ...computedHash,
    computedTransactionDataHash,
    iccDynamicNumber: recovered.iccDynamicNumber,
    cid: recovered.cid,
    cryptogram: recovered.cryptogram,
  };
}
