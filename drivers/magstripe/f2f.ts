import { SwipeError } from "./error.ts";

/** Bounds of a plausible bit period; outside them the capture is not a swipe. */
export interface F2fOptions {
  /** shortest bit period accepted, µs (default 30: 2.5 × faster than 150 cm/s at 210 bpi) */
  minBitPeriodUs?: number;
  /** longest bit period accepted, µs (default 10,000: 3 × slower than 10 cm/s at 75 bpi) */
  maxBitPeriodUs?: number;
}

/** Bits recovered from flux-reversal intervals, in capture order. */
export interface F2fBits {
  /** one bit per entry, 0 or 1; only the first `count` entries are meaningful */
  bits: Uint8Array;
  count: number;
  /** indexes into `bits` where a lone half-period interval broke F2F */
  violations: number[];
  /** shortest and longest bit period seen, µs */
  periodRangeUs: [number, number];
}

/** Leading clocking zeros needed to lock onto the bit period. */
const CLOCK_RUN = 8;
/** Below this fraction of the period an interval is half a bit (a 1 is two of them). */
const HALF_THRESHOLD = 0.75;
/** Above this fraction of the period the head has left the stripe. */
const GAP_THRESHOLD = 1.7;
/** Weight of each new bit in the running period estimate: follows ±30 % drifts within a few bits, averages jitter out. */
const TRACKING = 0.3;

/**
 * Decodes F2F (Aiken bi-phase, ISO/IEC 7811-2 clause 6): each bit cell
 * starts with a flux reversal and a 1 has another in mid-cell. So a 0 is
 * one interval of a bit period and a 1 is two half-period intervals.
 *
 * The bit period is first measured on the clocking zeros that precede the
 * data, then tracked bit by bit, which follows speeds from 10 to 150 cm/s
 * and changes of speed within a swipe. Decoding stops at the first gap
 * (the head leaving the stripe). Works the same on a reverse swipe: the
 * bits then come out reversed.
 *
 * @param intervals - µs between successive flux reversals
 * @throws SwipeError `SWIPE_TOO_SHORT` when there are too few reversals,
 *   `SWIPE_TIMING` when no plausible clocking is found, an interval is not
 *   a positive number, or the period leaves the plausible range
 */
export function decodeF2f(intervals: ArrayLike<number>, options: F2fOptions = {}): F2fBits {
  const minPeriod = options.minBitPeriodUs ?? 30;
  const maxPeriod = options.maxBitPeriodUs ?? 10_000;
  const n = intervals.length;
  if (n < 2 * CLOCK_RUN) throw new SwipeError("SWIPE_TOO_SHORT", `only ${n} flux reversals: too few for a track`);
  for (let i = 0; i < n; i++) {
    const d = intervals[i];
    if (!(d > 0) || d === Infinity) throw new SwipeError("SWIPE_TIMING", `interval ${i} is not a positive duration`);
  }

  let start = -1;
  let period = 0;
  for (let i = 0; i + CLOCK_RUN <= n && start < 0; i++) {
    let sum = 0;
    let lo = Infinity;
    let hi = 0;
    for (let k = i; k < i + CLOCK_RUN; k++) {
      const d = intervals[k];
      sum += d;
      if (d < lo) lo = d;
      if (d > hi) hi = d;
    }
    const mean = sum / CLOCK_RUN;
    if (lo >= mean * 0.75 && hi <= mean * 1.25 && mean >= minPeriod && mean <= maxPeriod) {
      start = i;
      period = mean;
    }
  }
  if (start < 0) throw new SwipeError("SWIPE_TIMING", "no run of clocking zeros at a plausible bit period");

  const bits = new Uint8Array(n);
  const violations: number[] = [];
  let count = 0;
  let lo = period;
  let hi = period;
  let i = start;
  while (i < n) {
    const d = intervals[i];
    let measured: number;
    if (d < period * HALF_THRESHOLD) {
      if (i + 1 >= n) break;
      const e = intervals[i + 1];
      if (e >= period * HALF_THRESHOLD) {
        violations.push(count);
        i += 1;
        continue;
      }
      bits[count++] = 1;
      measured = d + e;
      i += 2;
    } else if (d <= period * GAP_THRESHOLD) {
      bits[count++] = 0;
      measured = d;
      i += 1;
    } else break;
    period += (measured - period) * TRACKING;
    if (period < lo) lo = period;
    if (period > hi) hi = period;
    if (period < minPeriod || period > maxPeriod) {
      throw new SwipeError("SWIPE_TIMING", `bit period ${Math.round(period)} µs at bit ${count} is outside ${minPeriod}-${maxPeriod} µs`);
    }
  }
  return { bits, count, violations, periodRangeUs: [lo, hi] };
}
