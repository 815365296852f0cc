import { XsposError } from "../core/error.ts";

/** Codes of {@link CardError}. */
export type Iso7816ErrorCode =
  | "ATR_INVALID"
  | "ATR_TCK"
  | "ATR_TIMEOUT"
  | "PPS_FAILED"
  | "APDU_INVALID"
  | "T0_PROCEDURE"
  | "T0_LENGTH"
  | "T1_EDC"
  | "T1_BLOCK"
  | "T1_ABORTED"
  | "CARD_MUTE"
  | "CARD_REMOVED"
  | "CARD_PARITY"
  | "SLOT_STATE";

/** A card, or the bytes it sent, did not follow ISO/IEC 7816-3. */
export class Iso7816Error extends XsposError {
  declare readonly code: Iso7816ErrorCode;
  constructor(code: Iso7816ErrorCode, message: string) {
    super(code, message);
  }
}
