import { CardError } from "./error.ts";
import type { TrackData } from "./track-data.ts";
import { parseTrack1 } from "./track1.ts";
import { parseTrack2 } from "./track2.ts";

/**
 * Parses a track string of either financial track, telling them apart by
 * the start sentinel or, without sentinels, by the first character (a
 * letter is track 1's format code, a digit starts track 2's PAN).
 * @throws CardError
 */
export function parseTrack(text: string): TrackData {
  const first = text[0];
  if (first === undefined) throw new CardError("TRACK_EMPTY", "track is empty");
  if (first === "%" || (first >= "A" && first <= "Z")) return parseTrack1(text);
  if (first === ";" || (first >= "0" && first <= "9")) return parseTrack2(text);
  throw new CardError("TRACK_NO_START_SENTINEL", "track starts with neither a start sentinel nor track data");
}
