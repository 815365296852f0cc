import test from "ava";
import { encodeTrackBits } from "../../../drivers/magstripe/encode.ts";
import { ENCODINGS, oddParity } from "../../../drivers/magstripe/encoding.ts";

function charBits(track: 1 | 2, ch: string): string {
  const enc = ENCODINGS[track];
  const v = ch.charCodeAt(0) - enc.offset;
  let s = "";
  for (let b = 0; b < enc.dataBits; b++) s += (v >> b) & 1;
  return s + oddParity(v, enc.dataBits);
}

// Track 2 (5-bit) table, "ISO 7811/2-1995 - Track 2 Data clock format",
// Sagem MA220 user's manual, appendix 2: b0 b1 b2 b3 then parity.
test("5-bit characters match the ISO 7811-2 table (Sagem MA220 manual)", (t) => {
  const table: [string, string][] = [
    ["0", "00001"], ["1", "10000"], ["2", "01000"], ["3", "11001"], ["4", "00100"],
    ["5", "10101"], ["6", "01101"], ["7", "11100"], ["8", "00010"], ["9", "10011"],
    [";", "11010"], ["=", "10110"], ["?", "11111"],
  ];
  for (const [ch, bits] of table) t.is(charBits(2, ch), bits, ch);
});

// Track 1 (7-bit) table, "Magnetic card alpha format", dataip.co.uk
// reference page: b0..b5 then parity.
test("7-bit characters match the ISO 7811-2 alpha table (dataip reference)", (t) => {
  const table: [string, string][] = [
    [" ", "0000001"], ["%", "1010001"], ["0", "0000100"], ["9", "1001100"], ["?", "1111100"],
    ["A", "1000011"], ["B", "0100011"], ["M", "1011011"], ["Z", "0101111"], ["^", "0111110"], ["/", "1111001"],
  ];
  for (const [ch, bits] of table) t.is(charBits(1, ch), bits, ch);
});

test("the LRC is the XOR of every character's data bits, with its own odd parity", (t) => {
  // ";1?": 1011 ^ 0001 ^ 1111 = 0101, value 5, recorded b0..b3 = 1010, then odd parity 1
  const bits = encodeTrackBits(2, "1", 0, 0);
  t.is(Array.from(bits).join(""), "11010" + "10000" + "11111" + "10101");
});
