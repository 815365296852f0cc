/** Status words the card answers (ISO/IEC 7816-4 §5.1.3, as EMV 4.4 Book 3 §6.5 uses them). */
export const SW = {
  OK: 0x9000,
  /** SELECT of a blocked application (Book 1 §12.3.2) */
  SELECTED_FILE_INVALIDATED: 0x6283,
  /** EXTERNAL AUTHENTICATE whose ARPC does not check */
  AUTHENTICATION_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  /** VERIFY with the PIN Try Counter at 0 */
  AUTHENTICATION_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  /** an issuer script command whose MAC does not check */
  SECURE_MESSAGING_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  /** also: SELECT on a blocked card (Book 1 §12.3.2) */
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  INCORRECT_P1_P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

/** 63Cx: a wrong PIN, x tries left (ISO/IEC 7816-4 table 6). */
export function triesLeft(n: number): number {
  return 0x63c0 | (n & 0x0f);
}
