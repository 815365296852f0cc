/**
 * The checks a boot runs on every record, done several bytes a step:
 * the CRC over 32-bit words (slice-by-8), printable ASCII four bytes at
 * a time, a truncated PAN's BCD digits in place.
 */
import test from "ava";
import { crc32, crc32Words, LITTLE_ENDIAN } from "../../../modules/journal/crc32.ts";
import { isPrintable } from "../../../modules/journal/record-bytes.ts";
import { TX_TYPE, decodeTransactionRecord, encodeIntent } from "../../../modules/journal/transaction-records.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// CRC RevEng catalogue, CRC-32/ISO-HDLC: check CBF43926 (of "123456789"), residue DEBB20E3
test("crc32Words over the first two words of 123456789, carried on over its last byte, gives the catalogue's check value CBF43926", (t) => {
  t.true(LITTLE_ENDIAN, "the engines the project runs on store words little-endian");
  const data = new Uint8Array(12);
  data.set(ascii("123456789"));
  const words = new Int32Array(data.buffer);
  t.is(crc32(data, 8, 9, crc32Words(words, 0, 2)), 0xcbf43926);
});

test("crc32Words over an odd number of words (12345678 and its CRC, low byte first) leaves the catalogue's residue DEBB20E3", (t) => {
  const data = new Uint8Array(12);
  data.set(ascii("12345678"));
  const crc = crc32(data, 0, 8);
  data.set([crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24], 8);
  t.is((crc32Words(new Int32Array(data.buffer), 0, 3) ^ 0xffffffff) >>> 0, 0xdebb20e3);
  t.is((crc32Words(new Uint32Array(data.buffer), 0, 3) ^ 0xffffffff) >>> 0, 0xdebb20e3, "the same over unsigned words");
});

// ISO/IEC 646 (ASCII): the graphic characters and the space are 20-7E; 00-1F and 7F are controls, 80-FF not ASCII
test("isPrintable takes a byte 20-7E and refuses every other value, in each position of a word and in a tail shorter than a word", (t) => {
  let wrong = 0;
  for (const size of [4, 5, 7, 8, 20]) {
    for (let at = 0; at < size; at++) {
      for (let v = 0; v < 256; v++) {
        const bytes = new Uint8Array(size + 2).fill(at % 2 ? 0x7e : 0x20);
        bytes[1 + at] = v;
        if (isPrintable(bytes, 1, size) !== (v >= 0x20 && v <= 0x7e)) wrong++;
      }
    }
  }
  t.is(wrong, 0);
  t.true(isPrintable(ascii(" ~A0z{}|"), 0, 8));
  t.false(isPrintable(Uint8Array.of(0x20, 0x20, 0x20, 0x7f, 0x41), 0, 5));
  t.true(isPrintable(Uint8Array.of(0x00, 0x41, 0x42, 0x00), 1, 2), "only the range asked is checked");
});

test("an intent whose truncated PAN has a nibble over 9 anywhere in its ten digits decodes to TX_RECORD; with a 12-digit PAN the last four bytes are not digits and not checked", (t) => {
  const base = { kind: "sale" as const, stan: 1, invoice: 1, batch: 1, amountMinor: 100, currency: 978, utcSeconds: 0, offsetMinutes: 0, entry: "swipe" as const, scheme: "visa" as const, originalStan: 0, completeOnPowerLoss: false };
  const long = encodeIntent({ ...base, truncatedPan: "411111******1111" });
  t.notThrows(() => decodeTransactionRecord(TX_TYPE.intent, long));
  for (let at = 27; at < 32; at++) {
    for (const nibble of [0xa0, 0x0a, 0xf0, 0x0f]) {
      const bad = long.slice();
      bad[at] = (bad[at] & (nibble > 0x0f ? 0x0f : 0xf0)) | nibble;
      t.throws(() => decodeTransactionRecord(TX_TYPE.intent, bad), { code: "TX_RECORD" }, `byte ${at}, ${nibble.toString(16)}`);
    }
  }
  const short = encodeIntent({ ...base, truncatedPan: "411111******" });
  t.deepEqual([...short.subarray(30, 32)], [0xff, 0xff]);
  t.like(decodeTransactionRecord(TX_TYPE.intent, short), { truncatedPan: "411111******" });
});
