import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

const CONTACTLESS = "Reserved for use by the EMV Contactless Specifications";

/**
 * Terminal Verification Results, EMV 4.4 Book 3 annex C5, table 46, bit
 * by bit from byte 1 b8. The issuer and terminal action codes share this
 * layout (Book 3 §10.7).
 */
export const TVR_BITS: readonly string[] = [
  // byte 1
  "Offline data authentication was not performed",
  "SDA failed",
  "ICC data missing",
  "Card appears on terminal exception file",
  "DDA failed",
  "CDA failed",
  "SDA selected",
  "XDA selected",
  // byte 2
  "ICC and terminal have different application versions",
  "Expired application",
  "Application not yet effective",
  "Requested service not allowed for card product",
  "New card",
  "RFU",
  "Biometric performed and successful",
  "Biometric template format not supported",
  // byte 3
  "Cardholder verification was not successful",
  "Unrecognised CVM",
  "PIN Try Limit exceeded",
  "PIN entry required and PIN pad not present or not working",
  "PIN entry required, PIN pad present, but PIN was not entered",
  "Online CVM captured",
  "Biometric required but Biometric capture device not working",
  "Biometric required, Biometric capture device present, but Biometric Subtype entry was bypassed",
  // byte 4
  "Transaction exceeds floor limit",
  "Lower consecutive offline limit exceeded",
  "Upper consecutive offline limit exceeded",
  "Transaction selected randomly for online processing",
  "Merchant forced transaction online",
  "Biometric Try Limit exceeded",
  "A selected Biometric Type not supported",
  "XDA signature verification failed",
  // byte 5
  "Default TDOL used",
  "Issuer authentication failed",
  "Script processing failed before final GENERATE AC",
  "Script processing failed after final GENERATE AC",
  CONTACTLESS,
  "CA ECC key missing",
  "ECC key recovery failed",
  CONTACTLESS,
];

const TVR: BitTable = { field: "tvr", tag: "95", name: "Terminal Verification Results", bits: TVR_BITS };

/**
 * The Terminal Verification Results (95, 5 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeTvr(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(TVR, bytes, options);
}

const ACTION_CODES: Record<"iac-default" | "iac-denial" | "iac-online", BitTable> = {
  "iac-default": { field: "iac-default", tag: "9F0D", name: "Issuer Action Code - Default", bits: TVR_BITS },
  "iac-denial": { field: "iac-denial", tag: "9F0E", name: "Issuer Action Code - Denial", bits: TVR_BITS },
  "iac-online": { field: "iac-online", tag: "9F0F", name: "Issuer Action Code - Online", bits: TVR_BITS },
};

/**
 * An Issuer Action Code (9F0D, 9F0E, 9F0F, 5 bytes): a TVR mask, read
 * with the TVR's names.
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeIssuerActionCode(which: "iac-default" | "iac-denial" | "iac-online", bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(ACTION_CODES[which], bytes, options);
}
