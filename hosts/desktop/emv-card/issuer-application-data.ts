import type { AcType, ApplicationState, CvrFlags } from "./state.ts";

/*
 * The Issuer Application Data (9F10) the card returns with each
 * cryptogram: length 06, Derivation Key Index, Cryptogram Version Number,
 * then a Card Verification Results field of length 03 and three bytes,
 * laid out as README.md ("Issuer Application Data") tabulates. The layout
 * follows the one Visa's cards use; the bits are this card's account of
 * the transaction, which the issuer reads and the cryptogram covers.
 */

const AC_BITS: Record<AcType, number> = { AAC: 0b00, TC: 0b01, ARQC: 0b10 };
const SECOND_AC_NOT_REQUESTED = 0b10;

/** The three CVR bytes. */
export function cardVerificationResults(app: ApplicationState, cvr: CvrFlags, firstAc: AcType, secondAc?: AcType): Uint8Array {
  const byte1 =
    ((secondAc === undefined ? SECOND_AC_NOT_REQUESTED : AC_BITS[secondAc]) << 6) |
    (AC_BITS[firstAc] << 4) |
    (cvr.issuerAuthenticationFailed ? 0x08 : 0) |
    (cvr.offlinePinPerformed ? 0x04 : 0) |
    (cvr.offlinePinFailed ? 0x02 : 0) |
    (cvr.unableToGoOnline ? 0x01 : 0);
  const byte2 = (app.pin !== undefined && app.pinTriesLeft === 0 ? 0x40 : 0) | (app.lastOnlineAtc === 0 ? 0x10 : 0);
  const byte3 = (Math.min(cvr.scriptCommands, 15) << 4) | (cvr.scriptFailed ? 0x08 : 0) | (cvr.dynamicAuthenticationPerformed ? 0x02 : 0);
  return Uint8Array.of(byte1, byte2, byte3);
}

/** The whole 9F10 value: 06 DKI CVN 03 CVR. */
export function issuerApplicationData(app: ApplicationState, cvr: CvrFlags, firstAc: AcType, secondAc?: AcType): Uint8Array {
  const { dki, cvn } = app.profile.cryptogram;
  return Uint8Array.of(0x06, dki, cvn, 0x03, ...cardVerificationResults(app, cvr, firstAc, secondAc));
}
