import { toHex } from "../core/hex.ts";
import { checkLength, fieldHeader, type FieldHeader } from "./bit-field.ts";
import { cvmCondition, cvmMethod } from "./cvm-codes.ts";

/** CVM Results read against EMV 4.4 Book 4 annex A4, table 33. */
export interface DecodedCvmResults extends FieldHeader {
  /** byte 1: the CVM code of the last CVM performed (bits 6-1), hex; 3F when none was */
  cvmCode: string;
  cvm: string;
  /** byte 2: the condition code of that CV Rule, hex */
  conditionCode: string;
  condition: string;
  /** byte 3, hex */
  resultCode: string;
  result: "Unknown" | "Failed" | "Successful" | "RFU";
}

const FIELD = { field: "cvm-results", tag: "9F34", name: "Cardholder Verification Method (CVM) Results" };
const RESULTS = ["Unknown", "Failed", "Successful"] as const;

/**
 * The CVM Results (9F34, 3 bytes): which CVM was performed last, under
 * which condition, and how it ended as the terminal knows it.
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeCvmResults(bytes: Uint8Array): DecodedCvmResults {
  checkLength(FIELD.name, bytes, 3);
  const code = bytes[0] & 0x3f;
  return {
    ...fieldHeader(FIELD, bytes),
    cvmCode: toHex(Uint8Array.of(code)),
    cvm: code === 0x3f ? "No CVM performed" : cvmMethod(code),
    conditionCode: toHex(bytes.subarray(1, 2)),
    condition: cvmCondition(bytes[1]),
    resultCode: toHex(bytes.subarray(2, 3)),
    result: bytes[2] < RESULTS.length ? RESULTS[bytes[2]] : "RFU",
  };
}
