import type { TransactionLimits } from "../config/types.ts";
import type { TransactionView } from "../journal/transaction-table.ts";

/** What a limit check says: within the limits, or which limit the amount passes. */
export type LimitCheck = { ok: true } | { ok: false; scope: "TRANSACTION" | "DAY"; limitMinor: number };

const DAY_MS = 86_400_000;

/** The local day number (days since 1970 in the terminal's zone) of a moment. */
export function localDay(utcMs: number, offsetMinutes: number): number {
  return Math.floor((utcMs + offsetMinutes * 60_000) / DAY_MS);
}

/**
 * Checks an amount against the terminal's limits before the card is read:
 * the largest single transaction, then the day's total of that type
 * (completed and advised transactions of the local day `today` on the
 * journal, plus this one). A daily total of 0 forbids the type. The
 * journal holds the open batch: after a settlement the day's count starts
 * again from the transactions still on it.
 */
export function checkLimits(
  limits: TransactionLimits,
  type: "sale" | "refund",
  amountMinor: number,
  journal: readonly TransactionView[],
  today: number,
): LimitCheck {
  if (amountMinor > limits.maxTransactionAmount) return { ok: false, scope: "TRANSACTION", limitMinor: limits.maxTransactionAmount };
  const limit = limits.dailyTotals[type];
  let total = amountMinor;
  for (const tx of journal) {
    if (localDay(tx.utcSeconds * 1000, tx.offsetMinutes) !== today) continue;
    const counted = type === "sale"
      ? (tx.kind === "sale" && tx.state === "completed") || (tx.kind === "offline" && (tx.state === "advising" || tx.state === "advised"))
      : tx.kind === "refund" && tx.state === "completed";
    if (counted) total += tx.amountMinor;
  }
  if (total > limit) return { ok: false, scope: "DAY", limitMinor: limit };
  return { ok: true };
}
