import { checkLength, fieldHeader, type FieldHeader } from "./bit-field.ts";
import { EmvError } from "./error.ts";

/** A Terminal Type read against EMV 4.4 Book 4 annex A1, table 24. */
export interface DecodedTerminalType extends FieldHeader {
  /** the column: who provides operational control */
  operationalControl: "Financial Institution" | "Merchant" | "Cardholder";
  attendance: "Attended" | "Unattended";
  connectivity: "Online only" | "Offline with online capability" | "Offline only";
}

const FIELD = { field: "term-type", tag: "9F35", name: "Terminal Type" };
const CONTROL = ["Financial Institution", "Merchant", "Cardholder"] as const;
const CONNECTIVITY = ["Online only", "Offline with online capability", "Offline only"] as const;

/**
 * The Terminal Type (9F35, n 2): the first digit says who controls the
 * terminal, the second whether it is attended and how it goes online.
 * @throws EmvError `EMV_FIELD_LENGTH` for another length; `EMV_FIELD_VALUE` for a value table 24 does not define (11-16, 21-26, 34-36)
 */
export function decodeTerminalType(bytes: Uint8Array): DecodedTerminalType {
  checkLength(FIELD.name, bytes, 1);
  const control = bytes[0] >> 4;
  const environment = bytes[0] & 15;
  // a cardholder-operated terminal is unattended by definition: 31-33 are not in the table
  const lowest = control === 3 ? 4 : 1;
  if (control < 1 || control > 3 || environment < lowest || environment > 6) {
    throw new EmvError("EMV_FIELD_VALUE", `Terminal Type ${fieldHeader(FIELD, bytes).value} is not in EMV Book 4 table 24`);
  }
  return {
    ...fieldHeader(FIELD, bytes),
    operationalControl: CONTROL[control - 1],
    attendance: environment <= 3 ? "Attended" : "Unattended",
    connectivity: CONNECTIVITY[(environment - 1) % 3],
  };
}
