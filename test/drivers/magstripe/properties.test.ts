import test from "ava";
import fc from "fast-check";
import { XsposError } from "../../../modules/core/error.ts";
import { parseTrack } from "../../../modules/card/track.ts";
import { encodeTrackBits, fluxIntervals } from "../../../drivers/magstripe/encode.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { ENCODINGS } from "../../../drivers/magstripe/encoding.ts";
import { decodeFluxTrack, readBitTrack, readFluxTrack } from "../../../drivers/magstripe/track-decoder.ts";

/** Data characters of a track: its alphabet less the sentinels. */
function dataCharacter(track: 1 | 2 | 3) {
  const enc = ENCODINGS[track];
  return fc
    .integer({ min: 0, max: (1 << enc.dataBits) - 1 })
    .filter((v) => v !== enc.start && v !== enc.end)
    .map((v) => String.fromCharCode(v + enc.offset));
}

const swipe = fc
  .constantFrom(1 as const, 2 as const, 3 as const)
  .chain((track) =>
    fc.record({
      track: fc.constant(track),
      data: fc.array(dataCharacter(track), { minLength: 0, maxLength: ENCODINGS[track].maxCharacters - 3 }).map((a) => a.join("")),
      speed: fc.double({ min: 10, max: 150, noNaN: true }),
      change: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
      jitter: fc.double({ min: 0, max: 0.12, noNaN: true }),
      reverse: fc.boolean(),
      seed: fc.integer(),
    }),
  );

const RUNS = 150;

test("decode(encode(x)) = x for 10-150 cm/s, ±30 % speed change, jitter up to 12 %, either direction", (t) => {
  fc.assert(
    fc.property(swipe, ({ track, data, speed, change, jitter, reverse, seed }) => {
      const iv = fluxIntervals(track, encodeTrackBits(track, data), {
        startSpeedCmS: speed,
        endSpeedCmS: speed * change,
        jitter,
        random: seededRandom(seed),
        reverse,
      });
      const read = readFluxTrack(track, iv);
      return read.characters.slice(1, -1) === data && read.direction === (reverse ? "reverse" : "forward");
    }),
    { numRuns: RUNS, seed: 20261125 },
  );
  t.pass();
});

function typedOnly(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    return e instanceof XsposError && typeof e.code === "string";
  }
}

test("arbitrary interval sequences never throw an untyped exception", (t) => {
  const interval = fc.oneof(
    fc.double({ min: -10, max: 1e6 }),
    fc.integer({ min: 0, max: 5000 }),
    fc.constantFrom(Number.NaN, Infinity, 0, 250, 500),
  );
  fc.assert(
    fc.property(fc.constantFrom(1 as const, 2 as const, 3 as const), fc.array(interval, { maxLength: 600 }), (track, iv) => typedOnly(() => decodeFluxTrack(track, iv))),
    { numRuns: RUNS, seed: 1 },
  );
  t.pass();
});

test("arbitrary bit strings never throw an untyped exception", (t) => {
  fc.assert(
    fc.property(fc.constantFrom(1 as const, 2 as const, 3 as const), fc.uint8Array({ min: 0, max: 1, maxLength: 900 }), (track, bits) => typedOnly(() => readBitTrack(track, bits))),
    { numRuns: RUNS, seed: 2 },
  );
  t.pass();
});

test("arbitrary strings never make the track parser throw an untyped exception", (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 90 }), fc.stringMatching(/^[%;]?B?[0-9]{0,20}[=^][0-9A-Z /^=]{0,40}\??$/)), (s) => typedOnly(() => parseTrack(s))),
    { numRuns: RUNS * 2, seed: 3 },
  );
  t.pass();
});
