import { isDigits } from "../core/chars.ts";
import { CardError } from "./error.ts";

/** A card's expiration date: valid through the last day of `month`. */
export interface Expiry {
  /** four-digit year, 2000-2099 (two-digit years on the stripe are 20YY) */
  year: number;
  /** 1-12 */
  month: number;
}

/**
 * Parses the stripe's YYMM expiry field.
 * @throws CardError `CARD_EXPIRY` when it is not four digits or the month is not 01-12
 */
export function parseExpiry(yymm: string): Expiry {
  if (!isDigits(yymm, 4, 4)) throw new CardError("CARD_EXPIRY", "expiry must be four digits YYMM");
  const month = Number(yymm.slice(2));
  if (month < 1 || month > 12) throw new CardError("CARD_EXPIRY", `expiry month ${yymm.slice(2)} is not 01-12`);
  return { year: 2000 + Number(yymm.slice(0, 2)), month };
}

/**
 * True when the card has expired on the given calendar date: a card is
 * good through the end of its expiry month.
 */
export function isExpired(expiry: Expiry, today: { year: number; month: number }): boolean {
  return today.year > expiry.year || (today.year === expiry.year && today.month > expiry.month);
}

/** `YYYY-MM` form of an expiry, for JSON and display. */
export function formatExpiry(expiry: Expiry): string {
  return `${expiry.year}-${String(expiry.month).padStart(2, "0")}`;
}
