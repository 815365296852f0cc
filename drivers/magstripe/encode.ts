import { ENCODINGS, oddParity } from "./encoding.ts";
import { SwipeError } from "./error.ts";

/** How a synthetic swipe is recorded. */
export interface SwipeProfile {
  /** card speed at the first bit, cm/s */
  startSpeedCmS: number;
  /** card speed at the last bit, cm/s (linear change in between); defaults to the start speed */
  endSpeedCmS?: number;
  /** each interval is scaled by a factor drawn from [1 - jitter, 1 + jitter] */
  jitter?: number;
  /** uniform random numbers in [0, 1); needed when jitter is not 0 */
  random?: () => number;
  /** the card goes through the head backwards */
  reverse?: boolean;
}

/**
 * The bits ISO/IEC 7811-2 records for a track: clocking zeros, start
 * sentinel, data, end sentinel, LRC (XOR of every character's data bits,
 * with its own odd parity) and trailing zeros.
 * @param data - the characters between the sentinels
 * @throws SwipeError `TRACK_TOO_LONG` when the data does not fit on the track
 */
export function encodeTrackBits(track: 1 | 2 | 3, data: string, leadingZeros = 24, trailingZeros = 24): Uint8Array {
  const enc = ENCODINGS[track];
  if (data.length + 3 > enc.maxCharacters) throw new SwipeError("TRACK_TOO_LONG", `track ${track} holds at most ${enc.maxCharacters - 3} data characters`);
  const values = [enc.start];
  for (let i = 0; i < data.length; i++) {
    const v = data.charCodeAt(i) - enc.offset;
    if (v < 0 || v >= 1 << enc.dataBits) throw new RangeError(`character ${i} is outside track ${track}'s alphabet`);
    values.push(v);
  }
  values.push(enc.end);
  let lrc = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    lrc ^= v;
  }
  values.push(lrc);
  const width = enc.dataBits + 1;
  const bits = new Uint8Array(leadingZeros + values.length * width + trailingZeros);
  let pos = leadingZeros;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    for (let b = 0; b < enc.dataBits; b++) bits[pos++] = (v >> b) & 1;
    bits[pos++] = oddParity(v, enc.dataBits);
  }
  return bits;
}

/**
 * The flux-reversal intervals (µs) a head would record for `bits` at the
 * track's density and the given speed profile: one interval for a 0, two
 * half intervals for a 1.
 */
export function fluxIntervals(track: 1 | 2 | 3, bits: Uint8Array, profile: SwipeProfile): Float64Array {
  const bpi = ENCODINGS[track].bitsPerInch;
  const v0 = profile.startSpeedCmS;
  const v1 = profile.endSpeedCmS ?? v0;
  const jitter = profile.jitter ?? 0;
  const random = profile.random ?? (() => 0.5);
  const out: number[] = [];
  const n = bits.length;
  const order = profile.reverse ? Array.from(bits).reverse() : bits;
  for (let k = 0; k < n; k++) {
    const speed = v0 + ((v1 - v0) * k) / Math.max(1, n - 1);
    const period = 1e6 / ((speed / 2.54) * bpi);
    const noisy = (d: number) => d * (1 + jitter * (2 * random() - 1));
    if (order[k]) {
      out.push(noisy(period / 2), noisy(period / 2));
    } else out.push(noisy(period));
  }
  return Float64Array.from(out);
}
