import { SwipeError } from "./error.ts";
import { setPackedBit } from "./packed-bits.ts";
import { storedInterval } from "./stored-interval.ts";

/** Bounds of a plausible bit period; outside them the capture is not a swipe. */
export interface F2fOptions {
  /** shortest bit period accepted, µs (default 30: 2.5 × faster than 150 cm/s at 210 bpi) */
  minBitPeriodUs?: number;
  /** longest bit period accepted, µs (default 10,000: 3 × slower than 10 cm/s at 75 bpi) */
  maxBitPeriodUs?: number;
}

/** Options of {@link F2fDecoder}. */
export interface F2fDecoderOptions extends F2fOptions {
  /** the bit buffer holds eight bits a byte, least significant first; else one a byte */
  packed?: boolean;
  /** take each interval as a 16-bit capture buffer holds it ({@link storedInterval}: whole µs, clamped), as the reader does */
  stored?: boolean;
}

/** Bits recovered from flux-reversal intervals, in capture order. */
export interface F2fBits {
  /** one bit per entry, 0 or 1 (eight per byte for a packed decoder); only the first `count` bits are meaningful */
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

/** Looking for the clocking zeros. */
const LOCKING = 0;
/** Locked on: each interval makes bits. */
const DECODING = 1;
/** A gap, a period out of bounds or a full buffer ended the track: further intervals are only checked and counted. */
const ENDED = 2;

/**
 * F2F (Aiken bi-phase, ISO/IEC 7811-2 clause 6) decoding as the flux
 * intervals arrive, chunk by chunk, so that a reader keeps the track's
 * bits and not its intervals. Each bit cell starts with a flux reversal
 * and a 1 has another in mid-cell, so a 0 is one interval of a bit period
 * and a 1 is two half-period intervals.
 *
 * The bit period is first measured on a run of {@link CLOCK_RUN} similar
 * intervals (the clocking zeros that precede the data), then tracked bit
 * by bit, which follows speeds from 10 to 150 cm/s and changes of speed
 * within a swipe. Decoding stops at the first gap (the head leaving the
 * stripe). A reverse swipe decodes the same way, its bits reversed.
 *
 * Between two chunks the state is the last {@link CLOCK_RUN} intervals
 * until lock-on, then the tracked period, its range and a pending half
 * interval; the bits go to the buffer given. Failures are held until
 * {@link finish}, which reports them in a fixed order, whatever the
 * order the intervals showed them in and however they were chunked.
 */
export class F2fDecoder {
  readonly #bits: Uint8Array;
  readonly #packed: boolean;
  readonly #stored: boolean;
  readonly #minPeriod: number;
  readonly #maxPeriod: number;
  /** the last intervals while locking on, by interval index modulo {@link CLOCK_RUN} */
  readonly #window = new Float64Array(CLOCK_RUN);
  #phase = LOCKING;
  #intervals = 0;
  /** index of the first interval that is not a positive duration, or -1 */
  #badInterval = -1;
  #period = 0;
  #lo = 0;
  #hi = 0;
  /** the first half of a 1, waiting for its second; 0 when none */
  #half = 0;
  #count = 0;
  #violations: number[] = [];
  /** why decoding failed once locked on: the period out of bounds, or more bits than the buffer holds */
  #failure: SwipeError | undefined;

  /**
   * @param bits - where the bits go (see `options.packed`); it bounds the bits of one swipe
   * @param options - plausible bit-period bounds, the buffer's packing, the intervals' form
   */
  constructor(bits: Uint8Array, options: F2fDecoderOptions = {}) {
    this.#bits = bits;
    this.#packed = options.packed ?? false;
    this.#stored = options.stored ?? false;
    this.#minPeriod = options.minBitPeriodUs ?? 30;
    this.#maxPeriod = options.maxBitPeriodUs ?? 10_000;
  }

  /** Intervals fed since the last reset. */
  get intervals(): number {
    return this.#intervals;
  }

  /**
   * Takes the next intervals between flux reversals (µs): `source` from
   * `from` up to `to`, in capture order.
   */
  feed(source: ArrayLike<number>, from = 0, to = source.length): void {
    if (this.#badInterval >= 0) {
      // the capture is refused already: the intervals are only counted
      this.#intervals += Math.max(0, to - from);
      return;
    }
    // the state lives in locals for the loop: a field access costs more than a local on XS
    const window = this.#window;
    const bits = this.#bits;
    const packed = this.#packed;
    const stored = this.#stored;
    const capacity = packed ? bits.length * 8 : bits.length;
    const minPeriod = this.#minPeriod;
    const maxPeriod = this.#maxPeriod;
    let index = this.#intervals;
    let bad = this.#badInterval;
    let phase = this.#phase;
    let period = this.#period;
    let lo = this.#lo;
    let hi = this.#hi;
    let half = this.#half;
    let count = this.#count;
    // after lock-on, the window's intervals are decoded before the source's next
    let replay = 0;
    let replayEnd = 0;
    let j = from;
    for (;;) {
      let d: number;
      if (replay < replayEnd) {
        if (phase !== DECODING) {
          replay = replayEnd;
          continue;
        }
        d = window[replay++ % CLOCK_RUN];
      } else {
        if (j >= to) break;
        d = stored ? storedInterval(source[j++]) : source[j++];
        const i = index++;
        // every interval is checked, those after the track's end too
        if (!(d > 0) || d === Infinity) {
          bad = i;
          index += to - j;
          break;
        }
        if (phase !== DECODING) {
          if (phase === ENDED) continue;
          window[i % CLOCK_RUN] = d;
          if (i + 1 < CLOCK_RUN) continue;
          const first = i + 1 - CLOCK_RUN;
          let sum = 0;
          let min = Infinity;
          let max = 0;
          // summed in capture order, so that the period does not depend on the chunking
          for (let k = first; k <= i; k++) {
            const w = window[k % CLOCK_RUN];
            sum += w;
            if (w < min) min = w;
            if (w > max) max = w;
          }
          const mean = sum / CLOCK_RUN;
          if (min >= mean * 0.75 && max <= mean * 1.25 && mean >= minPeriod && mean <= maxPeriod) {
            phase = DECODING;
            period = lo = hi = mean;
            replay = first;
            replayEnd = i + 1;
          }
          continue;
        }
      }
      let bit: number;
      let measured: number;
      if (d < period * HALF_THRESHOLD) {
        if (half === 0) {
          half = d;
          continue;
        }
        bit = 1;
        measured = half + d;
        half = 0;
      } else {
        if (half !== 0) {
          // a lone half interval, which no F2F sequence makes: `d` is taken afresh
          this.#violations.push(count);
          half = 0;
        }
        if (d > period * GAP_THRESHOLD) {
          phase = ENDED;
          continue;
        }
        bit = 0;
        measured = d;
      }
      if (count >= capacity) {
        this.#failure = new SwipeError("SWIPE_OVERFLOW", `more than ${capacity} bits: more than the buffer holds`);
        phase = ENDED;
        continue;
      }
      if (packed) setPackedBit(bits, count, bit);
      else bits[count] = bit;
      count++;
      period += (measured - period) * TRACKING;
      if (period < lo) lo = period;
      if (period > hi) hi = period;
      if (period < minPeriod || period > maxPeriod) {
        this.#failure = new SwipeError("SWIPE_TIMING", `bit period ${Math.round(period)} µs at bit ${count} is outside ${minPeriod}-${maxPeriod} µs`);
        phase = ENDED;
      }
    }
    this.#intervals = index;
    this.#badInterval = bad;
    this.#phase = phase;
    this.#period = period;
    this.#lo = lo;
    this.#hi = hi;
    this.#half = half;
    this.#count = count;
  }

  /**
   * The bits of the intervals fed since the last reset (a trailing half
   * interval is dropped). The result shares the decoder's buffers: it is
   * valid until {@link reset}.
   * @throws SwipeError `SWIPE_TOO_SHORT` when there are too few reversals,
   *   `SWIPE_TIMING` when an interval is not a positive number, no plausible
   *   clocking is found, or the period leaves the plausible range (in this
   *   order of precedence), `SWIPE_OVERFLOW` when the bits outgrew the buffer
   */
  finish(): F2fBits {
    const n = this.#intervals;
    if (n < 2 * CLOCK_RUN) throw new SwipeError("SWIPE_TOO_SHORT", `only ${n} flux reversals: too few for a track`);
    if (this.#badInterval >= 0) throw new SwipeError("SWIPE_TIMING", `interval ${this.#badInterval} is not a positive duration`);
    if (this.#phase === LOCKING) throw new SwipeError("SWIPE_TIMING", "no run of clocking zeros at a plausible bit period");
    if (this.#failure) throw this.#failure;
    return { bits: this.#bits, count: this.#count, violations: this.#violations, periodRangeUs: [this.#lo, this.#hi] };
  }

  /** Forgets the swipe: the next interval starts a new one. */
  reset(): void {
    this.#phase = LOCKING;
    this.#intervals = 0;
    this.#badInterval = -1;
    this.#period = this.#lo = this.#hi = 0;
    this.#half = 0;
    this.#count = 0;
    this.#violations = [];
    this.#failure = undefined;
  }
}
