import { CardError } from "./error.ts";
import { checkPan } from "./pan.ts";
import type { TrackData } from "./track-data.ts";
import { readTrackTail } from "./track-tail.ts";
import { TRACK1, trackData } from "./track-text.ts";

const SEPARATOR = "^";

/**
 * Parses track 1, format B (ISO/IEC 7813 clause 10.1):
 * `%B` PAN `^` NAME `^` YYMM SERVICE-CODE DISCRETIONARY `?`.
 * The string may be given with or without sentinels.
 * @throws CardError for any deviation from the format
 */
export function parseTrack1(text: string): TrackData {
  const data = trackData(text, TRACK1);
  if (data[0] !== "B") {
    throw new CardError("TRACK_FORMAT_CODE", `track 1 format code must be B (financial), got ${JSON.stringify(data[0] ?? "")}`);
  }
  const first = data.indexOf(SEPARATOR);
  if (first < 0) throw new CardError("TRACK_FORMAT", "track 1 has no field separator after the PAN");
  const second = data.indexOf(SEPARATOR, first + 1);
  if (second < 0) throw new CardError("TRACK_FORMAT", "track 1 has no field separator after the name");
  const pan = checkPan(data.slice(1, first));
  const name = data.slice(first + 1, second);
  if (name.length < 2 || name.length > 26) throw new CardError("CARD_NAME", `track 1 name must have 2 to 26 characters, got ${name.length}`);
  return readTrackTail(data.slice(second + 1), SEPARATOR, { track: 1, pan, name, discretionary: "" });
}
