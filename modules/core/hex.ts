import { isWhiteSpaceCode } from "./chars.ts";
import { XsposError } from "./error.ts";

const DIGITS = "0123456789ABCDEF";

/** Upper-case hex of `bytes`; for the edges (CLI, fixtures, logs) only. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 15];
  return s;
}

/**
 * Bytes of a hex string; white space (what a regular expression's `\s`
 * matches) is ignored.
 * @throws XsposError `HEX_INVALID` on a value that is not a string, an odd number of digits or a non-hex character
 */
export function fromHex(text: string): Uint8Array {
  if (typeof text !== "string") throw new XsposError("HEX_INVALID", "hex must be a string");
  // one pass, the digit values inline (called for every card answer and message field): white space is the rare case
  const out = new Uint8Array(text.length >> 1);
  let at = 0;
  let high = -1;
  let allHex = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let value: number;
    if (code >= 0x30 && code <= 0x39) value = code - 0x30;
    else {
      // A-F and a-f alike: setting bit 5 turns a capital into its small letter
      const letter = code | 0x20;
      if (letter >= 0x61 && letter <= 0x66) value = letter - 0x57;
      else if (isWhiteSpaceCode(code)) continue;
      else {
        allHex = false;
        value = 0;
      }
    }
    if (high < 0) high = value;
    else {
      out[at++] = (high << 4) | value;
      high = -1;
    }
  }
  if (high >= 0) throw new XsposError("HEX_INVALID", "hex string has an odd number of digits");
  if (!allHex) throw new XsposError("HEX_INVALID", "hex string has a character that is not a hex digit");
  return at === out.length ? out : out.slice(0, at);
}
