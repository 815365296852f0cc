import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

/** Transaction Status Information, EMV 4.4 Book 3 annex C6, table 47. */
const TSI: BitTable = {
  field: "tsi",
  tag: "9B",
  name: "Transaction Status Information",
  bits: [
    "Offline data authentication was performed",
    "Cardholder verification was performed",
    "Card risk management was performed",
    "Issuer authentication was performed",
    "Terminal risk management was performed",
    "Script processing was performed",
    "RFU",
    "RFU",
    ...Array<string>(8).fill("RFU"),
  ],
};

/**
 * The Transaction Status Information (9B, 2 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeTsi(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(TSI, bytes, options);
}
