import type { DataFormat } from "./tag-formats.ts";

/*
 * Reading values by their data element format, EMV 4.4 Book 3 §4.3:
 * n is BCD right-justified with leading zeros, cn is BCD left-justified
 * with trailing F nibbles, a / an / ans are one character per byte from the
 * common character set (Book 4 annex B: the printable ASCII range).
 */

const DIGITS = "0123456789";

/** The digits of an `n` value, leading zeros kept; `undefined` when a nibble is not a decimal digit. */
export function numericDigits(bytes: Uint8Array): string | undefined {
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    const hi = bytes[i] >> 4;
    const lo = bytes[i] & 15;
    if (hi > 9 || lo > 9) return undefined;
    s += DIGITS[hi] + DIGITS[lo];
  }
  return s;
}

/** The digits of a `cn` value, its F padding dropped; `undefined` when another nibble is not a decimal digit or a digit follows the padding. */
export function compressedNumericDigits(bytes: Uint8Array): string | undefined {
  let s = "";
  let padded = false;
  for (let i = 0; i < 2 * bytes.length; i++) {
    const nibble = i % 2 === 0 ? bytes[i >> 1] >> 4 : bytes[i >> 1] & 15;
    if (nibble === 15) padded = true;
    else if (nibble > 9 || padded) return undefined;
    else s += DIGITS[nibble];
  }
  return s;
}

/** The text of an `a`, `an` or `ans` value; `undefined` when a byte is outside the printable ASCII range. */
export function printableText(bytes: Uint8Array): string | undefined {
  let s = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x20 || b > 0x7e) return undefined;
    s += String.fromCharCode(b);
  }
  return s;
}

/**
 * A value as a person reads it: digits for `n` and `cn`, text for `a`,
 * `an` and `ans`; `undefined` for binary formats and for a value its format
 * does not describe.
 */
export function readableValue(format: DataFormat, bytes: Uint8Array): string | undefined {
  switch (format) {
    case "n":
      return numericDigits(bytes);
    case "cn":
      return compressedNumericDigits(bytes);
    case "a":
    case "an":
    case "ans":
      return printableText(bytes);
    default:
      return undefined;
  }
}
