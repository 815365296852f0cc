import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link CliError}. */
export type CliErrorCode =
  /** a command, option or argument the command does not take, or one missing */
  | "USAGE"
  /** a file that cannot be opened or read */
  | "FILE_UNREADABLE"
  /** a file the command was asked to write and cannot */
  | "FILE_UNWRITABLE"
  /** input that is not in the form the command reads */
  | "INPUT_FORMAT"
  /** a file or argument past its documented maximum */
  | "INPUT_TOO_LARGE";

/** Bad command-line usage or input the command cannot take. */
export class CliError extends XsposError {
  declare readonly code: CliErrorCode;
  constructor(code: CliErrorCode, message: string) {
    super(code, message);
  }
}
