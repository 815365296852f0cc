/**
 * GB18030's four-byte codes in the encoder: the BMP runs generated from
 * iconv-lite (gb18030-ranges.bin) and the supplementary planes by
 * arithmetic. Vectors from GB 18030-2005 (the four-byte area starts at
 * 81 30 81 30 = U+0080 and ends in the BMP at 84 31 A4 39 = U+FFFF; the
 * supplementary planes run from 90 30 81 30 = U+10000 to E3 32 9A 35 =
 * U+10FFFF) and from the WHATWG Encoding Standard's index-gb18030-ranges
 * (pointer 36 is U+00A5, 38 is U+00A9, 50 is U+00B8; a pointer p is the
 * linear index of b1 b2 b3 b4 from 81 30 81 30).
 */
import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { encodeEscPos } from "../../../modules/escpos/escpos-encoder.ts";
import { loadGb18030Table, loadGbTable } from "../../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../../modules/escpos/profile.ts";
import { encodeText } from "../../../modules/escpos/text-encoding.ts";

const full = loadGb18030Table();
const gb2312 = loadGbTable();
const bytes = (text: string) => toHex(encodeText(text, { chinese: true, gb: full }).bytes);

test("GB 18030-2005 bounds: U+0080 is 81 30 81 30, U+FFFF 84 31 A4 39, U+10000 90 30 81 30, U+10FFFF E3 32 9A 35", (t) => {
  t.is(bytes("中\u0080"), "D6D0" + "81308130");
  t.is(bytes("中\uffff"), "D6D0" + "8431A439");
  t.is(bytes("中\u{10000}"), "D6D0" + "90308130");
  t.is(bytes("中\u{10ffff}"), "D6D0" + "E3329A35");
});

test("WHATWG index-gb18030-ranges: ¥ (pointer 36) 81 30 84 36, © (38) 81 30 84 38, ¸ (50) 81 30 86 30; U+20000 95 32 82 36", (t) => {
  t.is(bytes("中¥©¸"), "D6D0" + "81308436" + "81308438" + "81308630");
  t.is(bytes("中\u{20000}"), "D6D0" + "95328236");
});

test("two-byte characters stay two bytes with the four-byte table: € A2 E3, · A1 A4, ㄅ A8 C5", (t) => {
  // GB 18030-2005 two-byte area: € at A2E3, MIDDLE DOT at A1A4, BOPOMOFO B at A8C5
  t.is(bytes("€·ㄅ"), "A2E3A1A4A8C5");
});

test("four-byte characters are two columns wide, as a Kanji cell prints them, and nothing is replaced", (t) => {
  const e = encodeText("中¥\u{20000}", { chinese: true, gb: full });
  t.is(e.columns, 6);
  t.is(e.replaced, 0);
});

test("without the four-byte ranges the same characters are ？ (A3 BF), as before", (t) => {
  t.is(toHex(encodeText("中¥\u{20000}", { chinese: true, gb: gb2312 }).bytes), "D6D0A3BFA3BF");
});

test("characters with no code: a lone surrogate, the Private Use Area and GBK's two-byte additions are ？", (t) => {
  // U+4E02 丂 is GBK 81 40: a two-byte code outside the GB2312 region, not in the tables
  t.is(bytes("中\ud800\ue000丂"), "D6D0" + "A3BF".repeat(3));
});

test("a print job with four-byte characters: FS & then the codes, FS . after", (t) => {
  const job = encodeEscPos([{ type: "text", text: "¥中" }, { type: "text", text: "A" }], { profile: printerProfile(58, { chinese: true }), gb: full });
  t.is(toHex(job.bytes), "1B401B7400" + "1C2E" + "1C26" + "81308436D6D00A" + "1C2E" + "410A");
});
