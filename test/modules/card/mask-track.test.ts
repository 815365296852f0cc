/**
 * maskTrackText on text that does not parse as a track: the digits before
 * the first separator are one PAN, shown first 6 and last 4 only from 13
 * digits on, hidden whole below; nothing after the separator but
 * separators and the end sentinel.
 */
import test from "ava";
import { maskTrackText, UNPARSED_SHOWN_ENDS_FROM } from "../../../modules/card/mask-track.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";

// Visa's test card 4761739001010010 (Visa ADVT), cut to 11 digits: a PAN ISO/IEC 7812-1 allows
// (8-19 digits) that the track parsers refuse (they take 12-19).
const SHORT_PAN = "47617390010";
const stars = (n: number) => "*".repeat(n);

test("a track 2 whose PAN has 11 digits shows none of them", (t) => {
  t.is(maskTrackText(`${SHORT_PAN}=2212201123456`), `${stars(11)}=${stars(13)}`);
  t.is(maskTrackText(`;${SHORT_PAN}=2212201123456?`), `;${stars(11)}=${stars(13)}?`);
});

test("a track 1 whose PAN has 11 digits shows none of them, nor the name", (t) => {
  t.is(maskTrackText(`B${SHORT_PAN}^SMITH/J^2212201123`), `B${stars(11)}^${stars(7)}^${stars(10)}`);
  t.is(maskTrackText(`%B${SHORT_PAN}^SMITH/J^2212201?`), `%B${stars(11)}^${stars(7)}^${stars(7)}?`);
});

test("an 8-digit PAN is hidden whole", (t) => {
  t.is(maskTrackText(";12345678=2212?"), `;${stars(8)}=${stars(4)}?`);
});

test("12 digits are hidden whole; from 13 digits the first 6 and last 4 show", (t) => {
  t.is(UNPARSED_SHOWN_ENDS_FROM, 13);
  t.is(maskTrackText(";123456789012=?"), `;${stars(12)}=?`);
  t.is(maskTrackText(";1234567890123=?"), ";123456***0123=?");
  t.is(maskTrackText("1234567890123456789012"), "123456************9012", "digits with no separator: all of them are the PAN");
});

test("digits split by other characters before the separator count as one PAN", (t) => {
  t.is(maskTrackText(";4761 7390 010=?"), ";**** **** ***=?");
  t.is(maskTrackText(";4761 7390 0101 0010=?"), ";4761 73** **** 0010=?");
});

const SEPARATOR = /[=^]/;
const NOT_A_DIGIT = /[^0-9]/g;
const EIGHT_DIGITS = /[0-9]{8}/;

/** A character of what a damaged read or a hostile field may hold. */
const ALPHABET = "0123456789012345678901234567890123456789=^?;%B/ A";

test("any text keeps its length, shows at most 10 digits before its first separator and never 8 digits in a row", (t) => {
  const random = seededRandom(2024);
  for (let n = 0; n < 3000; n++) {
    let text = "";
    for (let k = Math.floor(random() * 60); k > 0; k--) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    const masked = maskTrackText(text);
    if (masked.length !== text.length) return t.fail(`${JSON.stringify(text)} masked to another length`);
    const separator = masked.search(SEPARATOR);
    const head = separator < 0 ? masked : masked.slice(0, separator);
    const shown = head.replace(NOT_A_DIGIT, "").length;
    // a parsed track shows its PAN 6 + 4 and, after it, the expiry and service code (7 digits)
    if (shown > 10) return t.fail(`${JSON.stringify(text)} shows ${shown} digits before its separator: ${masked}`);
    if (EIGHT_DIGITS.test(masked)) return t.fail(`${JSON.stringify(text)} shows 8 digits in a row: ${masked}`);
  }
  t.pass();
});
