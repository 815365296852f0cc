import { XsposError } from "../../modules/core/error.ts";

/** Bad command-line usage or unreadable input file. */
export class CliError extends XsposError {
  constructor(code: "USAGE" | "FILE_UNREADABLE" | "INPUT_FORMAT", message: string) {
    super(code, message);
  }
}
