/**
 * Batch totals, computed from the transaction table when asked (never
 * stored as one growing value): what settlement sends (ISO 8583:1987
 * DE74/76 counts, DE86/88 amounts), and the breakdowns a totals report
 * prints, by transaction type and by card scheme.
 */
import type { Scheme } from "../card/scheme.ts";
import { K, S, type TransactionTable } from "./transaction-table.ts";
import { KINDS, SCHEMES, type TransactionKind } from "./transaction-records.ts";

/** A count and an amount. */
export interface Tally {
  count: number;
  amountMinor: number;
}

/** Debits (sales) and credits (refunds), as settlement sends them. */
export interface SettlementTotals {
  debits: number;
  debitsMinor: number;
  credits: number;
  creditsMinor: number;
}

/** The open batch's totals. */
export interface BatchTotals extends SettlementTotals {
  batch: number;
  /**
   * per transaction type: online sales, offline sales, refunds, voids (the
   * amount they undid), balance inquiries (count only), pre-authorizations
   * approved (the amount held; not in the debits), their completions (in
   * the debits) and cancellations (the amount released)
   */
  byType: Record<TransactionKind, Tally>;
  /** per scheme, for the schemes the batch holds */
  byScheme: Partial<Record<Scheme, SettlementTotals>>;
}

function tally(): Tally {
  return { count: 0, amountMinor: 0 };
}

/** Whether a row counts in its batch's debits or credits. */
export function counts(table: TransactionTable, i: number): "debit" | "credit" | undefined {
  const side = sideOf(table.kind(i), table.state(i));
  return side === DEBIT ? "debit" : side === CREDIT ? "credit" : undefined;
}

const DEBIT = 1;
const CREDIT = 2;

/** {@link counts} of a kind and state, as a number (0 none): the totals read every row of the batch. */
function sideOf(kind: number, state: number): number {
  if (kind === K.sale) return state === S.completed ? DEBIT : 0;
  if (kind === K.offline) return state === S.advising || state === S.advised ? DEBIT : 0;
  if (kind === K.preauthCompletion) return state === S.completed || state === S.advising || state === S.advised ? DEBIT : 0;
  return kind === K.refund && state === S.completed ? CREDIT : 0;
}

/** Whether a row is a pre-authorization whose hold was placed: open, captured or released. */
export function isHold(table: TransactionTable, i: number): boolean {
  const state = table.state(i);
  return table.kind(i) === K.preauth && (state === S.completed || state === S.captured || state === S.released);
}

/** The totals of batch `batch`. */
export function totalsOf(table: TransactionTable, batch: number): BatchTotals {
  const t: BatchTotals = {
    batch,
    debits: 0,
    debitsMinor: 0,
    credits: 0,
    creditsMinor: 0,
    byType: { sale: tally(), offline: tally(), refund: tally(), void: tally(), balance: tally(), preauth: tally(), preauthCompletion: tally(), preauthCancel: tally() },
    byScheme: {},
  };
  const byCode: SettlementTotals[] = [];
  for (let i = 0; i < table.length; i++) {
    if (table.batch(i) !== batch) continue;
    const kind = table.kind(i);
    const state = table.state(i);
    const amount = table.amount(i);
    const side = sideOf(kind, state);
    // by type, beside the debits and credits: completed voids, balance inquiries (no amount) and cancellations, and holds
    const tallied = side !== 0 || isHold(table, i) || (state === S.completed && (kind === K.void || kind === K.balance || kind === K.preauthCancel));
    if (!tallied) continue;
    const type = t.byType[KINDS[kind - 1]];
    type.count++;
    if (kind !== K.balance) type.amountMinor += amount;
    if (side === 0) continue;
    // the scheme's tally, found by its code (the row's byte) rather than by name
    const code = table.scheme(i);
    let s = byCode[code];
    if (!s) s = byCode[code] = t.byScheme[SCHEMES[code] ?? "unknown"] ??= { debits: 0, debitsMinor: 0, credits: 0, creditsMinor: 0 };
    if (side === DEBIT) {
      t.debits++;
      t.debitsMinor += amount;
      s.debits++;
      s.debitsMinor += amount;
    } else {
      t.credits++;
      t.creditsMinor += amount;
      s.credits++;
      s.creditsMinor += amount;
    }
  }
  return t;
}
