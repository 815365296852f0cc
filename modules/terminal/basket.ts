/** One line of a basket: a quantity at a unit price (minor units). */
export interface BasketLine {
  quantity: number;
  unitPrice: number;
  /** the product's name when the line was keyed by its PLU code */
  name?: string;
}

/** The basket's total, minor units. */
export function basketTotal(lines: readonly BasketLine[]): number {
  let total = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    total += l.quantity * l.unitPrice;
  }
  return total;
}

/** How a basket is paid once the cash tendered is known. */
export interface CashSplit {
  /** what the card pays; 0 when the cash covers the total */
  cardPart: number;
  /** change to hand back */
  change: number;
  /** the cash part as the receipt prints it; absent when no cash was tendered */
  cash?: { tendered: number; change: number };
}

/**
 * Splits a total between cash and card: cash below the total pays a part
 * and the card the rest; cash at or above it pays everything, with the
 * difference as change.
 */
export function splitCash(total: number, tendered: number): CashSplit {
  if (tendered >= total) return { cardPart: 0, change: tendered - total, cash: { tendered, change: tendered - total } };
  return { cardPart: total - tendered, change: 0, ...(tendered > 0 ? { cash: { tendered, change: 0 } } : {}) };
}
