import { XsposError } from "../core/error.ts";

/** Codes of {@link EmvError}. */
export type EmvErrorCode = "TLV_TAG" | "TLV_LENGTH" | "EMV_KEY" | "EMV_DATA";

/** EMV data that is not what its standard allows. */
export class EmvError extends XsposError {
  declare readonly code: EmvErrorCode;
  constructor(code: EmvErrorCode, message: string) {
    super(code, message);
  }
}
