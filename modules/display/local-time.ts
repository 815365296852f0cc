import { DisplayError } from "./error.ts";
import { isIntegerIn } from "../core/integers.ts";

/** A calendar date and time of day in the terminal's time zone, to the minute. */
export interface LocalDateTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0-23 */
  hour: number;
  /** 0-59 */
  minute: number;
}

const DAY_MS = 86_400_000;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1-12) of `year`, Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * The local date and time of a `WallClock` reading: UTC milliseconds since
 * 1970 plus the zone's offset in minutes (+480 in China). Throws
 * `DISPLAY_ARGUMENT` for a time before 1970 or after 9999, or an offset
 * outside UTC-12:00 to UTC+14:00.
 */
export function toLocalDateTime(utcMs: number, offsetMinutes: number): LocalDateTime {
  if (!isIntegerIn(offsetMinutes, -720, 840)) {
    throw new DisplayError("DISPLAY_ARGUMENT", "offsetMinutes must be an integer from -720 to 840");
  }
  const localMs = utcMs + offsetMinutes * 60_000;
  if (!Number.isFinite(localMs) || localMs < 0 || localMs >= 253_402_300_800_000) {
    throw new DisplayError("DISPLAY_ARGUMENT", "the local time must lie between 1970 and 9999");
  }
  let days = Math.floor(localMs / DAY_MS);
  const minuteOfDay = Math.floor((localMs - days * DAY_MS) / 60_000);
  let year = 1970;
  // whole 400-year cycles first (146097 days each), so the loop below runs at most 400 times
  year += 400 * Math.floor(days / 146_097);
  days %= 146_097;
  while (days >= (isLeap(year) ? 366 : 365)) days -= isLeap(year++) ? 366 : 365;
  let month = 1;
  while (days >= daysInMonth(year, month)) days -= daysInMonth(year, month++);
  return { year, month, day: days + 1, hour: Math.floor(minuteOfDay / 60), minute: minuteOfDay % 60 };
}

/** Throws `DISPLAY_ARGUMENT` naming `name` unless `t` is a real date (1970-9999) and time. */
export function checkLocalDateTime(t: LocalDateTime, name: string): void {
  const ok =
    typeof t === "object" && t !== null &&
    isIntegerIn(t.year, 1970, 9999) && isIntegerIn(t.month, 1, 12) && isIntegerIn(t.day, 1, daysInMonth(t.year, t.month)) &&
    isIntegerIn(t.hour, 0, 23) && isIntegerIn(t.minute, 0, 59);
  if (!ok) throw new DisplayError("DISPLAY_ARGUMENT", `${name}: a date 1970-9999 and a time 00:00-23:59 are required`);
}

function two(n: number): string {
  return n < 10 ? "0" + n : String(n);
}

/** `2024-05-01 14:30`: ISO 8601 order, 16 columns. */
export function isoDateTime(t: LocalDateTime): string {
  return `${t.year}-${two(t.month)}-${two(t.day)} ${two(t.hour)}:${two(t.minute)}`;
}

/** `2024年05月01日 14:30`: the Chinese written date, 20 columns. */
export function chineseDateTime(t: LocalDateTime): string {
  return `${t.year}年${two(t.month)}月${two(t.day)}日 ${two(t.hour)}:${two(t.minute)}`;
}

/**
 * {@link isoDateTime}'s layout with dashes for its digits: what stands for
 * a date and time not known yet (a board's clock before SNTP, the modem or
 * a sign-on sets it), so the screen keeps its shape and shows no 1970 date.
 */
export const ISO_DATE_TIME_UNKNOWN = "---------- --:--";

/** {@link chineseDateTime}'s layout with dashes for its digits (see {@link ISO_DATE_TIME_UNKNOWN}). */
export const CHINESE_DATE_TIME_UNKNOWN = "----年--月--日 --:--";
