import test from "ava";
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { SwipeError } from "../../../drivers/magstripe/error.ts";
import { decodeF2f } from "../../../drivers/magstripe/f2f.ts";
import { decodeFluxTrack, readFluxTrack } from "../../../drivers/magstripe/track-decoder.ts";

// Track data of the Magnetic Track Parser README example
// (sualeh/magnetictrackparser), written as waveforms by the test encoder.
const DATA: Record<1 | 2 | 3, string> = {
  1: "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000",
  2: "5350290149345177=16042010000056700100",
  // ISO 4909 layout sample used by the Card::Magnetic Perl distribution (t/track3.t)
  3: "0112345678901234567=724724100000000000030300000099990=000000000000=0=0",
};

test("every track, 10 to 150 cm/s, ±30 % speed change, 12 % jitter, both directions", (t) => {
  const random = seededRandom(7);
  for (const track of [1, 2, 3] as const) {
    for (const speed of [10, 25, 60, 100, 150]) {
      for (const change of [0.7, 1, 1.3]) {
        for (const reverse of [false, true]) {
          const iv = fluxIntervals(track, encodeTrackBits(track, DATA[track]), { startSpeedCmS: speed, endSpeedCmS: speed * change, jitter: 0.12, random, reverse });
          const read = readFluxTrack(track, iv);
          const label = `track ${track} ${speed} cm/s ×${change} ${reverse ? "reverse" : "forward"}`;
          t.is(read.characters, (track === 1 ? "%" : ";") + DATA[track] + "?", label);
          t.is(read.direction, reverse ? "reverse" : "forward", label);
        }
      }
    }
  }
});

test("the bit period is tracked across the swipe", (t) => {
  // 210 bpi at 100 cm/s: 1e6 / (100 / 2.54 × 210) ≈ 121 µs; slowing to 70 cm/s: ≈ 173 µs
  const iv = fluxIntervals(1, encodeTrackBits(1, DATA[1]), { startSpeedCmS: 100, endSpeedCmS: 70 });
  const f2f = decodeF2f(iv);
  t.true(Math.abs(f2f.periodRangeUs[0] - 121) < 3, String(f2f.periodRangeUs));
  t.true(Math.abs(f2f.periodRangeUs[1] - 173) < 6, String(f2f.periodRangeUs));
});

test("noise before the clocking zeros is skipped", (t) => {
  const iv = fluxIntervals(2, encodeTrackBits(2, DATA[2]), { startSpeedCmS: 50 });
  const noisy = Float64Array.from([900, 35, 2400, 120, 77, 1500, ...iv]);
  t.is(readFluxTrack(2, noisy).characters, ";" + DATA[2] + "?");
});

test("a glitch that breaks F2F inside the data is a timing error", (t) => {
  const bits = encodeTrackBits(2, DATA[2]);
  const iv = Array.from(fluxIntervals(2, bits, { startSpeedCmS: 50 }));
  // move a reversal between two zero bits well inside the data: a half
  // interval then one and a half, which no F2F bit sequence produces
  let k = 24 + 5 * 8;
  while (bits[k] !== 0 || bits[k + 1] !== 0) k++;
  let at = 0;
  for (let b = 0; b < k; b++) at += bits[b] ? 2 : 1;
  const d = iv[at];
  iv.splice(at, 2, d * 0.5, d * 1.5);
  t.throws(() => decodeFluxTrack(2, iv), { instanceOf: SwipeError, code: "SWIPE_TIMING" });
});

test("a swipe that stops mid-track has no end sentinel", (t) => {
  const iv = Array.from(fluxIntervals(2, encodeTrackBits(2, DATA[2]), { startSpeedCmS: 50 }));
  const cut = iv.slice(0, Math.floor(iv.length / 2));
  t.throws(() => readFluxTrack(2, [...cut, 200_000, ...iv.slice(cut.length)]), { code: "TRACK_NO_END_SENTINEL" });
});

test("implausible captures are typed errors", (t) => {
  t.throws(() => decodeF2f([100, 100, 100]), { code: "SWIPE_TOO_SHORT" });
  t.throws(() => decodeF2f(new Array(64).fill(5)), { code: "SWIPE_TIMING" }, "faster than any swipe");
  t.throws(() => decodeF2f(new Array(64).fill(50_000)), { code: "SWIPE_TIMING" }, "slower than any swipe");
  t.throws(() => decodeF2f([...new Array(32).fill(300), -5, 300]), { code: "SWIPE_TIMING" });
  t.throws(() => decodeF2f([...new Array(32).fill(300), Number.NaN]), { code: "SWIPE_TIMING" });
  t.throws(() => decodeF2f(Array.from({ length: 64 }, (_, i) => (i % 2 ? 100 : 1000))), { code: "SWIPE_TIMING" });
  t.throws(() => readFluxTrack(2, new Array(200).fill(600)), { code: "TRACK_NO_START_SENTINEL" });
});

test("a track longer than the standard allows is refused", (t) => {
  // 38 data characters do not fit on track 2: the encoder refuses, and a
  // forged waveform without an end sentinel runs past the limit when read
  t.throws(() => encodeTrackBits(2, "1".repeat(38)), { code: "TRACK_TOO_LONG" });
  const bits = encodeTrackBits(3, "1".repeat(60));
  const iv = fluxIntervals(2, bits, { startSpeedCmS: 40 });
  t.throws(() => readFluxTrack(2, iv), { code: "TRACK_TOO_LONG" });
});

test("parity and LRC are reported by decodeFluxTrack and enforced by readFluxTrack", (t) => {
  const bits = encodeTrackBits(2, DATA[2]);
  bits[24 + 5 * 4] ^= 1;
  const iv = fluxIntervals(2, bits, { startSpeedCmS: 50 });
  const read = decodeFluxTrack(2, iv);
  t.deepEqual(read.parityErrors, [4]);
  t.throws(() => readFluxTrack(2, iv), { code: "TRACK_PARITY" });
});
