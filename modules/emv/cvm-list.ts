import { toHex } from "../core/hex.ts";
import { fieldHeader, type FieldHeader } from "./bit-field.ts";
import { APPLY_NEXT, cvmCondition, cvmMethod, cvmOnFailure } from "./cvm-codes.ts";
import { EmvError } from "./error.ts";

/** One Cardholder Verification Rule (EMV 4.4 Book 3 annex C3). */
export interface CvRule {
  /** the rule's two bytes, hex */
  rule: string;
  /** the CVM code (bits 6-1 of byte 1), hex */
  cvmCode: string;
  cvm: string;
  /** bit 7 of byte 1 */
  applyNext: boolean;
  /** what bit 7 says to do if the CVM is unsuccessful */
  ifUnsuccessful: string;
  /** the CVM condition code (byte 2), hex */
  conditionCode: string;
  condition: string;
}

/** A CVM List read against Book 3 annex C3. */
export interface DecodedCvmList extends FieldHeader {
  /** Amount X, binary, in the application currency, minor units implied by its exponent */
  amountX: number;
  /** Amount Y, likewise */
  amountY: number;
  rules: CvRule[];
}

const FIELD = { field: "cvm-list", tag: "8E", name: "Cardholder Verification Method (CVM) List" };

function amountAt(bytes: Uint8Array, at: number): number {
  return bytes[at] * 0x1000000 + ((bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]);
}

/**
 * The CVM List (8E): Amount X and Amount Y (4 bytes each, binary), then
 * CV Rules of two bytes, in the order the terminal tries them.
 * @throws EmvError `EMV_FIELD_LENGTH` unless 10-252 bytes with whole rules (annex A1 gives 10-252)
 */
export function decodeCvmList(bytes: Uint8Array): DecodedCvmList {
  if (bytes.length < 10 || bytes.length > 252 || bytes.length % 2 !== 0) {
    throw new EmvError("EMV_FIELD_LENGTH", `a CVM List is two amounts of 4 bytes then CV Rules of 2 bytes, 10-252 bytes, got ${bytes.length}`);
  }
  const rules: CvRule[] = [];
  for (let i = 8; i < bytes.length; i += 2) {
    const code = bytes[i];
    const condition = bytes[i + 1];
    rules.push({
      rule: toHex(bytes.subarray(i, i + 2)),
      cvmCode: toHex(Uint8Array.of(code & 0x3f)),
      cvm: cvmMethod(code),
      applyNext: (code & APPLY_NEXT) !== 0,
      ifUnsuccessful: cvmOnFailure(code),
      conditionCode: toHex(Uint8Array.of(condition)),
      condition: cvmCondition(condition),
    });
  }
  return { ...fieldHeader(FIELD, bytes), amountX: amountAt(bytes, 0), amountY: amountAt(bytes, 4), rules };
}
