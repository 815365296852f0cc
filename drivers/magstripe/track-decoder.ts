import { ENCODINGS } from "./encoding.ts";
import { SwipeError } from "./error.ts";
import { decodeF2f, type F2fBits, type F2fOptions } from "./f2f.ts";
import { checkTrackRead, frameEitherWay, type TrackRead } from "./framing.ts";

/** A track read from flux intervals, with what the F2F stage measured. */
export interface FluxTrackRead extends TrackRead {
  /** shortest and longest bit period tracked, µs */
  periodRangeUs: [number, number];
}

/**
 * Flux-reversal intervals of one track to its characters, either
 * direction. Parity and LRC are reported, not enforced: see
 * {@link readFluxTrack} for the strict form.
 * @throws SwipeError on timing or framing failures, and `SWIPE_TIMING` when
 *   F2F broke inside the framed characters
 */
export function decodeFluxTrack(track: 1 | 2 | 3, intervals: ArrayLike<number>, options?: F2fOptions): FluxTrackRead {
  return frameF2fTrack(track, decodeF2f(intervals, options));
}

/**
 * The framing half of {@link decodeFluxTrack}, on bits an F2F decoder has
 * produced (`packed`: eight bits a byte, as the reader keeps them).
 * @throws SwipeError on framing failures, and `SWIPE_TIMING` when F2F broke
 *   inside the framed characters
 */
export function frameF2fTrack(track: 1 | 2 | 3, f2f: F2fBits, packed = false): FluxTrackRead {
  const read = frameEitherWay(f2f.bits, f2f.count, ENCODINGS[track], packed);
  for (let i = 0; i < f2f.violations.length; i++) {
    const v = f2f.violations[i];
    if (v >= read.span[0] && v <= read.span[1]) {
      throw new SwipeError("SWIPE_TIMING", `track ${track}: flux timing breaks F2F at bit ${v - read.span[0]} of the data`);
    }
  }
  return { ...read, periodRangeUs: f2f.periodRangeUs };
}

/**
 * Like {@link decodeFluxTrack} but also enforces parity and LRC: what a
 * reader hands up is either a correct track or an error.
 * @throws SwipeError
 */
export function readFluxTrack(track: 1 | 2 | 3, intervals: ArrayLike<number>, options?: F2fOptions): FluxTrackRead {
  const read = decodeFluxTrack(track, intervals, options);
  checkTrackRead(read);
  return read;
}

/**
 * Bits of one track as a strobe/data reader clocks them out, to its
 * characters, strictly checked.
 * @param packed - `bits` holds eight bits a byte, least significant first; give `count` then
 * @throws SwipeError
 */
export function readBitTrack(track: 1 | 2 | 3, bits: Uint8Array, count = bits.length, packed = false): TrackRead {
  if (count < ENCODINGS[track].dataBits + 1) throw new SwipeError("SWIPE_TOO_SHORT", `track ${track}: only ${count} bits`);
  const read = frameEitherWay(bits, count, ENCODINGS[track], packed);
  checkTrackRead(read);
  return read;
}
