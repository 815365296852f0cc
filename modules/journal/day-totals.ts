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
import { counts } from "./totals.ts";
import { TransactionError } from "./transaction-error.ts";
import { K, S, type TransactionTable } from "./transaction-table.ts";

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
  const state = table.state(i);
  return table.kind(i) === K.preauth && (state === S.completed || state === S.captured || state === S.released) ? "hold" : undefined;
}

function add(out: DayTotals, side: "debit" | "credit" | "hold", amount: number): void {
  if (side === "debit") out.debitsMinor += amount;
  else if (side === "credit") out.creditsMinor += amount;
  else out.holdsMinor += amount;
}

/**
 * The totals of `day`: the carried record's (when it is that day's) plus
 * every counted row on the table of that day, whatever its batch.
 */
export function dayTotalsOf(table: TransactionTable, carried: DayTotals | undefined, day: number): DayTotals {
  const out: DayTotals = carried?.day === day ? { ...carried } : { day, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 };
  for (let i = 0; i < table.length; i++) {
    const side = daySide(table, i);
    if (side && rowDay(table, i) === day) add(out, side, table.amount(i));
  }
  return out;
}

/**
 * What a compaction carries: the latest day among the carried record and
 * the counted rows it drops (`kept(i)` false), with that day's amounts;
 * earlier days are over and are forgotten. Undefined when nothing counts.
 */
export function carryDay(table: TransactionTable, carried: DayTotals | undefined, kept: (i: number) => boolean): DayTotals | undefined {
  let day = carried?.day ?? -1;
  for (let i = 0; i < table.length; i++) if (!kept(i) && daySide(table, i)) day = Math.max(day, rowDay(table, i));
  if (day < 0) return undefined;
  const out: DayTotals = carried?.day === day ? { ...carried } : { day, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 };
  for (let i = 0; i < table.length; i++) {
    if (kept(i)) continue;
    const side = daySide(table, i);
    if (side && rowDay(table, i) === day) add(out, side, table.amount(i));
  }
  return out;
}

/**
 * Encodes a day-totals record: day (3), debits (6), credits (6), holds (6), little-endian.
 * @throws TransactionError `TX_INPUT` when a field is out of range
 */
export function encodeDayTotals(d: DayTotals): Uint8Array {
  const limits = [["day", d.day, 0xffffff], ["debits", d.debitsMinor, 2 ** 48 - 1], ["credits", d.creditsMinor, 2 ** 48 - 1], ["holds", d.holdsMinor, 2 ** 48 - 1]] as const;
  for (let i = 0; i < limits.length; i++) {
    const what = limits[i][0], v = limits[i][1], max = limits[i][2];
    if (!Number.isSafeInteger(v) || v < 0 || v > max) throw new TransactionError("TX_INPUT", `day totals: ${what} ${v} out of range`);
  }
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
