/*
 * The bits the kernel sets in the Terminal Verification Results (95) and
 * the Transaction Status Information (9B), as EMV 4.4 Book 3 annex C5
 * (table 46) and C6 (table 47) place them: a byte index from 0 and a mask.
 * Keeping them as constants lets a test name the bit it expects.
 */

/** A bit of a status field: its byte (0 for byte 1) and its mask. */
export type StatusBit = readonly [byte: number, mask: number];

/** TVR bits, Book 3 annex C5. */
export const TVR = {
  odaNotPerformed: [0, 0x80],
  sdaFailed: [0, 0x40],
  iccDataMissing: [0, 0x20],
  exceptionFile: [0, 0x10],
  ddaFailed: [0, 0x08],
  cdaFailed: [0, 0x04],
  sdaSelected: [0, 0x02],
  differentVersions: [1, 0x80],
  expired: [1, 0x40],
  notYetEffective: [1, 0x20],
  serviceNotAllowed: [1, 0x10],
  newCard: [1, 0x08],
  cvmNotSuccessful: [2, 0x80],
  unrecognisedCvm: [2, 0x40],
  pinTryLimitExceeded: [2, 0x20],
  pinPadNotWorking: [2, 0x10],
  pinNotEntered: [2, 0x08],
  onlinePinEntered: [2, 0x04],
  floorLimitExceeded: [3, 0x80],
  lowerOfflineLimitExceeded: [3, 0x40],
  upperOfflineLimitExceeded: [3, 0x20],
  randomlySelected: [3, 0x10],
  merchantForcedOnline: [3, 0x08],
  defaultTdolUsed: [4, 0x80],
  issuerAuthenticationFailed: [4, 0x40],
  scriptFailedBeforeFinalAc: [4, 0x20],
  scriptFailedAfterFinalAc: [4, 0x10],
} as const satisfies Record<string, StatusBit>;

/** TSI bits, Book 3 annex C6. */
export const TSI = {
  odaPerformed: [0, 0x80],
  cardholderVerificationPerformed: [0, 0x40],
  cardRiskManagementPerformed: [0, 0x20],
  issuerAuthenticationPerformed: [0, 0x10],
  terminalRiskManagementPerformed: [0, 0x08],
  scriptProcessingPerformed: [0, 0x04],
} as const satisfies Record<string, StatusBit>;

/** Sets a bit of a TVR or TSI. */
export function setBit(field: Uint8Array, bit: StatusBit): void {
  field[bit[0]] |= bit[1];
}

/** Whether a bit of a TVR or TSI is set. */
export function hasBit(field: Uint8Array, bit: StatusBit): boolean {
  return (field[bit[0]] & bit[1]) !== 0;
}
