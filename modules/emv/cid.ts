import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

/** The Cryptogram Information Data, read against EMV 4.4 Book 3 §6.5.5.4, table 15. */
export interface DecodedCid extends DecodedBits {
  /** b8-b7 */
  cryptogramType: "AAC" | "TC" | "ARQC" | "RFU";
  /** the type's full name, `RFU` for 11 */
  cryptogram: string;
  /** b6-b5, 0-3, whose meaning the payment system gives */
  paymentSystemSpecific: number;
  /** b4 */
  adviceRequired: boolean;
  /** b3-b1 */
  reasonCode: number;
  /** the reason/advice code's meaning, `RFU` for 100-111 */
  reason: string;
}

const CID: BitTable = {
  field: "cid",
  tag: "9F27",
  name: "Cryptogram Information Data",
  bits: [
    "Cryptogram type",
    "Cryptogram type",
    "Payment System-specific cryptogram",
    "Payment System-specific cryptogram",
    "Advice required",
    "Reason/advice code",
    "Reason/advice code",
    "Reason/advice code",
  ],
};

const TYPES = ["AAC", "TC", "ARQC", "RFU"] as const;
const CRYPTOGRAMS = ["Application Authentication Cryptogram", "Transaction Certificate", "Authorisation Request Cryptogram", "RFU"];
const REASONS = ["No information given", "Service not allowed", "PIN Try Limit exceeded", "Issuer authentication failed"];

/**
 * The Cryptogram Information Data (9F27, 1 byte) a GENERATE AC returns.
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeCid(bytes: Uint8Array, options?: FieldOptions): DecodedCid {
  const bits = decodeBits(CID, bytes, options);
  const b = bytes[0];
  const reasonCode = b & 7;
  return {
    ...bits,
    cryptogramType: TYPES[b >> 6],
    cryptogram: CRYPTOGRAMS[b >> 6],
    paymentSystemSpecific: (b >> 4) & 3,
    adviceRequired: (b & 8) !== 0,
    reasonCode,
    reason: reasonCode < REASONS.length ? REASONS[reasonCode] : "RFU",
  };
}
