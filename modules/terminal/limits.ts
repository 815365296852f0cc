import type { TransactionLimits } from "../config/types.ts";
import type { DayTotals } from "../journal/day-totals.ts";

export { localDay } from "../journal/day-totals.ts";

/** What a limit check says: within the limits, or which limit the amount passes. */
export type LimitCheck = { ok: true } | { ok: false; scope: "TRANSACTION" | "DAY"; limitMinor: number };

/**
 * Checks an amount against the terminal's limits before the card is read:
 * the largest single transaction (for a pre-authorization, the largest
 * pre-authorization), then the day's total of that type plus this one.
 * `day` is what the journal says the terminal took on the local day
 * (TransactionJournal.dayTotals): sales, offline sales and
 * pre-authorization completions count as sales, refunds as refunds,
 * approved pre-authorizations as holds, over every batch of the day, so
 * the count starts again at the terminal's local midnight and not at
 * settlement. A daily total of 0 forbids the type.
 */
export function checkLimits(limits: TransactionLimits, type: "sale" | "refund" | "preauth", amountMinor: number, day: DayTotals): LimitCheck {
  const largest = type === "preauth" ? limits.maxPreauthAmount : limits.maxTransactionAmount;
  if (amountMinor > largest) return { ok: false, scope: "TRANSACTION", limitMinor: largest };
  const limit = limits.dailyTotals[type];
  const total = amountMinor + (type === "sale" ? day.debitsMinor : type === "refund" ? day.creditsMinor : day.holdsMinor);
  if (total > limit) return { ok: false, scope: "DAY", limitMinor: limit };
  return { ok: true };
}
