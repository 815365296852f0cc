import { CardError } from "./error.ts";
import { parseExpiry } from "./expiry.ts";
import { checkPan } from "./pan.ts";
import { parseServiceCode } from "./service-code.ts";
import type { TrackData } from "./track-data.ts";
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
  let rest = data.slice(sep + 1);
  const result: TrackData = { track: 2, pan, discretionary: "" };
  if (rest[0] === SEPARATOR) rest = rest.slice(1);
  else {
    result.expiry = parseExpiry(rest.slice(0, 4));
    rest = rest.slice(4);
  }
  if (rest[0] === SEPARATOR) rest = rest.slice(1);
  else {
    result.serviceCode = parseServiceCode(rest.slice(0, 3));
    rest = rest.slice(3);
  }
  result.discretionary = rest;
  return result;
}
