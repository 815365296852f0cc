import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

/** Application Usage Control, EMV 4.4 Book 3 annex C2, table 42. */
const AUC: BitTable = {
  field: "auc",
  tag: "9F07",
  name: "Application Usage Control",
  bits: [
    "Valid for domestic cash transactions",
    "Valid for international cash transactions",
    "Valid for domestic goods",
    "Valid for international goods",
    "Valid for domestic services",
    "Valid for international services",
    "Valid at ATMs",
    "Valid at terminals other than ATMs",
    "Domestic cashback allowed",
    "International cashback allowed",
    ...Array<string>(6).fill("RFU"),
  ],
};

/**
 * The Application Usage Control (9F07, 2 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeAuc(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(AUC, bytes, options);
}
