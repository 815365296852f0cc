import { CardError } from "./error.ts";
import { checkPan } from "./pan.ts";
import type { TrackData } from "./track-data.ts";
import { readTrackTail } from "./track-tail.ts";
import { TRACK2, trackData } from "./track-text.ts";

const SEPARATOR = "=";

/**
 * Parses track 2 (ISO/IEC 7813 clause 10.2):
 * `;` PAN `=` YYMM SERVICE-CODE DISCRETIONARY `?`.
 * The string may be given with or without sentinels.
 * @throws CardError for any deviation from the format
 */
export function parseTrack2(text: string): TrackData {
  const data = trackData(text, TRACK2);
  const sep = data.indexOf(SEPARATOR);
  if (sep < 0) throw new CardError("TRACK_FORMAT", "track 2 has no field separator after the PAN");
  const pan = checkPan(data.slice(0, sep));
  return readTrackTail(data.slice(sep + 1), SEPARATOR, { track: 2, pan, discretionary: "" });
}
