import { XsposError } from "./error.ts";

const DIGITS = "0123456789ABCDEF";
// At module scope: XS compiles a regex literal each time it is evaluated. Kept as
// regular expressions because XS matches them natively, faster than a loop over
// the characters in script. (Global: `replace` resets its lastIndex.)
const WHITE_SPACE = /\s+/g;
const HEX_DIGITS = /^[0-9A-Fa-f]*$/;

/** Upper-case hex of `bytes`; for the edges (CLI, fixtures, logs) only. */
export function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += DIGITS[bytes[i] >> 4] + DIGITS[bytes[i] & 15];
  return s;
}

/**
 * Bytes of a hex string; white space is ignored.
 * @throws XsposError `HEX_INVALID` on an odd length or a non-hex character
 */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(WHITE_SPACE, "");
  if (clean.length % 2 !== 0) throw new XsposError("HEX_INVALID", "hex string has an odd number of digits");
  if (!HEX_DIGITS.test(clean)) throw new XsposError("HEX_INVALID", "hex string has a character that is not a hex digit");
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}
