/**
 * What the terminal took on one local day, across settlements: the
 * day's debits (sales, offline sales, pre-authorization completions),
 * credits (refunds) and holds (pre-authorizations approved, whatever
 * became of them after: the amount the day's holds asked the issuers
 * for). A settlement's compaction drops the batch's records,
 * so it first folds the day's amounts of the records it drops into one
 * day-totals record it keeps; the rows still on the journal add to it.
 * Days are local to each transaction's own time zone offset, so a day
 * ends at the terminal's midnight, not at settlement.
 */
import { getUint, putUint } from "./record-bytes.ts";
import { counts, isHold } from "./totals.ts";
import { TransactionError } from "./transaction-error.ts";
import type { TransactionTable } from "./transaction-table.ts";

const DAY_MS = 86_400_000;
const DAY_SECONDS = 86_400;

/** The day's debits, credits and holds, minor units. */
export interface DayTotals {
  /** local day number: days since 1970-01-01 in the zone of the moment's offset */
  day: number;
  debitsMinor: number;
  creditsMinor: number;
  /** pre-authorizations approved on the day */
  holdsMinor: number;
}

/** Payload bytes of the day-totals record: day (3), debits (6), credits (6), holds (6). */
export const DAY_TOTALS_LENGTH = 21;
/** A record written before holds were counted: day, debits, credits. */
const DAY_TOTALS_WITHOUT_HOLDS = 15;

/** The local day number of a moment in a zone `offsetMinutes` east of UTC. */
export function localDay(utcMs: number, offsetMinutes: number): number {
  return Math.floor((utcMs + offsetMinutes * 60_000) / DAY_MS);
}

/** The local day of a row, from its intent's time and offset. */
function rowDay(table: TransactionTable, i: number): number {
  return Math.floor(table.localSeconds(i) / DAY_SECONDS);
}

/** Where a row counts in its day: debits, credits, holds (a pre-authorization the issuer approved, open, completed or cancelled since), or nowhere. */
function daySide(table: TransactionTable, i: number): "debit" | "credit" | "hold" | undefined {
  const side = counts(table, i);
  if (side) return side;
  return isHold(table, i) ? "hold" : undefined;
}

/**
 * The amounts of `day`: the carried record's (when it is that day's) plus
 * every counted row on the table of that day, leaving out the rows `kept`
 * accepts (those the compaction keeps).
 */
function dayAmounts(table: TransactionTable, carried: DayTotals | undefined, day: number, kept?: (i: number) => boolean): DayTotals {
  const out: DayTotals = carried?.day === day ? { ...carried } : { day, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 };
  for (let i = 0; i < table.length; i++) {
    if (kept?.(i)) continue;
    const side = daySide(table, i);
    if (!side || rowDay(table, i) !== day) continue;
    const amount = table.amount(i);
    if (side === "debit") out.debitsMinor += amount;
    else if (side === "credit") out.creditsMinor += amount;
    else out.holdsMinor += amount;
  }
  return out;
}

/**
 * The totals of `day`: the carried record's (when it is that day's) plus
 * every counted row on the table of that day, whatever its batch.
 */
export function dayTotalsOf(table: TransactionTable, carried: DayTotals | undefined, day: number): DayTotals {
  return dayAmounts(table, carried, day);
}

/**
 * What a compaction carries: the latest day among the carried record and
 * the counted rows it drops (`kept(i)` false), with that day's amounts;
 * earlier days are over and are forgotten. Undefined when nothing counts.
 */
export function carryDay(table: TransactionTable, carried: DayTotals | undefined, kept: (i: number) => boolean): DayTotals | undefined {
  let day = carried?.day ?? -1;
  for (let i = 0; i < table.length; i++) if (!kept(i) && daySide(table, i)) day = Math.max(day, rowDay(table, i));
  return day < 0 ? undefined : dayAmounts(table, carried, day, kept);
}

/** The largest amount a 6-byte field holds. */
const AMOUNT_MAX = 2 ** 48 - 1;

function checkField(what: string, value: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw new TransactionError("TX_INPUT", `day totals: ${what} ${value} out of range`);
}

/**
 * Encodes a day-totals record: day (3), debits (6), credits (6), holds (6), little-endian.
 * @throws TransactionError `TX_INPUT` when a field is out of range
 */
export function encodeDayTotals(d: DayTotals): Uint8Array {
  checkField("day", d.day, 0xffffff);
  checkField("debits", d.debitsMinor, AMOUNT_MAX);
  checkField("credits", d.creditsMinor, AMOUNT_MAX);
  checkField("holds", d.holdsMinor, AMOUNT_MAX);
  const out = new Uint8Array(DAY_TOTALS_LENGTH);
  putUint(out, 0, 3, d.day);
  putUint(out, 3, 6, d.debitsMinor);
  putUint(out, 9, 6, d.creditsMinor);
  putUint(out, 15, 6, d.holdsMinor);
  return out;
}

/**
 * Decodes a day-totals record; one of 15 bytes, written before holds
 * were counted, has no holds.
 * @throws TransactionError `TX_RECORD` when the payload is neither 21 nor 15 bytes
 */
export function decodeDayTotals(p: Uint8Array): DayTotals {
  if (p.length !== DAY_TOTALS_LENGTH && p.length !== DAY_TOTALS_WITHOUT_HOLDS) {
    throw new TransactionError("TX_RECORD", `a day-totals record of ${p.length} bytes, not ${DAY_TOTALS_LENGTH}`);
  }
  const holdsMinor = p.length === DAY_TOTALS_LENGTH ? getUint(p, 15, 6) : 0;
  return { day: getUint(p, 0, 3), debitsMinor: getUint(p, 3, 6), creditsMinor: getUint(p, 9, 6), holdsMinor };
}
