import test from "ava";
import { charWidth, hasControl, splitAtWidth, textWidth, wrapText } from "../../../modules/display/index.ts";

// Classes from Unicode's EastAsianWidth.txt (UAX #11): U+4E2D W, U+FF21 F,
// U+3000 F, U+20000 W (outside the BMP), U+FF71 H, U+00D7 A, U+20AC A,
// U+0041 Na. The display's narrow font holds printable ASCII only, so every
// class but Na of ASCII takes the wide font's two columns.
test("width per code point: printable ASCII 1, wide, fullwidth, halfwidth-outside-ASCII and ambiguous characters 2", (t) => {
  t.is(charWidth(0x41), 1); // A, Na
  t.is(charWidth(0x20), 1);
  t.is(charWidth(0x7e), 1);
  t.is(charWidth(0x4e2d), 2); // 中, W
  t.is(charWidth(0xff21), 2); // Ａ, F
  t.is(charWidth(0x3000), 2); // ideographic space, F
  t.is(charWidth(0x20000), 2); // 𠀀, W, supplementary plane
  t.is(charWidth(0xff71), 2); // ｱ, H: not in the 8×16 ASCII font
  t.is(charWidth(0xd7), 2); // ×, A: full width in a GB2312 font
  t.is(charWidth(0x20ac), 2); // €, A
});

test("text width counts code points, so a surrogate pair is one wide character", (t) => {
  t.is(textWidth("请刷卡或插卡"), 12);
  t.is(textWidth("IC卡"), 4);
  t.is(textWidth("\u{20000}"), 2);
  t.is("\u{20000}".length, 2);
  t.is(textWidth("9999999999.99元"), 15);
  t.is(textWidth(""), 0);
});

test("splitting at a width never splits a wide character: one that would straddle the limit goes whole to the rest", (t) => {
  t.deepEqual(splitAtWidth("请刷卡或插卡", 5), ["请刷", "卡或插卡"]);
  t.deepEqual(splitAtWidth("AB中CD", 3), ["AB", "中CD"]);
  t.deepEqual(splitAtWidth("AB\u{20000}", 3), ["AB", "\u{20000}"]);
  t.deepEqual(splitAtWidth("ABC", 16), ["ABC", ""]);
});

test("wrapping breaks at spaces and between CJK characters, breaks over-long words between characters, and loses nothing", (t) => {
  t.deepEqual(wrapText("CARD NOT SUPPORTED", 16), ["CARD NOT", "SUPPORTED"]);
  t.deepEqual(wrapText("请刷卡或插卡", 5), ["请刷", "卡或", "插卡"]);
  t.deepEqual(wrapText("读IC卡失败请刷卡", 7), ["读IC卡", "失败请", "刷卡"]);
  t.deepEqual(wrapText("3.MASTERCARDCREDIT", 16), ["3.MASTERCARDCRED", "IT"]);
  t.deepEqual(wrapText("1.中国银联借记卡中国银联", 16), ["1.中国银联借记卡", "中国银联"]);
  t.deepEqual(wrapText("", 16), [""]);
  for (const [text, width] of [["请 刷 卡 或 插 卡 AND SOME WORDS 中文", 3], ["\u{20000}\u{20000}\u{20000}", 3]] as const) {
    const rows = wrapText(text, width);
    for (const row of rows) t.true(textWidth(row) <= width, row);
    t.is(rows.join("").split(" ").join(""), text.split(" ").join(""));
  }
});

test("control characters and line separators are found; printable text, CJK included, is not", (t) => {
  t.true(hasControl("A\nB"));
  t.true(hasControl("\u0000"));
  t.true(hasControl("\u007f"));
  t.true(hasControl("\u0085"));
  t.true(hasControl("\u2028"));
  t.false(hasControl("VISA 信用卡 ×€"));
});
