import { XsposError } from "../core/error.ts";

/** Codes of {@link DisplayError}. */
export type DisplayErrorCode =
  /** a message whose `id` is not in the catalogue */
  | "DISPLAY_MESSAGE"
  /** a message argument or an option out of its range or of the wrong shape (the error message names it) */
  | "DISPLAY_ARGUMENT"
  /** a display size the layout cannot use (too few rows or columns, bad font) */
  | "DISPLAY_GEOMETRY"
  /** a language or language mode that is not offered */
  | "DISPLAY_LANGUAGE";

/**
 * A message, a display size or a language refused, with a stable
 * {@link DisplayErrorCode}. Messages name the argument, never its value
 * when it could be sensitive.
 */
export class DisplayError extends XsposError {
  declare readonly code: DisplayErrorCode;
  constructor(code: DisplayErrorCode, message: string) {
    super(code, message);
  }
}
