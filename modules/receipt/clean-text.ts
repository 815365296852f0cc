import { isDigitCode } from "../core/chars.ts";
import { maskPan } from "../card/mask.ts";
import { luhnValid } from "../card/luhn.ts";

/**
 * Free text as a receipt may print it: control characters (C0, DEL, C1),
 * line and paragraph separators and lone surrogates become `?`, a tab a
 * space, so a merchant name or an item cannot carry printer commands; and
 * a run of 12 or more digits that is or holds a PAN (12 to 19 digits that
 * pass the Luhn check, ISO/IEC 7812-1) keeps only its first 6 and last 4
 * digits.
 */
export function cleanText(text: string): string {
  let out = "";
  let digits = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isDigitCode(cp)) {
      digits += ch;
      continue;
    }
    out += shownRun(digits);
    digits = "";
    if (cp === 0x09) out += " ";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) out += "?";
    else out += ch;
  }
  return out + shownRun(digits);
}

/** A run of digits as a receipt prints it: masked when it is 12 digits or more and holds a PAN. */
function shownRun(digits: string): string {
  return digits.length >= 12 && holdsPan(digits) ? maskPan(digits) : digits;
}

/** A run of 12 to 19 digits is a PAN when it passes the Luhn check; a longer run when any 12 to 19 of its digits in a row do. */
function holdsPan(digits: string): boolean {
  if (digits.length <= 19) return luhnValid(digits);
  for (let length = 12; length <= Math.min(19, digits.length); length++) {
    for (let start = 0; start + length <= digits.length; start++) if (luhnValid(digits.slice(start, start + length))) return true;
  }
  return false;
}
