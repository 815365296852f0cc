import { CardError } from "./error.ts";

/** Framing of one track in ISO/IEC 7811-2 / 7813 terms. */
export interface TrackFraming {
  track: 1 | 2 | 3;
  startSentinel: string;
  endSentinel: string;
  /** most characters on the track, sentinels and LRC included */
  maxCharacters: number;
  /** lowest and highest character code of the track's alphabet */
  alphabet: [number, number];
}

export const TRACK1: TrackFraming = { track: 1, startSentinel: "%", endSentinel: "?", maxCharacters: 79, alphabet: [0x20, 0x5f] };
export const TRACK2: TrackFraming = { track: 2, startSentinel: ";", endSentinel: "?", maxCharacters: 40, alphabet: [0x30, 0x3f] };
export const TRACK3: TrackFraming = { track: 3, startSentinel: ";", endSentinel: "?", maxCharacters: 107, alphabet: [0x30, 0x3f] };

/**
 * The data characters of a track string given with or without its
 * sentinels (the LRC is not part of a track string).
 * @throws CardError on a missing sentinel, data after the end sentinel, a
 *   character outside the track's alphabet or a track too long
 */
export function trackData(text: string, framing: TrackFraming): string {
  if (text.length === 0) throw new CardError("TRACK_EMPTY", `track ${framing.track} is empty`);
  const hasStart = text[0] === framing.startSentinel;
  const end = text.indexOf(framing.endSentinel);
  if (hasStart && end < 0) throw new CardError("TRACK_NO_END_SENTINEL", `track ${framing.track} has a start sentinel but no end sentinel`);
  if (!hasStart && end >= 0) throw new CardError("TRACK_NO_START_SENTINEL", `track ${framing.track} has an end sentinel but no start sentinel`);
  if (end >= 0 && end !== text.length - 1) {
    throw new CardError("TRACK_TRAILING_DATA", `track ${framing.track} has ${text.length - 1 - end} character(s) after the end sentinel`);
  }
  const data = hasStart ? text.slice(1, end) : text;
  // sentinels and LRC take three of the track's characters
  if (data.length + 3 > framing.maxCharacters) {
    throw new CardError("TRACK_TOO_LONG", `track ${framing.track} holds at most ${framing.maxCharacters - 3} data characters, got ${data.length}`);
  }
  const lo = framing.alphabet[0];
  const hi = framing.alphabet[1];
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    const ch = data[i];
    if (c < lo || c > hi || ch === framing.startSentinel || ch === framing.endSentinel) {
      throw new CardError("TRACK_CHARACTER", `track ${framing.track} data position ${i + 1} holds a character outside its alphabet`);
    }
  }
  return data;
}
