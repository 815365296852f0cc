import { type TrackEncoding } from "./encoding.ts";
import { SwipeError } from "./error.ts";
import { packedBit } from "./packed-bits.ts";

/** Which way the card went through the head, relative to how it was encoded. */
export type Direction = "forward" | "reverse";

/** Characters framed from a track's bits, before the strict checks. */
export interface TrackRead {
  track: 1 | 2 | 3;
  direction: Direction;
  /** start sentinel to end sentinel inclusive, as ASCII (the LRC is apart) */
  characters: string;
  /** positions in `characters` whose parity bit is wrong */
  parityErrors: number[];
  /** the LRC character matches and has good parity */
  lrcValid: boolean;
  /** first and past-the-last bit of the framed characters and LRC, in capture order */
  span: [number, number];
}

/**
 * Frames characters from a bit stream in one direction: the first 1 bit
 * starts the start sentinel (clocking zeros precede it), characters follow
 * least significant bit first with odd parity, the LRC follows the end
 * sentinel.
 * @param packed - `bits` holds eight bits a byte, least significant first
 *   (the reader's buffers); else one a byte
 * @throws SwipeError `TRACK_NO_START_SENTINEL`, `TRACK_NO_END_SENTINEL` or `TRACK_TOO_LONG`
 */
export function frameTrack(bits: Uint8Array, count: number, enc: TrackEncoding, direction: Direction, packed = false): TrackRead {
  const reverse = direction === "reverse";
  const at = packed
    ? (k: number) => packedBit(bits, reverse ? count - 1 - k : k)
    : (k: number) => (reverse ? bits[count - 1 - k] : bits[k]);
  const width = enc.dataBits + 1;
  let pos = 0;
  while (pos < count && at(pos) === 0) pos++;
  const first = pos;
  let characters = "";
  const parityErrors: number[] = [];
  let lrc = 0;
  for (;;) {
    if (pos + width > count) {
      if (characters.length === 0) throw new SwipeError("TRACK_NO_START_SENTINEL", `track ${enc.track}: no start sentinel`);
      throw new SwipeError("TRACK_NO_END_SENTINEL", `track ${enc.track}: bits ran out after ${characters.length} characters, before the end sentinel`);
    }
    let value = 0;
    let ones = 0;
    for (let b = 0; b < width; b++) {
      const bit = at(pos + b);
      ones += bit;
      if (b < enc.dataBits) value |= bit << b;
    }
    pos += width;
    if (characters.length === 0 && value !== enc.start) {
      throw new SwipeError("TRACK_NO_START_SENTINEL", `track ${enc.track}: the first character is not the start sentinel`);
    }
    if ((ones & 1) === 0) parityErrors.push(characters.length);
    characters += String.fromCharCode(value + enc.offset);
    lrc ^= value;
    if (value === enc.end) break;
    // the end sentinel and the LRC still have to fit
    if (characters.length + 2 > enc.maxCharacters) {
      throw new SwipeError("TRACK_TOO_LONG", `track ${enc.track}: more than ${enc.maxCharacters} characters without an end sentinel`);
    }
  }
  let lrcValid = false;
  if (pos + width <= count) {
    let value = 0;
    let ones = 0;
    for (let b = 0; b < width; b++) {
      const bit = at(pos + b);
      ones += bit;
      if (b < enc.dataBits) value |= bit << b;
    }
    pos += width;
    lrcValid = value === lrc && (ones & 1) === 1;
  }
  const span: [number, number] = reverse ? [count - pos, count - first] : [first, pos];
  return { track: enc.track, direction, characters, parityErrors, lrcValid, span };
}

/**
 * Frames a track whichever way it was swiped: a clean read in either
 * direction wins, forward first; else the direction that framed at all.
 * @param packed - as {@link frameTrack}
 * @throws SwipeError the framing error of the direction that got further
 */
export function frameEitherWay(bits: Uint8Array, count: number, enc: TrackEncoding, packed = false): TrackRead {
  let forward: TrackRead | SwipeError;
  let reverse: TrackRead | SwipeError;
  try {
    forward = frameTrack(bits, count, enc, "forward", packed);
    if (isClean(forward)) return forward;
  } catch (e) {
    forward = asSwipeError(e);
  }
  try {
    reverse = frameTrack(bits, count, enc, "reverse", packed);
    if (isClean(reverse)) return reverse;
  } catch (e) {
    reverse = asSwipeError(e);
  }
  if (!(forward instanceof SwipeError)) return forward;
  if (!(reverse instanceof SwipeError)) return reverse;
  throw forward.code === "TRACK_NO_START_SENTINEL" ? reverse : forward;
}

function isClean(read: TrackRead): boolean {
  return read.parityErrors.length === 0 && read.lrcValid;
}

function asSwipeError(e: unknown): SwipeError {
  if (e instanceof SwipeError) return e;
  throw e;
}

/**
 * The strict checks a reader makes on framed characters.
 * @throws SwipeError `TRACK_PARITY` naming the first bad character position, or `TRACK_LRC`
 */
export function checkTrackRead(read: TrackRead): void {
  if (read.parityErrors.length > 0) {
    throw new SwipeError("TRACK_PARITY", `track ${read.track}: parity error in character ${read.parityErrors[0] + 1}`);
  }
  if (!read.lrcValid) throw new SwipeError("TRACK_LRC", `track ${read.track}: LRC does not match`);
}
