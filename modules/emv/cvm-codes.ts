/*
 * The codes of a CV Rule, EMV 4.4 Book 3 annex C3: the CVM code in bits
 * 6-1 of byte 1 (table 43) and the CVM condition code in byte 2 (table 44).
 * CVM Results (9F34) reuse both (Book 4 annex A4).
 */

/** Byte 1 bit 7 of a CV Rule: what to do when this CVM fails. */
export const APPLY_NEXT = 0x40;

const METHODS = [
  "Fail CVM processing",
  "Plaintext PIN verification performed by ICC",
  "Enciphered PIN verified online",
  "Plaintext PIN verification performed by ICC and signature (paper)",
  "Enciphered PIN verification performed by ICC",
  "Enciphered PIN verification performed by ICC and signature (paper)",
  "Facial biometric verified offline (by ICC)",
  "Facial biometric verified online",
  "Finger biometric verified offline (by ICC)",
  "Finger biometric verified online",
  "Palm biometric verified offline (by ICC)",
  "Palm biometric verified online",
  "Iris biometric verified offline (by ICC)",
  "Iris biometric verified online",
  "Voice biometric verified offline (by ICC)",
  "Voice biometric verified online",
];

const CONDITIONS = [
  "Always",
  "If unattended cash",
  "If not unattended cash and not manual cash and not purchase with cashback",
  "If terminal supports the CVM",
  "If manual cash",
  "If purchase with cashback",
  "If transaction is in the application currency and is under X value",
  "If transaction is in the application currency and is over X value",
  "If transaction is in the application currency and is under Y value",
  "If transaction is in the application currency and is over Y value",
];

/** The method of a CVM code (bits 6-1 of a CV Rule's first byte; the other bits are ignored). */
export function cvmMethod(code: number): string {
  const c = code & 0x3f;
  if (c < METHODS.length) return METHODS[c];
  if (c === 0x1e) return "Signature (paper)";
  if (c === 0x1f) return "No CVM required";
  if (c < 0x20) return "Reserved for future use by this specification";
  if (c < 0x30) return "Reserved for use by the individual payment systems";
  if (c < 0x3f) return "Reserved for use by the issuer";
  return "This value is not available for use";
}

/** The meaning of a CVM condition code (a CV Rule's second byte). */
export function cvmCondition(code: number): string {
  if (code < CONDITIONS.length) return CONDITIONS[code];
  if (code < 0x80) return "RFU";
  return "Reserved for use by individual payment systems";
}

/** What the terminal does when the CVM fails, by bit 7 of the rule's first byte. */
export function cvmOnFailure(code: number): string {
  return code & APPLY_NEXT ? "Apply succeeding CV Rule if this CVM is unsuccessful" : "Fail cardholder verification if this CVM is unsuccessful";
}
