import { ReceiptError } from "./error.ts";
import type { LocalDateTime } from "./transaction.ts";

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})$/;
/** 9999-12-31T23:59:59Z: the last instant with a four-digit year */
const MAX_MS = 253_402_300_799_000;

/**
 * Date and time as a receipt prints them, `YYYY/MM/DD HH:MM:SS` (the
 * China UnionPay slip's form), local time.
 * @throws ReceiptError `RECEIPT_FIELD` for a date or time that does not exist
 */
export function formatLocalDateTime(when: LocalDateTime, field = "when"): string {
  if (when && typeof when === "object" && "epochMs" in when) {
    const epochMs = when.epochMs;
    const offsetMinutes = when.offsetMinutes;
    if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > 18 * 60) throw new ReceiptError("RECEIPT_FIELD", `${field}.offsetMinutes must be whole minutes within ±18 h`);
    const local = epochMs + offsetMinutes * 60_000;
    if (!Number.isFinite(epochMs) || local < 0 || local > MAX_MS) throw new ReceiptError("RECEIPT_FIELD", `${field}.epochMs must be a time from 1970 to 9999`);
    // an ISO string of the shifted instant reads as the local date and time
    const iso = new Date(Math.floor(local / 1000) * 1000).toISOString();
    return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)} ${iso.slice(11, 19)}`;
  }
  const date = typeof when?.date === "string" ? DATE.exec(when.date) : null;
  const time = typeof when?.time === "string" ? TIME.exec(when.time) : null;
  if (!date || !time) throw new ReceiptError("RECEIPT_FIELD", `${field} must be { date: "YYYY-MM-DD", time: "HH:MM:SS" } or { epochMs, offsetMinutes }`);
  const month = Number(date[2]);
  const day = Number(date[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(Number(date[1]), month)) throw new ReceiptError("RECEIPT_FIELD", `${field}.date ${when.date} does not exist`);
  // 60 seconds: a leap second, which a wall clock may show
  if (Number(time[1]) > 23 || Number(time[2]) > 59 || Number(time[3]) > 60) throw new ReceiptError("RECEIPT_FIELD", `${field}.time ${when.time} does not exist`);
  return `${date[1]}/${date[2]}/${date[3]} ${when.time}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
