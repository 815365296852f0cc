import { XsposError } from "../core/error.ts";

/** Codes of {@link EmvError}. */
export type EmvErrorCode =
  | "TLV_TAG"
  | "TLV_LENGTH"
  | "TLV_DEPTH"
  | "DOL_FORMAT"
  | "DOL_TOO_LONG"
  | "EMV_FIELD"
  | "EMV_FIELD_LENGTH"
  | "EMV_FIELD_VALUE"
  | "EMV_KEY"
  | "EMV_DATA"
  | "EMV_CRYPTOGRAM_OPTION"
  | "EMV_KERNEL_INPUT"
  | "EMV_KERNEL_STATE";

/** EMV data that is not what its standard allows. */
export class EmvError extends XsposError {
  declare readonly code: EmvErrorCode;
  constructor(code: EmvErrorCode, message: string) {
    super(code, message);
  }
}
