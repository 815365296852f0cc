import { type TrackEncoding } from "./encoding.ts";
import { SwipeError } from "./error.ts";
import { packedBit } from "./packed-bits.ts";

/** Which way the card went through the head, relative to how it was encoded. */
export type Direction = "forward" | "reverse";

const DIRECTIONS: readonly Direction[] = ["forward", "reverse"];

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
  // the k-th bit in the direction of reading
  const at = (k: number) => {
    const i = reverse ? count - 1 - k : k;
    return packed ? packedBit(bits, i) : bits[i];
  };
  const width = enc.dataBits + 1;
  let pos = 0;
  while (pos < count && at(pos) === 0) pos++;
  const first = pos;
  let characters = "";
  const parityErrors: number[] = [];
  let lrc = 0;
  let lrcValid = false;
  // the characters up to the end sentinel, then the LRC when its bits are there
  for (let ended = false; ; ) {
    if (pos + width > count) {
      if (ended) break;
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
    if (ended) {
      lrcValid = value === lrc && (ones & 1) === 1;
      break;
    }
    if (characters.length === 0 && value !== enc.start) {
      throw new SwipeError("TRACK_NO_START_SENTINEL", `track ${enc.track}: the first character is not the start sentinel`);
    }
    if ((ones & 1) === 0) parityErrors.push(characters.length);
    characters += String.fromCharCode(value + enc.offset);
    lrc ^= value;
    if (value === enc.end) ended = true;
    // the end sentinel and the LRC still have to fit
    else if (characters.length + 2 > enc.maxCharacters) {
      throw new SwipeError("TRACK_TOO_LONG", `track ${enc.track}: more than ${enc.maxCharacters} characters without an end sentinel`);
    }
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
  // what each direction gave, forward first: its read, or its framing error
  const outcomes: (TrackRead | SwipeError)[] = [];
  for (let i = 0; i < DIRECTIONS.length; i++) {
    try {
      const read = frameTrack(bits, count, enc, DIRECTIONS[i], packed);
      if (read.parityErrors.length === 0 && read.lrcValid) return read;
      outcomes.push(read);
    } catch (e) {
      if (!(e instanceof SwipeError)) throw e;
      outcomes.push(e);
    }
  }
  const forward = outcomes[0];
  const reverse = outcomes[1];
  if (!(forward instanceof SwipeError)) return forward;
  if (!(reverse instanceof SwipeError)) return reverse;
  throw forward.code === "TRACK_NO_START_SENTINEL" ? reverse : forward;
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
