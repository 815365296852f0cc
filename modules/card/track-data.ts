import type { Expiry } from "./expiry.ts";
import type { ServiceCode } from "./service-code.ts";

/** The fields of a financial track (ISO/IEC 7813 track 1 format B or track 2). */
export interface TrackData {
  track: 1 | 2;
  /** primary account number, 12-19 digits; mask it before it leaves the authorization path */
  pan: string;
  /** cardholder name (track 1 only), as encoded: `SURNAME/GIVEN NAME` */
  name?: string;
  /** absent when the issuer put a field separator in its place */
  expiry?: Expiry;
  /** absent when the issuer put a field separator in its place */
  serviceCode?: ServiceCode;
  /** issuer data (PVV, CVV/CVC, counters): sensitive, never printed or logged */
  discretionary: string;
}
