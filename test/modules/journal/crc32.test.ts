import test from "ava";
import { crc32 } from "../../../modules/journal/crc32.ts";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// CRC RevEng catalogue of parametrised CRC algorithms, entry CRC-32/ISO-HDLC
// (width 32, poly 04C11DB7, init FFFFFFFF, refin/refout true, xorout FFFFFFFF):
// check = CBF43926, residue = DEBB20E3.
test("CRC-32/ISO-HDLC of the catalogue's check string 123456789 is CBF43926", (t) => {
  t.is(crc32(ascii("123456789")), 0xcbf43926);
});

test("a message followed by its CRC (low byte first) leaves the catalogue's residue DEBB20E3 before the final XOR", (t) => {
  const withCrc = Uint8Array.of(...ascii("123456789"), 0x26, 0x39, 0xf4, 0xcb);
  t.is((crc32(withCrc) ^ 0xffffffff) >>> 0, 0xdebb20e3);
});

test("a range of an array gives the CRC of that range alone", (t) => {
  const framed = Uint8Array.of(0xaa, ...ascii("123456789"), 0x55);
  t.is(crc32(framed, 1, 10), 0xcbf43926);
});

test("the CRC of 1234 carried on over 56789 is the check string's CBF43926", (t) => {
  const data = ascii("123456789");
  t.is(crc32(data, 4, 9, crc32(data, 0, 4)), 0xcbf43926);
});

test("one flipped bit anywhere in the check string changes the CRC", (t) => {
  const data = ascii("123456789");
  for (let i = 0; i < data.length * 8; i++) {
    const flipped = data.slice();
    flipped[i >> 3] ^= 1 << (i & 7);
    t.not(crc32(flipped), 0xcbf43926, `bit ${i}`);
  }
});
