import { XsposError } from "../core/error.ts";

/** Codes of {@link ConfigError}. */
export type ConfigErrorCode =
  | "CONFIG_JSON"
  | "CONFIG_FIELD"
  | "CONFIG_UNKNOWN_FIELD"
  | "CONFIG_DUPLICATE"
  | "CONFIG_CA_KEY";

/**
 * A configuration the terminal refuses. The message starts with the path
 * of the field at fault (`aids[2].tacDenial: 5 bytes of hex expected`);
 * it never repeats the value, so a PAN or a secret typed in the wrong
 * place does not reach a log through it.
 */
export class ConfigError extends XsposError {
  declare readonly code: ConfigErrorCode;
  /** Where the fault is, e.g. `aids[2].tacDenial`; empty for the whole text. */
  readonly path: string;

  constructor(code: ConfigErrorCode, path: string, expectation: string) {
    super(code, `${path || "configuration"}: ${expectation}`);
    this.path = path;
  }
}
