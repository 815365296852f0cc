import { XsposError } from "../core/error.ts";

/** Codes of {@link Iso8583Error}. */
export type Iso8583ErrorCode = "ISO8583_MTI" | "ISO8583_BITMAP" | "ISO8583_FIELD" | "ISO8583_TRAILING" | "ISO8583_HEADER";

/**
 * A message that does not follow its dialect. `field` names the data
 * element at fault; messages give positions and lengths, never values
 * (a field may hold a PAN or a track).
 */
export class Iso8583Error extends XsposError {
  declare readonly code: Iso8583ErrorCode;
  readonly field: number | undefined;
  constructor(code: Iso8583ErrorCode, message: string, field?: number) {
    super(code, field === undefined ? message : `field ${field}: ${message}`);
    this.field = field;
  }
}
