import { maskPan } from "../card/mask.ts";
import { luhnValid } from "../card/luhn.ts";

const DIGIT_RUN = /[0-9]{12,}/g;

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
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x09) out += " ";
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff)) out += "?";
    else out += ch;
  }
  return out.replace(DIGIT_RUN, (run) => (holdsPan(run) ? maskPan(run) : run));
}

/** A run of 12 to 19 digits is a PAN when it passes the Luhn check; a longer run when any 12 to 19 of its digits in a row do. */
function holdsPan(digits: string): boolean {
  if (digits.length <= 19) return luhnValid(digits);
  for (let length = 12; length <= Math.min(19, digits.length); length++) {
    for (let start = 0; start + length <= digits.length; start++) if (luhnValid(digits.slice(start, start + length))) return true;
  }
  return false;
}
