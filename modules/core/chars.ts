// Character-class checks as loops over code units. On the board each
// module-scope RegExp is compiled in RAM the first time it is used and
// kept for the rest of the run (tools/lazy-regexps.mjs); these need no
// RegExp at all, and allocate nothing.

/** A test of one UTF-16 code unit, a value of `charCodeAt`. */
export type CodeUnitTest = (code: number) => boolean;

/** `0`-`9`. */
export function isDigitCode(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `A`-`Z`. */
function isCapitalCode(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/** `a`-`z`. */
function isSmallLetterCode(code: number): boolean {
  return code >= 0x61 && code <= 0x7a;
}

/** `0`-`9`, `A`-`F`: hex digits in capitals only. */
function isCapitalHexDigitCode(code: number): boolean {
  return isDigitCode(code) || (code >= 0x41 && code <= 0x46);
}

/** `A`-`Z`, `a`-`z`, `0`-`9`. */
function isLetterOrDigitCode(code: number): boolean {
  return isDigitCode(code) || isCapitalCode(code) || isSmallLetterCode(code);
}

/** `A`-`Z`, `0`-`9`. */
function isCapitalOrDigitCode(code: number): boolean {
  return isCapitalCode(code) || isDigitCode(code);
}

/** `A`-`Z`, `a`-`z`, `0`-`9`, space. */
export function isLetterDigitOrSpaceCode(code: number): boolean {
  return code === 0x20 || isLetterOrDigitCode(code);
}

/** `A`-`Z`, `a`-`z`, `0`-`9`, `_`, `.`, `-`. */
function isNameCode(code: number): boolean {
  return isLetterOrDigitCode(code) || code === 0x5f || code === 0x2e || code === 0x2d;
}

/** Printable ASCII, space included: 0x20-0x7E. */
export function isPrintableAsciiCode(code: number): boolean {
  return code >= 0x20 && code <= 0x7e;
}

/**
 * What a regular expression's `\s` matches: ECMA-262 WhiteSpace (tab,
 * vertical tab, form feed, space, no-break space, the byte order mark and
 * the Unicode space separators, category Zs) and LineTerminator (line
 * feed, carriage return, line and paragraph separators).
 */
export function isWhiteSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Where the run of code units that `test` accepts, starting at `from`,
 * ends: the index of the first one from `from` on that it refuses, or
 * `text.length` when it refuses none.
 */
export function spanOf(text: string, test: CodeUnitTest, from = 0): number {
  let i = from;
  while (i < text.length && test(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Whether `text` is a string of `min` to `max` code units, each of which
 * `test` accepts (the empty string passes when `min` is 0). A value that
 * is not a string fails.
 */
export function consistsOf(text: unknown, test: CodeUnitTest, min = 0, max = Infinity): boolean {
  return typeof text === "string" && text.length >= min && text.length <= max && spanOf(text, test) === text.length;
}

// The four checks the ISO 8583 codec and hex decoding make on every field
// test their range inline: a call per character costs XS more than the
// comparison itself.

/** Whether `text` is a string of `min` to `max` code units. */
function lengthIn(text: unknown, min: number, max: number): text is string {
  return typeof text === "string" && text.length >= min && text.length <= max;
}

// isDigits, isHexDigits, isLettersDigitsAndSpaces and isPrintableAscii
// test their code units inline rather than through `consistsOf` and a
// code-unit test: the ISO 8583 codec and the EMV kernel check every field
// with them, and a call per character is the larger part of their cost.

/** Whether `text` is `min` to `max` decimal digits `0`-`9`; a non-string fails. */
export function isDigits(text: unknown, min = 0, max = Infinity): boolean {
  if (!lengthIn(text, min, max)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Whether `text` is `min` to `max` hex digits of either case; a non-string fails. */
export function isHexDigits(text: unknown, min = 0, max = Infinity): boolean {
  if (!lengthIn(text, min, max)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) continue;
    // A-F and a-f alike: setting bit 5 turns a capital into its small letter and leaves a small one as it is
    const letter = c | 0x20;
    if (letter < 0x61 || letter > 0x66) return false;
  }
  return true;
}

/** Whether `text` is `min` to `max` hex digits `0`-`9` `A`-`F`, capitals only; a non-string fails. */
export function isCapitalHexDigits(text: unknown, min = 0, max = Infinity): boolean {
  return consistsOf(text, isCapitalHexDigitCode, min, max);
}

/**
 * Whether `text` is `minBytes` to `maxBytes` bytes written in hex: an even
 * number of hex digits of either case, two a byte; a non-string fails.
 */
export function isHexBytes(text: unknown, minBytes = 0, maxBytes = Infinity): boolean {
  return isHexDigits(text, 2 * minBytes, 2 * maxBytes) && (text as string).length % 2 === 0;
}

/** Whether `text` is `min` to `max` capital letters `A`-`Z`; a non-string fails. */
export function isCapitals(text: unknown, min = 0, max = Infinity): boolean {
  return consistsOf(text, isCapitalCode, min, max);
}

/** Whether `text` is `min` to `max` capital letters and digits, `A`-`Z` `0`-`9`; a non-string fails. */
export function isCapitalsAndDigits(text: unknown, min = 0, max = Infinity): boolean {
  return consistsOf(text, isCapitalOrDigitCode, min, max);
}

/** Whether `text` is `min` to `max` ASCII letters and digits, `A`-`Z` `a`-`z` `0`-`9`; a non-string fails. */
export function isLettersAndDigits(text: unknown, min = 0, max = Infinity): boolean {
  return consistsOf(text, isLetterOrDigitCode, min, max);
}

/** Whether `text` is `min` to `max` ASCII letters, digits and spaces (ISO 8583 and EMV format an); a non-string fails. */
export function isLettersDigitsAndSpaces(text: unknown, min = 0, max = Infinity): boolean {
  if (!lengthIn(text, min, max)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x30 && c <= 0x39)) continue;
    const letter = c | 0x20;
    if (letter < 0x61 || letter > 0x7a) return false;
  }
  return true;
}

/** Whether `text` is `min` to `max` characters of printable ASCII, 0x20-0x7E (ISO 8583 and EMV format ans); a non-string fails. */
export function isPrintableAscii(text: unknown, min = 0, max = Infinity): boolean {
  if (!lengthIn(text, min, max)) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/**
 * Whether `text` is a name of `min` to `max` characters of `A`-`Z` `a`-`z`
 * `0`-`9` `_` `.` `-` (the storage's key names and namespaces); a
 * non-string fails.
 */
export function isName(text: unknown, min = 0, max = Infinity): boolean {
  return consistsOf(text, isNameCode, min, max);
}
