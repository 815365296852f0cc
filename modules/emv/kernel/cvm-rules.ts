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

/** Terminal Capabilities byte 2, CVM Capability (Book 4 annex A2 table 26). */
const CAPS = { plaintextPin: 0x80, onlinePin: 0x40, signature: 0x20, encipheredPin: 0x10, noCvm: 0x08 } as const;

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
  const caps = capabilities[1];
  switch (code) {
    case CVM.fail:
      return true;
    case CVM.plaintextPin:
      return (caps & CAPS.plaintextPin) !== 0;
    case CVM.onlinePin:
      return (caps & CAPS.onlinePin) !== 0 && onlinePinAllowed;
    case CVM.plaintextPinAndSignature:
      return (caps & CAPS.plaintextPin) !== 0 && (caps & CAPS.signature) !== 0;
    case CVM.encipheredPin:
      return (caps & CAPS.encipheredPin) !== 0;
    case CVM.encipheredPinAndSignature:
      return (caps & CAPS.encipheredPin) !== 0 && (caps & CAPS.signature) !== 0;
    case CVM.signature:
      return (caps & CAPS.signature) !== 0;
    case CVM.noCvm:
      return (caps & CAPS.noCvm) !== 0;
    default:
      // biometrics and codes EMV does not define
      return false;
  }
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
