/**
 * The acquirer's date and time from a sign-on answer (0810). ISO
 * 8583:1987 dates without a year: DE7 transmission date and time
 * (MMDDhhmmss, GMT), DE12 local time (hhmmss) and DE13 local date (MMDD).
 * China UnionPay-style hosts give their time in DE12 and DE13 of the
 * sign-on answer, for a terminal to set its clock by.
 */

import { text, type IsoMessage } from "../iso8583/message.ts";

/** MMDDhhmmss: DE7, or DE13 followed by DE12 */
const MMDDHHMMSS = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/;

/** What a sign-on answer says the time is, and where it said it. */
export interface HostTime {
  utcMs: number;
  /** `"DE12/DE13"` (local, read in the terminal's zone) or `"DE7"` (GMT) */
  from: "DE12/DE13" | "DE7";
}

/**
 * No date before this is right: the firmware cannot run before its source
 * was written (2026-01-01T00:00:00Z). The reference when the journal knows
 * no later time.
 */
export const NOT_BEFORE_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;

/**
 * The UTC instant nearest to `referenceMs`, and not before it, whose
 * calendar (shifted by `offsetMinutes`) reads month, day and time as given:
 * the year is inferred, since these fields carry none. The reference is
 * the last time known to be right, so the time now is after it: of the
 * dates nearest to it only those not before it (by more than a day, for
 * zones and drift) count, so that 0815 read with a reference of March
 * 2027 is August 2027, not August 2026. A date no year has (Feb 30) or a
 * time out of range gives undefined.
 */
export function nearestInstant(month: number, day: number, h: number, m: number, s: number, offsetMinutes: number, referenceMs: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || m > 59 || s > 59) return undefined;
  const year = new Date(referenceMs + offsetMinutes * 60_000).getUTCFullYear();
  // Feb 29 comes back within four years
  for (let y = year - 1; y <= year + 4; y++) {
    const local = Date.UTC(y, month - 1, day, h, m, s);
    // Feb 29 of a common year rolls over to Mar 1: not that date
    if (new Date(local).getUTCDate() !== day) continue;
    const at = local - offsetMinutes * 60_000;
    if (at >= referenceMs - DAY_MS) return at;
  }
  return undefined;
}

/**
 * The acquirer's time in a sign-on answer, or undefined when it gives
 * none. DE12 and DE13 come first (China UnionPay practice; read in the
 * terminal's own zone, as such a host and its terminals share one), DE7
 * (GMT) otherwise. A field that repeats the request's own is an echo (some
 * hosts send DE7, DE12 and DE13 of the request back): it tells nothing
 * and is passed over, so that a terminal counting from 1970 does not set
 * its clock from its own 1970 date.
 * @param referenceMs - the last time known to be right (the journal's newest record, else {@link NOT_BEFORE_MS}), for the year
 */
export function hostTime(answer: IsoMessage, request: IsoMessage, offsetMinutes: number, referenceMs: number): HostTime | undefined {
  const t12 = text(answer, 12);
  const d13 = text(answer, 13);
  if (t12 !== undefined && d13?.length === 4 && !(t12 === text(request, 12) && d13 === text(request, 13))) {
    const at = instantOf(d13 + t12, offsetMinutes, referenceMs);
    if (at !== undefined) return { utcMs: at, from: "DE12/DE13" };
  }
  const t7 = text(answer, 7);
  if (t7 !== undefined && t7 !== text(request, 7)) {
    const at = instantOf(t7, 0, referenceMs);
    if (at !== undefined) return { utcMs: at, from: "DE7" };
  }
  return undefined;
}

/** The {@link nearestInstant} a MMDDhhmmss text names, or undefined when it is not 10 digits or names none. */
function instantOf(mmddhhmmss: string, offsetMinutes: number, referenceMs: number): number | undefined {
  const g = MMDDHHMMSS.exec(mmddhhmmss);
  return g ? nearestInstant(Number(g[1]), Number(g[2]), Number(g[3]), Number(g[4]), Number(g[5]), offsetMinutes, referenceMs) : undefined;
}
