/**
 * GB18030 four-byte codes, both ways, against iconv-lite (which neither
 * the encoder nor its tables run on: the tables are generated from it at
 * build time, and the interpreter decodes with it on its own): the
 * encoder's bytes for every BMP character are iconv-lite's, and the
 * interpreter reads both the encoder's bytes and iconv-lite's back as the
 * characters.
 */
import test from "ava";
import iconv from "iconv-lite";
import { encodeEscPos } from "../../modules/escpos/escpos-encoder.ts";
import { loadGb18030Table } from "../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { encodeText } from "../../modules/escpos/text-encoding.ts";
import { interpretEscPos } from "../../hosts/escpos-paper/index.ts";

const gb = loadGb18030Table();
const profile = printerProfile(80, { chinese: true });
/** € · ㄅ (two bytes), ¥ ß ₩ 㐀 䶵 (four bytes in the BMP), 𠀀 U+20000 and 𪛖 U+2A6D6 (supplementary). */
const SAMPLES = ["€", "·", "ㄅ", "¥", "ß", "₩", "㐀", "䶵", "\u{20000}", "\u{2a6d6}", "\u{10ffff}"];

const ours = (ch: string) => Buffer.from(encodeText(`中${ch}`, { chinese: true, gb }).bytes.subarray(2)).toString("hex");
const theirs = (ch: string) => iconv.encode(ch, "gb18030").toString("hex");
const inPua = (cp: number) => cp >= 0xe000 && cp <= 0xf8ff;

test("the samples encode as iconv-lite encodes them", (t) => {
  for (const ch of SAMPLES) t.is(ours(ch), theirs(ch), `U+${ch.codePointAt(0)!.toString(16)}`);
});

test("every BMP character the table encodes gets iconv-lite's bytes; every four-byte one of iconv-lite is encoded (Private Use Area aside)", (t) => {
  const wrong: string[] = [];
  let fourByte = 0;
  for (let cp = 0x80; cp <= 0xffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCharCode(cp);
    const code = gb.encode(cp);
    const expected = theirs(ch);
    if (code >= 0) {
      if (ours(ch) !== expected) wrong.push(`U+${cp.toString(16)}: ${ours(ch)} for ${expected}`);
      if (code > 0xffff) fourByte++;
    } else if (expected.length === 8 && !inPua(cp)) wrong.push(`U+${cp.toString(16)}: no code for ${expected}`);
  }
  t.deepEqual(wrong.slice(0, 10), []);
  t.true(fourByte > 35_000, `${fourByte} four-byte characters`);
});

test("supplementary planes: sampled code points encode as iconv-lite encodes them", (t) => {
  for (let cp = 0x10000; cp <= 0x10ffff; cp += 0x1111) {
    const ch = String.fromCodePoint(cp);
    t.is(ours(ch), theirs(ch), `U+${cp.toString(16)}`);
  }
});

test("the interpreter reads the encoder's bytes back as the samples", (t) => {
  const text = `中${SAMPLES.join("")}`;
  const job = encodeEscPos([{ type: "text", text }], { profile, gb });
  const paper = interpretEscPos(job.bytes, { width: 80, chinese: true });
  t.deepEqual(paper.problems, []);
  t.deepEqual(paper.items.flatMap((i) => (i.type === "text" ? [i.text] : [])), [text]);
});

test("the interpreter reads iconv-lite's bytes as the samples, each a Kanji cell 24 dots wide", (t) => {
  const bytes = Buffer.concat([Buffer.from([0x1c, 0x26]), iconv.encode(SAMPLES.join(""), "gb18030"), Buffer.from([0x0a])]);
  const paper = interpretEscPos(new Uint8Array(bytes), { width: 80 });
  t.deepEqual(paper.problems, []);
  const line = paper.items.find((i) => i.type === "text");
  t.is(line?.type === "text" ? line.text : undefined, SAMPLES.join(""));
  if (line?.type === "text") t.is(line.spans.reduce((w, s) => w + s.width, 0), 24 * SAMPLES.length);
});

test("bytes that name no GB18030 character read as one U+FFFD cell each: a four-byte code past U+10FFFF (FE 39 FE 39), a third byte out of range (81 30 FF 30)", (t) => {
  // GB 18030-2005: the last four-byte code in use is E3 32 9A 35 (U+10FFFF); b3 runs 81-FE
  const paper = interpretEscPos(Uint8Array.from(Buffer.from("1C26" + "E3329A35" + "FE39FE39" + "8130FF30" + "0A", "hex")), { width: 80 });
  const line = paper.items.find((i) => i.type === "text");
  t.is(line?.type === "text" ? line.text : undefined, "\u{10ffff}\ufffd\ufffd");
  if (line?.type === "text") t.is(line.spans.reduce((w, s) => w + s.width, 0), 3 * 24, "three Kanji cells");
});
