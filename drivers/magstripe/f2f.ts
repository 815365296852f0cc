import { F2fDecoder, type F2fBits, type F2fOptions } from "./f2f-decoder.ts";

export type { F2fBits, F2fOptions } from "./f2f-decoder.ts";

/**
 * Decodes F2F (Aiken bi-phase, ISO/IEC 7811-2 clause 6) from a whole
 * capture at once: {@link F2fDecoder} fed every interval in one chunk. The bit period
 * is learned on the clocking zeros, then tracked bit by bit (10 to
 * 150 cm/s, speed changes within a swipe); decoding stops at the first
 * gap; a reverse swipe gives the bits reversed.
 *
 * @param intervals - µs between successive flux reversals
 * @returns one bit per entry of `bits` (as long as `intervals`)
 * @throws SwipeError `SWIPE_TOO_SHORT` when there are too few reversals,
 *   `SWIPE_TIMING` when no plausible clocking is found, an interval is not
 *   a positive number, or the period leaves the plausible range
 */
export function decodeF2f(intervals: ArrayLike<number>, options: F2fOptions = {}): F2fBits {
  const decoder = new F2fDecoder(new Uint8Array(intervals.length), options);
  decoder.feed(intervals);
  return decoder.finish();
}
