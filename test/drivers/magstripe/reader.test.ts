import test from "ava";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { MagstripeReader, defaultTrackCapacity } from "../../../drivers/magstripe/reader.ts";
import type { Swipe } from "../../../drivers/magstripe/swipe.ts";
import { mockDigital, mockFluxCapture } from "../../support/mock-io.ts";

// Magnetic Track Parser README example (sualeh/magnetictrackparser).
const T1 = "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000";
const T2 = "5350290149345177=16042010000056700100";

function fluxReader(capacity?: number) {
  const clock = new VirtualClock();
  const flux = mockFluxCapture();
  const swipes: Swipe[] = [];
  const reader = new MagstripeReader({
    tracks: [
      { track: 1, flux: { io: flux.Class, pin: 4 } },
      { track: 2, flux: { io: flux.Class, pin: 5 } },
    ],
    clock,
    capacity,
    onSwipe: (s) => swipes.push(s),
  });
  return { clock, flux, swipes, reader };
}

test("a flux swipe is decoded once the card has gone by", (t) => {
  const { clock, flux, swipes } = fluxReader();
  t.is(flux.instances.length, 2);
  t.is(flux.instances[0].options.pin, 4, "host options reach the IO");
  const random = seededRandom(3);
  flux.instances[0].feed(fluxIntervals(1, encodeTrackBits(1, T1), { startSpeedCmS: 60, endSpeedCmS: 45, jitter: 0.08, random, reverse: true }));
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 60, endSpeedCmS: 45, jitter: 0.08, random, reverse: true }));
  clock.advance(49);
  t.is(swipes.length, 0);
  clock.advance(1);
  t.is(swipes.length, 1);
  t.deepEqual(swipes[0].tracks, [
    { track: 1, ok: true, data: T1, direction: "reverse" },
    { track: 2, ok: true, data: T2, direction: "reverse" },
  ]);
  t.is(swipes[0].at, 50);
});

test("activity on any track keeps the swipe open", (t) => {
  const { clock, flux, swipes } = fluxReader();
  flux.instances[0].feed(fluxIntervals(1, encodeTrackBits(1, T1), { startSpeedCmS: 40 }));
  clock.advance(40);
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 40 }));
  clock.advance(40);
  t.is(swipes.length, 0);
  clock.advance(60);
  t.is(swipes.length, 1);
  t.true(swipes[0].tracks.every((r) => r.ok));
});

test("a bad track is reported beside a good one, and the next swipe starts clean", (t) => {
  const { clock, flux, swipes } = fluxReader();
  const bits = encodeTrackBits(1, T1);
  bits[24 + 7 * 10 + 2] ^= 1;
  flux.instances[0].feed(fluxIntervals(1, bits, { startSpeedCmS: 80 }));
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 80 }));
  clock.advance(100);
  t.like(swipes[0].tracks[0], { track: 1, ok: false, error: { code: "TRACK_PARITY" } });
  t.like(swipes[0].tracks[1], { track: 2, ok: true, data: T2 });
  flux.instances[0].feed(fluxIntervals(1, encodeTrackBits(1, T1), { startSpeedCmS: 80 }));
  clock.advance(100);
  t.is(swipes.length, 2);
  t.like(swipes[1].tracks[0], { ok: true, data: T1 });
  t.like(swipes[1].tracks[1], { ok: false, error: { code: "TRACK_BLANK" } }, "a silent track reads as blank");
});

test("more reversals than the buffer holds is an overflow, not a crash", (t) => {
  const { clock, flux, swipes } = fluxReader(100);
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 80 }));
  clock.advance(100);
  t.like(swipes[0].tracks[1], { ok: false, error: { code: "SWIPE_OVERFLOW" } });
});

test("the default buffer holds two reversals per bit cell along a whole card, and no more than a quarter above", (t) => {
  // ISO/IEC 7811-2: 210 bpi on tracks 1 and 3, 75 bpi on track 2; ISO/IEC 7810: an ID-1 card is 85.60 mm long
  for (const [track, bpi] of [[1, 210], [2, 75], [3, 210]] as const) {
    const wholeCard = 2 * bpi * (85.6 / 25.4);
    t.true(defaultTrackCapacity(track) >= wholeCard, `track ${track} holds a card of ones`);
    t.true(defaultTrackCapacity(track) <= Math.ceil(wholeCard * 1.25), `track ${track} holds no more than a quarter above`);
  }
});

test("the default buffer overflows one interval past its capacity, not before", (t) => {
  const { clock, flux, swipes } = fluxReader();
  const capacity = defaultTrackCapacity(2);
  flux.instances[1].feed(new Array<number>(capacity).fill(200));
  clock.advance(100);
  t.not((swipes[0].tracks[1] as { error?: { code: string } }).error?.code, "SWIPE_OVERFLOW");
  flux.instances[1].feed(new Array<number>(capacity + 1).fill(200));
  clock.advance(100);
  t.like(swipes[1].tracks[1], { ok: false, error: { code: "SWIPE_OVERFLOW" } });
});

test("close releases every IO and the pending timer", (t) => {
  const { clock, flux, reader, swipes } = fluxReader();
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 80 }));
  t.is(clock.pending, 1);
  reader.close();
  t.true(flux.instances.every((f) => f.closed));
  t.is(clock.pending, 0);
  clock.advance(1000);
  t.is(swipes.length, 0);
});

test("strobe/data reader: bits sampled on each strobe, data active low", (t) => {
  const clock = new VirtualClock();
  const digital = mockDigital();
  const swipes: Swipe[] = [];
  new MagstripeReader({
    tracks: [{ track: 2, strobe: { io: digital.Class, pin: 12 }, data: { io: digital.Class, pin: 13 } }],
    clock,
    onSwipe: (s) => swipes.push(s),
  });
  const [data, strobe] = digital.instances;
  t.is(strobe.options.edge, 2, "falls back on the class's Falling edge");
  t.is(data.options.mode, "input-pull-up");
  for (const bit of encodeTrackBits(2, T2)) {
    data.level = bit ? 0 : 1;
    strobe.strobe();
  }
  clock.advance(50);
  t.deepEqual(swipes[0].tracks, [{ track: 2, ok: true, data: T2, direction: "forward" }]);
});

test("a constructor that fails half-way closes what it opened", (t) => {
  const digital = mockDigital({ failOnPin: 13 });
  const flux = mockFluxCapture();
  t.throws(
    () =>
      new MagstripeReader({
        tracks: [
          { track: 1, flux: { io: flux.Class, pin: 4 } },
          { track: 2, strobe: { io: digital.Class, pin: 12 }, data: { io: digital.Class, pin: 13 } },
        ],
        clock: new VirtualClock(),
        onSwipe: () => {},
      }),
    { message: /pin 13/ },
  );
  t.is(flux.instances.length, 1);
  t.true(flux.instances[0].closed);
});
