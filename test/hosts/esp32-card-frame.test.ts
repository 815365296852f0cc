import test from "ava";
import { cardFrameDurations } from "../../hosts/esp32/card-frame.ts";

// ISO/IEC 7816-3 §8.1, the initial character TS, as line levels from the start bit (A low, Z high):
// direct convention  A ZZAZZZAA Z  ('3B', parity Z), inverse convention  A ZZAAAAAA Z  ('3F', parity Z).
// §7.1: a character is a start bit, 8 bits and a parity bit, then at least 2 ETU of guard time (Z).
test("TS of the direct convention goes out as A ZZAZZZAA Z plus 2 ETU of guard time", (t) => {
  // runs alternate from low: A, ZZ, A, ZZZ, AA, then Z (parity) and the guard time ZZ
  t.deepEqual(cardFrameDurations(Uint8Array.of(0x3b), 1), [1, 2, 1, 3, 2, 3]);
});

test("TS of the inverse convention, read on the line as 03, goes out as A ZZAAAAAA Z with odd line parity", (t) => {
  // runs: A, ZZ, AAAAAA, then Z (parity) and the guard time ZZ
  t.deepEqual(cardFrameDurations(Uint8Array.of(0x03), 1, "odd"), [1, 2, 6, 3]);
});

test("even line parity on the same levels would put A in the parity bit, so the two conventions differ", (t) => {
  // the inverse-convention TS sent with even parity: A, ZZ, seven A (six bits and the parity bit), ZZ
  t.deepEqual(cardFrameDurations(Uint8Array.of(0x03), 1), [1, 2, 7, 2]);
});

test("characters follow each other 12 ETU apart, an all-zero character being one low run of 10 ETU", (t) => {
  // 00 has even parity A: start, 8 data bits and parity are ten A, then the guard time ZZ
  t.deepEqual(cardFrameDurations(Uint8Array.of(0x3b, 0x00), 10), [10, 20, 10, 30, 20, 30, 100, 20]);
});

test("edges fall on the nearest tick of their exact time, so rounding does not add up over a character", (t) => {
  // 9600 bit/s on 0.1 µs ticks: 1041.67 ticks an ETU; the frame of 00 ends at 12 ETU = 12 500 ticks exactly
  const d = cardFrameDurations(Uint8Array.of(0x00), 10_000_000 / 9600);
  t.deepEqual(d, [10_417, 2_083]);
  t.is(d[0] + d[1], 12_500);
});
