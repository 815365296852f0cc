import { XsposError } from "../../modules/core/error.ts";

/** Codes of {@link ScenarioError}. */
export type ScenarioErrorCode =
  /** a scenario that is not JSON, or a field of the wrong type, format or range, or one the format does not define */
  | "SCENARIO_FIELD"
  /** a scenario, card profile or configuration file that cannot be read, or a name no file has */
  | "SCENARIO_FILE"
  /** a card profile or terminal configuration the overrides turned into one the card or the terminal refuses */
  | "SCENARIO_SETUP"
  /** emvRun's options: a missing or malformed one, or options given beside `scenario` */
  | "EMV_RUN_INPUT";

/**
 * A scenario, or an `emvRun` request, that cannot be run. The message
 * starts with the path of the field at fault (`expect.tvr: ...`) and
 * never repeats its value, so a PAN or PIN typed in the wrong place does
 * not reach a log through it.
 */
export class ScenarioError extends XsposError {
  declare readonly code: ScenarioErrorCode;
  /** where the fault is, e.g. `cardholder.pins[1]`; empty for the whole scenario */
  readonly path: string;

  constructor(code: ScenarioErrorCode, path: string, message: string) {
    super(code, path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
