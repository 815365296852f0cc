/*
 * What a CV Rule means to this terminal, EMV 4.4 Book 3 §10.5 and annex
 * C3: whether its condition holds for the transaction, whether the
 * terminal recognises and supports its method.
 */

/** The CVM codes (bits 6-1 of a rule's first byte) the terminal acts on (annex C3 table 43). */
export const CVM = {
  fail: 0x00,
  plaintextPin: 0x01,
  onlinePin: 0x02,
  plaintextPinAndSignature: 0x03,
  encipheredPin: 0x04,
  encipheredPinAndSignature: 0x05,
  signature: 0x1e,
  noCvm: 0x1f,
} as const;

/** The last biometric CVM (06-0F): defined by EMV 4.4, recognised, not supported by this terminal. */
const LAST_BIOMETRIC = 0x0f;

/**
 * The Terminal Capabilities byte 2 bits (CVM Capability, Book 4 annex A2
 * table 26) each supported CVM needs, by code: 80 plaintext PIN, 40
 * online PIN, 20 signature, 10 enciphered PIN, 08 no CVM. Biometrics and
 * codes EMV does not define are not here: the terminal supports none.
 */
const CAPABILITIES_NEEDED: Readonly<Record<number, number>> = {
  0x00: 0x00, // fail CVM processing
  0x01: 0x80, // plaintext PIN
  0x02: 0x40, // online PIN
  0x03: 0xa0, // plaintext PIN and signature
  0x04: 0x10, // enciphered PIN
  0x05: 0x30, // enciphered PIN and signature
  0x1e: 0x20, // signature
  0x1f: 0x08, // no CVM
};

/** Whether the CVM code is one EMV defines (an unknown one sets "Unrecognised CVM"). */
export function recognisedCvm(code: number): boolean {
  return code <= LAST_BIOMETRIC || code === CVM.signature || code === CVM.noCvm;
}

/** Whether the CVM asks for a PIN. */
export function isPinCvm(code: number): boolean {
  return code >= CVM.plaintextPin && code <= CVM.encipheredPinAndSignature;
}

/**
 * Whether the terminal can perform a CVM: its capabilities (9F33 byte 2)
 * hold every part of it, and an online PIN is allowed for the application.
 */
export function terminalSupportsCvm(code: number, capabilities: Uint8Array, onlinePinAllowed: boolean): boolean {
  const needed = CAPABILITIES_NEEDED[code];
  if (needed === undefined || (capabilities[1] & needed) !== needed) return false;
  return code !== CVM.onlinePin || onlinePinAllowed;
}

/** What the conditions depend on. */
export interface CvmSituation {
  /** Transaction Type (9C) */
  type: number;
  /** the terminal is unattended (Terminal Type second digit 4-6) */
  unattended: boolean;
  /** Amount, Authorised, minor units */
  amount: number;
  /** the transaction is in the application's currency (5F2A = 9F42) */
  inApplicationCurrency: boolean;
  /** Amount X and Amount Y of the CVM List */
  x: number;
  y: number;
  /** whether the terminal supports the rule's CVM */
  supported: boolean;
}

const CASH = 0x01;
const CASHBACK = 0x09;

/** Whether a CVM condition code (annex C3 table 44) holds; an unknown one never does. */
export function conditionHolds(condition: number, s: CvmSituation): boolean {
  const cash = s.type === CASH;
  const cashback = s.type === CASHBACK;
  switch (condition) {
    case 0x00:
      return true;
    case 0x01:
      return cash && s.unattended;
    case 0x02:
      return !cash && !cashback;
    case 0x03:
      return s.supported;
    case 0x04:
      return cash && !s.unattended;
    case 0x05:
      return cashback;
    case 0x06:
      return s.inApplicationCurrency && s.amount < s.x;
    case 0x07:
      return s.inApplicationCurrency && s.amount > s.x;
    case 0x08:
      return s.inApplicationCurrency && s.amount < s.y;
    case 0x09:
      return s.inApplicationCurrency && s.amount > s.y;
    default:
      return false;
  }
}
