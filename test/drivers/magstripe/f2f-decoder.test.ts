import test from "ava";
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { ENCODINGS } from "../../../drivers/magstripe/encoding.ts";
import { decodeF2f } from "../../../drivers/magstripe/f2f.ts";
import { F2fDecoder } from "../../../drivers/magstripe/f2f-decoder.ts";
import { packedBit } from "../../../drivers/magstripe/packed-bits.ts";
import { MagstripeReader } from "../../../drivers/magstripe/reader.ts";
import type { Swipe, TrackResult } from "../../../drivers/magstripe/swipe.ts";
import { frameF2fTrack } from "../../../drivers/magstripe/track-decoder.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { mockDigital, mockFluxCapture } from "../../support/mock-io.ts";

// Track data of the Magnetic Track Parser README example
// (sualeh/magnetictrackparser); track 3: the ISO 4909 layout sample of the
// Card::Magnetic Perl distribution (t/track3.t). The same vectors as f2f.test.ts.
const DATA: Record<1 | 2 | 3, string> = {
  1: "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000",
  2: "5350290149345177=16042010000056700100",
  3: "0112345678901234567=724724100000000000030300000099990=000000000000=0=0",
};

const TRACKS = [1, 2, 3] as const;

/** Feeds `intervals` to a packed decoder one at a time and returns its bits one per entry. */
function decodeOneByOne(intervals: ArrayLike<number>) {
  const decoder = new F2fDecoder(new Uint8Array((intervals.length + 7) >> 3), { packed: true });
  for (let i = 0; i < intervals.length; i++) decoder.feed(intervals, i, i + 1);
  const f2f = decoder.finish();
  const bits = new Uint8Array(f2f.count);
  for (let k = 0; k < f2f.count; k++) bits[k] = packedBit(f2f.bits, k);
  return { decoder, f2f, bits };
}

test("one interval at a time, the published tracks read back at 10 to 150 cm/s, ±30 % speed change, 12 % jitter, both directions", (t) => {
  const random = seededRandom(11);
  for (const track of TRACKS) {
    for (const speed of [10, 40, 150]) {
      for (const change of [0.7, 1.3]) {
        for (const reverse of [false, true]) {
          const iv = fluxIntervals(track, encodeTrackBits(track, DATA[track]), { startSpeedCmS: speed, endSpeedCmS: speed * change, jitter: 0.12, random, reverse });
          const { f2f } = decodeOneByOne(iv);
          const read = frameF2fTrack(track, f2f, true);
          const label = `track ${track} ${speed} cm/s ×${change} ${reverse ? "reverse" : "forward"}`;
          t.is(read.characters, (track === 1 ? "%" : ";") + DATA[track] + "?", label);
          t.is(read.direction, reverse ? "reverse" : "forward", label);
          t.true(read.lrcValid, label);
        }
      }
    }
  }
});

test("a lone half interval is a violation at its bit; the bits are the encoded ones, read whole or one interval at a time", (t) => {
  for (const track of TRACKS) {
    const bits = encodeTrackBits(track, DATA[track]);
    // 60 cm/s slowing to 40 at 210 bpi: 1e6 / (60 / 2.54 × 210) ≈ 202 µs a bit, then ≈ 302; 75 bpi: ≈ 564 then ≈ 847
    const iv = Array.from(fluxIntervals(track, bits, { startSpeedCmS: 60, endSpeedCmS: 40, jitter: 0.05, random: seededRandom(12) }));
    // a 0 cell inside the data split into a half interval and one and a half
    let k = 24 + 40;
    while (bits[k] !== 0 || bits[k + 1] !== 0) k++;
    let at = 0;
    for (let b = 0; b < k; b++) at += bits[b] ? 2 : 1;
    iv.splice(at, 1, iv[at] * 0.5, iv[at] * 1.5);
    // noise before the clocking zeros, and a gap with noise after the track
    iv.unshift(900, 35, 2400, 120, 77);
    iv.push(200_000, 40, 700, 1300);
    const [first, last] = track === 2 ? [564, 847] : [202, 302];
    const whole = decodeF2f(iv);
    const fed = decodeOneByOne(iv);
    for (const [how, f2f, got] of [["whole", whole, whole.bits.subarray(0, whole.count)], ["one at a time", fed.f2f, fed.bits]] as const) {
      const label = `track ${track}, ${how}`;
      t.deepEqual(got, bits, label);
      t.deepEqual(f2f.violations, [k], label);
      t.true(Math.abs(f2f.periodRangeUs[0] - first) < first * 0.03, `${label}: ${f2f.periodRangeUs}`);
      t.true(Math.abs(f2f.periodRangeUs[1] - last) < last * 0.03, `${label}: ${f2f.periodRangeUs}`);
    }
    t.deepEqual(fed.f2f.periodRangeUs, whole.periodRangeUs, `track ${track}`);
  }
});

test("the bit period is locked on from clocking zeros that arrive split across reads", (t) => {
  // track 2 at 100 cm/s: 1e6 / (100 / 2.54 × 75) ≈ 339 µs a bit
  const iv = fluxIntervals(2, encodeTrackBits(2, DATA[2]), { startSpeedCmS: 100 });
  for (const chunk of [1, 3, 7, 9, 64, iv.length]) {
    const clock = new VirtualClock();
    const flux = mockFluxCapture();
    const swipes: Swipe[] = [];
    new MagstripeReader({ tracks: [{ track: 2, flux: { io: flux.Class } }], clock, onSwipe: (s) => swipes.push(s) });
    flux.instances[0].feed(iv, chunk);
    clock.advance(50);
    t.deepEqual(swipes[0].tracks, [{ track: 2, ok: true, data: DATA[2], direction: "forward" }], `chunks of ${chunk}`);
  }
  const { f2f } = decodeOneByOne(iv);
  t.true(Math.abs(f2f.periodRangeUs[0] - 339) < 2 && Math.abs(f2f.periodRangeUs[1] - 339) < 2, String(f2f.periodRangeUs));
});

test("implausible captures give decodeF2f's typed errors when fed one interval at a time", (t) => {
  const cases: [string, number[], string][] = [
    ["three reversals", [100, 100, 100], "SWIPE_TOO_SHORT"],
    ["faster than any swipe", new Array(64).fill(5), "SWIPE_TIMING"],
    ["slower than any swipe", new Array(64).fill(50_000), "SWIPE_TIMING"],
    ["a negative interval", [...new Array(32).fill(300), -5, 300], "SWIPE_TIMING"],
    ["NaN", [...new Array(32).fill(300), Number.NaN], "SWIPE_TIMING"],
    ["no clocking run", Array.from({ length: 64 }, (_, i) => (i % 2 ? 100 : 1000)), "SWIPE_TIMING"],
    // a clocking run's intervals are within a quarter of their mean: here one in eight is 27 % below it
    ["intervals too uneven to be clocking", Array.from({ length: 64 }, (_, i) => (i % 8 ? 300 : 210)), "SWIPE_TIMING"],
    // too few reversals is reported before a bad interval among them
    ["too few, one of them NaN", [300, Number.NaN, 300], "SWIPE_TOO_SHORT"],
    // every interval is checked, those after the gap that ends the track too
    ["a bad interval after the gap", [...new Array(40).fill(300), 200_000, 0, 300], "SWIPE_TIMING"],
    // a period that drifts above the bound while tracked
    ["a period tracked out of bounds", [...new Array(16).fill(9_000), ...new Array(16).fill(14_000)], "SWIPE_TIMING"],
  ];
  for (const [label, iv, code] of cases) {
    const whole = t.throws(() => decodeF2f(iv), { code }, label) as Error;
    const fed = t.throws(() => decodeOneByOne(iv), { code }, label) as Error;
    t.is(fed.message, whole.message, label);
  }
});

test("a decoder whose buffer is full reports an overflow, and starts afresh after reset", (t) => {
  const decoder = new F2fDecoder(new Uint8Array(2), { packed: true });
  decoder.feed(new Array(24).fill(300));
  t.throws(() => decoder.finish(), { code: "SWIPE_OVERFLOW" });
  decoder.reset();
  decoder.feed(new Array(16).fill(300));
  t.is(decoder.finish().count, 16);
  t.is(decoder.intervals, 16);
});

/** A swipe's expected outcome per track. */
function expected(track: 1 | 2 | 3, data: string, reverse: boolean): TrackResult {
  return { track, ok: true, data, direction: reverse ? "reverse" : "forward" };
}

/** Random characters of a track's data alphabet (its sentinels left out), at most as many as the track holds. */
function randomData(track: 1 | 2 | 3, random: () => number): string {
  const enc = ENCODINGS[track];
  const length = Math.floor(random() * (enc.maxCharacters - 2));
  let s = "";
  while (s.length < length) {
    const v = Math.floor(random() * (1 << enc.dataBits));
    if (v !== enc.start && v !== enc.end) s += String.fromCharCode(v + enc.offset);
  }
  return s;
}

test("generated swipes on three flux tracks and a strobed one read back through one reader, swipe after swipe", (t) => {
  const random = seededRandom(20261201);
  const clock = new VirtualClock();
  const flux = mockFluxCapture();
  const digital = mockDigital();
  const swipes: Swipe[] = [];
  new MagstripeReader({
    tracks: [
      { track: 1, flux: { io: flux.Class } },
      { track: 2, flux: { io: flux.Class } },
      { track: 3, flux: { io: flux.Class } },
      { track: 2, strobe: { io: digital.Class }, data: { io: digital.Class } },
    ],
    clock,
    onSwipe: (s) => swipes.push(s),
  });
  const [data, strobe] = digital.instances;
  const RUNS = 40;
  for (let run = 0; run < RUNS; run++) {
    const speed = 10 + random() * 140;
    const reverse = random() < 0.5;
    const want: TrackResult[] = [];
    for (const track of TRACKS) {
      const text = randomData(track, random);
      const iv = fluxIntervals(track, encodeTrackBits(track, text, 8 + Math.floor(random() * 40), 8 + Math.floor(random() * 40)), {
        startSpeedCmS: speed,
        endSpeedCmS: speed * (0.7 + random() * 0.6),
        jitter: random() * 0.12,
        random,
        reverse,
      });
      flux.instances[track - 1].feed(iv, 1 + Math.floor(random() * 128));
      want.push(expected(track, text, reverse));
    }
    const text = randomData(2, random);
    const bits = encodeTrackBits(2, text, Math.floor(random() * 40), Math.floor(random() * 40));
    for (const bit of reverse ? bits.reverse() : bits) {
      data.level = bit ? 0 : 1;
      strobe.strobe();
    }
    want.push(expected(2, text, reverse));
    clock.advance(50);
    t.deepEqual(swipes[run]?.tracks, want, `swipe ${run}`);
  }
  t.is(swipes.length, RUNS);
});
