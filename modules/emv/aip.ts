import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

const CONTACTLESS = "Reserved for use by the EMV Contactless Specifications";

/** Application Interchange Profile, EMV 4.4 Book 3 annex C1, table 41. */
const AIP: BitTable = {
  field: "aip",
  tag: "82",
  name: "Application Interchange Profile",
  bits: [
    "XDA supported",
    "SDA supported",
    "DDA supported",
    "Cardholder verification is supported",
    "Terminal risk management is to be performed",
    "Issuer authentication is supported",
    CONTACTLESS,
    "CDA supported",
    CONTACTLESS,
    CONTACTLESS,
    CONTACTLESS,
    "RFU",
    "RFU",
    "RFU",
    "RFU",
    CONTACTLESS,
  ],
};

/**
 * The Application Interchange Profile (82, 2 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeAip(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(AIP, bytes, options);
}
