import test from "ava";
import { MAX_STORED_INTERVAL_US, storedInterval } from "../../../drivers/magstripe/stored-interval.ts";
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { MagstripeReader } from "../../../drivers/magstripe/reader.ts";
import type { Swipe } from "../../../drivers/magstripe/swipe.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { mockFluxCapture } from "../../support/mock-io.ts";

// Magnetic Track Parser README example (sualeh/magnetictrackparser).
const T1 = "B5350290149345177^FATEHI/SUALEH^16042010000000000000000000000000000567001000";
const T2 = "5350290149345177=16042010000056700100";

test("intervals are kept as whole microseconds, rounded", (t) => {
  t.is(storedInterval(40.4), 40);
  t.is(storedInterval(40.5), 41);
  t.is(storedInterval(3387.2), 3387);
});

test("an interval past 16 bits is clamped to 65 535 µs, not wrapped modulo 65 536", (t) => {
  t.is(MAX_STORED_INTERVAL_US, 65535);
  t.is(storedInterval(65535), 65535);
  t.is(storedInterval(65536 + 200), 65535);
  t.is(storedInterval(1e9), 65535);
  t.is(storedInterval(Infinity), 65535);
});

test("NaN, zero and negative intervals are kept as 0, which the decoder refuses", (t) => {
  t.is(storedInterval(Number.NaN), 0);
  t.is(storedInterval(-3), 0);
  t.is(storedInterval(0.2), 0);
});

test("the fastest swipe still decodes once its intervals are rounded to whole µs (track 1 at 150 cm/s: half bits of 40 µs)", (t) => {
  const clock = new VirtualClock();
  const flux = mockFluxCapture();
  const swipes: Swipe[] = [];
  new MagstripeReader({ tracks: [{ track: 1, flux: { io: flux.Class } }, { track: 2, flux: { io: flux.Class } }], clock, onSwipe: (s) => swipes.push(s) });
  flux.instances[0].feed(fluxIntervals(1, encodeTrackBits(1, T1), { startSpeedCmS: 150 }));
  flux.instances[1].feed(fluxIntervals(2, encodeTrackBits(2, T2), { startSpeedCmS: 150 }));
  clock.advance(50);
  t.deepEqual(swipes[0].tracks, [
    { track: 1, ok: true, data: T1, direction: "forward" },
    { track: 2, ok: true, data: T2, direction: "forward" },
  ]);
});
