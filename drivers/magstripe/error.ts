import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link SwipeError}: every way a swipe can fail to read. */
export type SwipeErrorCode =
  | "TRACK_BLANK"
  | "SWIPE_TOO_SHORT"
  | "SWIPE_TIMING"
  | "SWIPE_OVERFLOW"
  | "TRACK_NO_START_SENTINEL"
  | "TRACK_NO_END_SENTINEL"
  | "TRACK_TOO_LONG"
  | "TRACK_PARITY"
  | "TRACK_LRC";

/** A swipe whose flux timing or bits do not make a valid track. */
export class SwipeError extends XsposError {
  declare readonly code: SwipeErrorCode;
  constructor(code: SwipeErrorCode, message: string) {
    super(code, message);
  }
}
