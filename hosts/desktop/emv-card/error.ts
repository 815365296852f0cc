import { XsposError } from "../../../modules/core/error.ts";

/** Codes of {@link EmvCardError}. */
export type EmvCardErrorCode =
  /** a profile field of the wrong type, format or range, or a field the schema does not define */
  | "CARD_PROFILE_FIELD"
  /** a required profile field is absent */
  | "CARD_PROFILE_MISSING"
  /** fields that disagree: a PAN failing Luhn, a track 2 that is not the PAN's, a record naming a tag the data lacks, keys that do not fit */
  | "CARD_PROFILE_DATA"
  /** a command reached a card the profile had removed from the reader */
  | "CARD_REMOVED";

/**
 * A card profile the virtual card refuses, or a command to a card that is
 * no longer there. The message starts with the path of the field at fault
 * (`applications[0].data.5A: ...`) and never repeats its value, so a PAN,
 * PIN or key in a profile does not reach a log through it.
 */
export class EmvCardError extends XsposError {
  declare readonly code: EmvCardErrorCode;
  /** Where the fault is, e.g. `applications[1].pin.tryLimit`; empty for the whole profile or a card error. */
  readonly path: string;

  constructor(code: EmvCardErrorCode, path: string, message: string) {
    super(code, path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
