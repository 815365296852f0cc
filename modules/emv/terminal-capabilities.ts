import { decodeBits, type BitTable, type DecodedBits, type FieldOptions } from "./bit-field.ts";

/** Terminal Capabilities, EMV 4.4 Book 4 annex A2, tables 25 (byte 1), 26 (byte 2) and 27 (byte 3). */
const TERMINAL_CAPABILITIES: BitTable = {
  field: "term-caps",
  tag: "9F33",
  name: "Terminal Capabilities",
  groups: ["Card Data Input Capability", "CVM Capability", "Security Capability"],
  bits: [
    "Manual key entry",
    "Magnetic stripe",
    "IC with contacts",
    ...Array<string>(5).fill("RFU"),
    "Plaintext PIN for ICC verification",
    "Enciphered PIN for online verification",
    "Signature (paper)",
    "Enciphered PIN for offline verification (RSA ODE)",
    "No CVM required",
    "Online Biometric",
    "Offline Biometric",
    "Enciphered PIN for offline verification (ECC ODE)",
    "SDA",
    "DDA",
    "Card capture",
    "RFU",
    "CDA",
    "XDA",
    "RFU",
    "RFU",
  ],
};

/**
 * The Terminal Capabilities (9F33, 3 bytes).
 * @throws EmvError `EMV_FIELD_LENGTH` for another length
 */
export function decodeTerminalCapabilities(bytes: Uint8Array, options?: FieldOptions): DecodedBits {
  return decodeBits(TERMINAL_CAPABILITIES, bytes, options);
}
