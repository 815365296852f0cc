import test from "ava";
import {
  consistsOf,
  isCapitalHexDigits,
  isCapitals,
  isCapitalsAndDigits,
  isDigitCode,
  isDigits,
  isHexBytes,
  isHexDigits,
  isLettersAndDigits,
  isLettersDigitsAndSpaces,
  isName,
  isPrintableAscii,
  isWhiteSpaceCode,
  spanOf,
} from "../../../modules/core/chars.ts";

// The code points are those of the ASCII code chart (ANSI X3.4-1986, ECMA-6): '/' 2F and ':' 3A
// around the digits 30-39, '@' 40 and '[' 5B around A-Z 41-5A, '`' 60 and '{' 7B around a-z 61-7A,
// 'G' 47 and 'g' 67 just past the hex letters, 1F and 7F around the printable 20-7E.

test("isDigits takes 0-9 only, and refuses / and : on either side of them", (t) => {
  t.true(isDigits("0123456789"));
  t.false(isDigits("12/4"));
  t.false(isDigits("12:4"));
  t.false(isDigits("12 4"));
  t.false(isDigits("١٢٣"), "Arabic-Indic digits U+0661-0663 are not decimal digits here");
  t.false(isDigits("１２"), "fullwidth digits U+FF11-FF12 neither");
});

test("isDigits counts its length from min to max, both included; the empty string passes only with min 0", (t) => {
  t.true(isDigits(""));
  t.false(isDigits("", 1));
  t.true(isDigits("1234", 4, 4));
  t.false(isDigits("123", 4, 4));
  t.false(isDigits("12345", 4, 4));
  t.true(isDigits("12345678", 8, 19));
  t.true(isDigits("1234567890123456789", 8, 19));
  t.false(isDigits("1234567", 8, 19));
  t.false(isDigits("12345678901234567890", 8, 19));
});

test("a value that is not a string fails every check, whatever its text would be", (t) => {
  t.false(isDigits(1234 as unknown as string, 4, 4));
  t.false(isDigits(undefined as unknown as string));
  t.false(isPrintableAscii(null as unknown as string));
  t.false(isHexBytes(["AB"] as unknown as string));
  t.false(consistsOf({ length: 0 } as unknown as string, isDigitCode));
});

test("isHexDigits takes 0-9, A-F and a-f; refuses G, g, @, ` and the digits' neighbours", (t) => {
  t.true(isHexDigits("0123456789ABCDEFabcdef"));
  for (const c of ["/", ":", "@", "G", "`", "g", " "]) t.false(isHexDigits(`0${c}`), c);
  t.true(isHexDigits("0011223344556677", 16, 16));
  t.false(isHexDigits("001122334455667", 16, 16));
});

test("isCapitalHexDigits refuses small hex letters", (t) => {
  t.true(isCapitalHexDigits("0123456789ABCDEF"));
  t.false(isCapitalHexDigits("0123456789ABCDEf"));
  t.false(isCapitalHexDigits("G"));
});

test("isHexBytes wants an even number of hex digits, from min to max bytes", (t) => {
  t.true(isHexBytes(""));
  t.false(isHexBytes("", 1));
  t.true(isHexBytes("a0B1"));
  t.false(isHexBytes("a0B"), "an odd number of digits");
  t.true(isHexBytes("A0000000031010", 5, 16), "7 bytes, an AID (EMV Book 1 9.2.2)");
  t.false(isHexBytes("A000000003", 6, 16));
  t.false(isHexBytes("00".repeat(17), 5, 16));
  t.false(isHexBytes("0g"));
});

test("isCapitals takes A-Z only: @ and [ around them, and the small letters, are refused", (t) => {
  t.true(isCapitals("USD", 3, 3));
  t.false(isCapitals("Usd", 3, 3));
  t.false(isCapitals("US@", 3, 3));
  t.false(isCapitals("US[", 3, 3));
  t.false(isCapitals("ÉUR", 3, 3), "É U+00C9 is a capital letter, not an ASCII one");
  t.false(isCapitals("US", 3, 3));
});

test("isCapitalsAndDigits takes A-Z and 0-9", (t) => {
  t.true(isCapitalsAndDigits("05", 2, 2));
  t.true(isCapitalsAndDigits("Z3", 2, 2));
  t.false(isCapitalsAndDigits("z3", 2, 2));
  t.false(isCapitalsAndDigits("Z ", 2, 2));
});

test("isLettersAndDigits takes A-Z, a-z and 0-9; each class's neighbours are refused", (t) => {
  t.true(isLettersAndDigits("azAZ09"));
  for (const c of ["/", ":", "@", "[", "`", "{", " ", "_", "ß"]) t.false(isLettersAndDigits(`a${c}`), c);
  t.true(isLettersAndDigits("A1b2C3", 1, 6));
  t.false(isLettersAndDigits("", 1, 6));
  t.false(isLettersAndDigits("A1b2C3d", 1, 6));
});

test("isLettersDigitsAndSpaces adds the space to letters and digits, and nothing else", (t) => {
  t.true(isLettersDigitsAndSpaces("Z3 a"));
  t.true(isLettersDigitsAndSpaces("  ", 2, 2));
  t.false(isLettersDigitsAndSpaces("a\tb"));
  t.false(isLettersDigitsAndSpaces("a\u00a0b"), "a no-break space U+00A0 is not a space");
  t.false(isLettersDigitsAndSpaces("a-b"));
});

test("isPrintableAscii takes 20-7E: 1F, 7F and anything past ASCII are refused", (t) => {
  t.true(isPrintableAscii(" ~"));
  t.true(isPrintableAscii(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"));
  t.false(isPrintableAscii("a\u001fb"));
  t.false(isPrintableAscii("a\u007fb"));
  t.false(isPrintableAscii("a\u0080b"));
  t.false(isPrintableAscii("café"));
  t.false(isPrintableAscii("\ud83d\ude00"), "U+1F600, two code units");
  t.false(isPrintableAscii("\ud800"), "a lone surrogate");
  t.true(isPrintableAscii("", 0, 0));
  t.false(isPrintableAscii("", 1, 40));
});

test("isName takes letters, digits, _ . and -, but no / or space", (t) => {
  t.true(isName("session.pin-2_a", 1, 15));
  t.false(isName("session.pin-2_ab", 1, 15));
  t.false(isName("", 1, 15));
  t.false(isName("a/b", 1, 15));
  t.false(isName("a b", 1, 15));
  t.false(isName("a~", 1, 15));
});

test("spanOf ends the run at the first code unit refused, from where it starts", (t) => {
  t.is(spanOf("123456***7890", isDigitCode), 6);
  t.is(spanOf("123456***7890", isDigitCode, 9), 13);
  t.is(spanOf("", isDigitCode), 0);
  t.is(spanOf("12", isDigitCode, 2), 2);
});

// ECMA-262 WhiteSpace (tab, VT, FF, space, NBSP, ZWNBSP, Zs of Unicode) and LineTerminator (LF, CR, LS, PS).
const WHITE_SPACE = [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff];

test("isWhiteSpaceCode is true for ECMA-262's white space and line terminators and no other code unit", (t) => {
  const found: number[] = [];
  for (let c = 0; c <= 0xffff; c++) if (isWhiteSpaceCode(c)) found.push(c);
  t.deepEqual(found, WHITE_SPACE);
});

// The engine's own regular expressions for each class (ECMA-262 22.2), run on every code unit
// below 0x3100 and on both surrogate halves: the checks must draw the same lines.
const ORACLES: [string, (s: string) => boolean, RegExp][] = [
  ["isDigits", isDigits, /^[0-9]*$/],
  ["isHexDigits", isHexDigits, /^[0-9A-Fa-f]*$/],
  ["isCapitalHexDigits", isCapitalHexDigits, /^[0-9A-F]*$/],
  ["isCapitals", isCapitals, /^[A-Z]*$/],
  ["isCapitalsAndDigits", isCapitalsAndDigits, /^[0-9A-Z]*$/],
  ["isLettersAndDigits", isLettersAndDigits, /^[A-Za-z0-9]*$/],
  ["isLettersDigitsAndSpaces", isLettersDigitsAndSpaces, /^[A-Za-z0-9 ]*$/],
  ["isPrintableAscii", isPrintableAscii, /^[\x20-\x7E]*$/],
  ["isName", isName, /^[A-Za-z0-9_.-]*$/],
];

test("each check accepts a one-character string exactly when the regular expression of its class does", (t) => {
  for (const [name, check, pattern] of ORACLES) {
    const differ: number[] = [];
    for (let c = 0; c < 0x3100; c++) if (check(String.fromCharCode(c)) !== pattern.test(String.fromCharCode(c))) differ.push(c);
    for (const c of [0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfeff, 0xff10, 0xffff]) if (check(String.fromCharCode(c)) !== pattern.test(String.fromCharCode(c))) differ.push(c);
    t.deepEqual(differ, [], name);
  }
});
