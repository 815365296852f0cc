import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link ModemError}. */
export type ModemErrorCode =
  | "MODEM_TIMEOUT"
  | "MODEM_AT_ERROR"
  | "MODEM_SIM"
  | "MODEM_REGISTRATION"
  | "MODEM_SIGNAL"
  | "MODEM_PDP"
  | "MODEM_CLOSED";

/** The modem did not answer, refused a command, or the cellular network is not usable. */
export class ModemError extends XsposError {
  declare readonly code: ModemErrorCode;
  constructor(code: ModemErrorCode, message: string) {
    super(code, message);
  }
}
