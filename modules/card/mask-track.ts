import { maskPan } from "./mask.ts";
import { nameCarriesPan } from "./mask-name.ts";
import { parseTrack } from "./track.ts";

/** Track 1's and track 2's field separators. */
const FIELD_SEPARATOR = /[=^]/;
/** What stays visible after a separator in a track that does not parse. */
const KEPT_CHARACTER = /[=^?]/;

/**
 * In a track that does not parse, the fewest digits before the separator
 * whose first six and last four may show. Below it every digit is hidden:
 * a 12-digit PAN shown 6 + 4 would leave two digits hidden, one of which
 * the Luhn check gives away; from 13 digits on, three or more stay hidden.
 * A PAN has 8 to 19 digits (ISO/IEC 7812-1), and one too short for the
 * track parsers is exactly what lands here.
 */
export const UNPARSED_SHOWN_ENDS_FROM = 13;

/**
 * A track string safe to show: PAN masked (first 6, last 4) and the
 * discretionary data (which holds CVV/CVC and PIN verification values)
 * replaced by `*`; a track 1 name that carries a PAN is replaced by `*`
 * too. A string that is not a well-formed financial track (track 3, a
 * damaged read, a PAN too short or too long for the parsers, any text)
 * keeps its shape: the digits before its first field separator (all of
 * them when it has none) are one PAN, whatever lies between them, shown
 * first 6 and last 4 only from {@link UNPARSED_SHOWN_ENDS_FROM} digits on
 * and hidden whole below; after the separator every character but the
 * separators and the end sentinel is replaced by `*`. No more than six
 * leading and four trailing digits of a PAN are ever shown.
 */
export function maskTrackText(text: string): string {
  try {
    const t = parseTrack(text);
    const panAt = text.indexOf(t.pan);
    let out = text.slice(0, panAt) + maskPan(t.pan) + text.slice(panAt + t.pan.length);
    if (t.name !== undefined && nameCarriesPan(t.name, t.pan)) {
      const nameAt = out.indexOf("^") + 1;
      out = out.slice(0, nameAt) + "*".repeat(t.name.length) + out.slice(nameAt + t.name.length);
    }
    if (t.discretionary.length > 0) {
      const end = out.endsWith("?") ? out.length - 1 : out.length;
      const start = end - t.discretionary.length;
      out = out.slice(0, start) + "*".repeat(t.discretionary.length) + out.slice(end);
    }
    return out;
  } catch {
    return maskUnparsed(text);
  }
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/** The digits of `head` as one PAN: first 6 and last 4 kept from 13 digits on, all hidden below; other characters kept. */
function maskLeadingDigits(head: string): string {
  let count = 0;
  for (let i = 0; i < head.length; i++) if (isDigit(head[i])) count++;
  const showEnds = count >= UNPARSED_SHOWN_ENDS_FROM;
  let out = "";
  let k = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (!isDigit(c)) out += c;
    else {
      out += showEnds && (k < 6 || k >= count - 4) ? c : "*";
      k++;
    }
  }
  return out;
}

function maskUnparsed(text: string): string {
  const separator = text.search(FIELD_SEPARATOR);
  if (separator < 0) return maskLeadingDigits(text);
  let rest = "";
  for (let i = separator + 1; i < text.length; i++) rest += KEPT_CHARACTER.test(text[i]) ? text[i] : "*";
  return maskLeadingDigits(text.slice(0, separator)) + text[separator] + rest;
}
