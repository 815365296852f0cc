import { parseExpiry } from "./expiry.ts";
import { parseServiceCode } from "./service-code.ts";
import type { TrackData } from "./track-data.ts";

/**
 * The fields that end tracks 1 and 2 (ISO/IEC 7813 clauses 10.1 and 10.2),
 * read into `result`: the YYMM expiry and the service code, either of
 * which the issuer may replace with a field separator, then the
 * discretionary data.
 * @param rest - the track data after the field separator that ends the PAN (track 2) or the name (track 1)
 * @param separator - the track's field separator
 * @throws CardError `CARD_EXPIRY`, `CARD_SERVICE_CODE`
 */
export function readTrackTail(rest: string, separator: string, result: TrackData): TrackData {
  if (rest[0] === separator) rest = rest.slice(1);
  else {
    result.expiry = parseExpiry(rest.slice(0, 4));
    rest = rest.slice(4);
  }
  if (rest[0] === separator) rest = rest.slice(1);
  else {
    result.serviceCode = parseServiceCode(rest.slice(0, 3));
    rest = rest.slice(3);
  }
  result.discretionary = rest;
  return result;
}
