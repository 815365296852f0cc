/**
 * The acquirer's time in a sign-on answer. ISO 8583:1987 field formats:
 * DE7 transmission date and time MMDDhhmmss in GMT, DE12 local time
 * hhmmss, DE13 local date MMDD; none carries a year. Expected instants
 * are written with `Date.UTC` (ECMA-262's own calendar), not our code.
 */
import test from "ava";
import type { FieldValue, IsoMessage } from "../../../modules/iso8583/message.ts";
import { hostTime, nearestInstant, NOT_BEFORE_MS } from "../../../modules/uplink/host-time.ts";

const message = (mti: string, fields: Record<number, FieldValue>): IsoMessage => ({ mti, fields: new Map(Object.entries(fields).map(([k, v]) => [Number(k), v])) });
/** a terminal counting from 1970 (12 s after boot), UTC+8 */
const request = message("0800", { 7: "0101000012", 12: "080012", 13: "0101", 70: "001" });

test("DE12 093015 and DE13 1126 in China Standard Time (UTC+8) are 2026-11-26 01:30:15 UTC, the year from the floor", (t) => {
  t.deepEqual(hostTime(message("0810", { 12: "093015", 13: "1126", 39: "00" }), request, 480, NOT_BEFORE_MS), { utcMs: Date.UTC(2026, 10, 26, 1, 30, 15), from: "DE12/DE13" });
});

test("DE7 1126013015 alone is read in GMT", (t) => {
  t.deepEqual(hostTime(message("0810", { 7: "1126013015", 39: "00" }), request, 480, NOT_BEFORE_MS), { utcMs: Date.UTC(2026, 10, 26, 1, 30, 15), from: "DE7" });
});

test("DE12 and DE13 come before DE7 when both are given", (t) => {
  t.is(hostTime(message("0810", { 7: "1126013015", 12: "103015", 13: "1126" }), request, 480, NOT_BEFORE_MS)?.from, "DE12/DE13");
});

test("an echo of the request's own DE7, DE12 and DE13 gives no time", (t) => {
  t.is(hostTime(message("0810", { 7: "0101000012", 12: "080012", 13: "0101", 39: "00" }), request, 480, NOT_BEFORE_MS), undefined);
});

test("an answer without DE7, DE12 or DE13, with a date no calendar has (1332, 0230) or a time out of range (246000) gives no time", (t) => {
  t.is(hostTime(message("0810", { 39: "00" }), request, 0, NOT_BEFORE_MS), undefined);
  t.is(hostTime(message("0810", { 12: "093015", 13: "1332" }), request, 0, NOT_BEFORE_MS), undefined);
  t.is(hostTime(message("0810", { 7: "0230120000" }), request, 0, NOT_BEFORE_MS), undefined);
  t.is(hostTime(message("0810", { 12: "246000", 13: "1126" }), request, 0, NOT_BEFORE_MS), undefined);
});

test("the year: 0102 read on 2026-12-30 is 2027-01-02; 0815 read in March 2027 is August 2027, not 2026", (t) => {
  t.is(nearestInstant(1, 2, 8, 0, 0, 0, Date.UTC(2026, 11, 30)), Date.UTC(2027, 0, 2, 8));
  t.is(nearestInstant(8, 15, 8, 0, 0, 0, Date.UTC(2027, 2, 1)), Date.UTC(2027, 7, 15, 8));
});

test("the year: a date within a day before the reference keeps the reference's year (zones, drift)", (t) => {
  t.is(nearestInstant(11, 25, 23, 0, 0, 0, Date.UTC(2026, 10, 26, 1)), Date.UTC(2026, 10, 25, 23));
});

test("the year: Feb 29 read in June 2026 is 2028-02-29 (2027 has none)", (t) => {
  t.is(nearestInstant(2, 29, 12, 0, 0, 0, Date.UTC(2026, 5, 1)), Date.UTC(2028, 1, 29, 12));
});

test("local time east of UTC can fall on the previous UTC day: 0101 07:00 at UTC+8 is 2026-12-31 23:00 UTC", (t) => {
  t.is(nearestInstant(1, 1, 7, 0, 0, 480, Date.UTC(2026, 11, 1)), Date.UTC(2026, 11, 31, 23));
});
