import { XsposError } from "../core/error.ts";

/**
 * Codes of {@link CardError}: every way a track string or a card's data can
 * be malformed.
 */
export type CardErrorCode =
  | "TRACK_EMPTY"
  | "TRACK_CHARACTER"
  | "TRACK_NO_START_SENTINEL"
  | "TRACK_NO_END_SENTINEL"
  | "TRACK_TRAILING_DATA"
  | "TRACK_TOO_LONG"
  | "TRACK_FORMAT"
  | "TRACK_FORMAT_CODE"
  | "CARD_PAN"
  | "CARD_LUHN"
  | "CARD_NAME"
  | "CARD_EXPIRY"
  | "CARD_EXPIRED"
  | "CARD_SERVICE_CODE"
  | "CARD_TRACK_MISMATCH";

/** A track string or card field that breaks ISO/IEC 7813. */
export class CardError extends XsposError {
  declare readonly code: CardErrorCode;
  constructor(code: CardErrorCode, message: string) {
    super(code, message);
  }
}
