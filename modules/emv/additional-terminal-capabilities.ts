import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

/** Additional Terminal Capabilities, EMV 4.4 Book 4 annex A3, tables 28 to 32 (bytes 1 to 5). */
const ADDITIONAL_TERMINAL_CAPABILITIES: BitTable = {
  field: "addl-term-caps",
  tag: "9F40",
  name: "Additional Terminal Capabilities",
  groups: [
    "Transaction Type Capability",
    "Transaction Type Capability",
    "Terminal Data Input Capability",
    "Terminal Data Output Capability",
    "Terminal Data Output Capability",
  ],
  bits: [
    "Cash",
    "Goods",
    "Services",
    "Cashback",
    "Inquiry",
    "Transfer",
    "Payment",
    "Administrative",
    "Cash deposit",
    ...Array<string>(7).fill("RFU"),
    "Numeric keys",
    "Alphabetic and special characters keys",
    "Command keys",
    "Function keys",
    ...Array<string>(4).fill("RFU"),
    "Print or electronic, attendant",
    "Print or electronic, cardholder",
    "Display, attendant",
    "Display, cardholder",
    "RFU",
    "RFU",
    "Code table 10",
    "Code table 9",
    "Code table 8",
    "Code table 7",
    "Code table 6",
    "Code table 5",
    "Code table 4",
    "Code table 3",
    "Code table 2",
    "Code table 1",
  ],
};

/**
 * The Additional Terminal Capabilities (9F40, 5 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeAdditionalTerminalCapabilities(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(ADDITIONAL_TERMINAL_CAPABILITIES, bytes, options);
}
