import type { Crypto } from "../../crypto/port.ts";

/** The terminal's random-selection parameters for an AID (Book 3 §10.6.2). */
export interface RandomSelectionParameters {
  floorLimit: number;
  threshold: number;
  targetPercentage: number;
  maxTargetPercentage: number;
}

/** Bytes below this are used; 198 = 2 × 99 keeps 1-99 uniform. */
const UNBIASED_LIMIT = 198;
const MAX_DRAWS = 16;

/** A random number from 1 to 99 (Book 3 §10.6.2), uniform, from the crypto port. */
export function randomPercent(crypto: Crypto): number {
  let byte = 0;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    byte = crypto.random(1)[0];
    if (byte < UNBIASED_LIMIT) break;
  }
  return (byte % 99) + 1;
}

/**
 * Random Transaction Selection, EMV 4.4 Book 3 §10.6.2: below the
 * threshold a transaction is selected when the random number (1-99) is at
 * most the Target Percentage; from the threshold up to the floor limit the
 * percentage grows linearly to the Maximum Target Percentage (the
 * Transaction Target Percent of figure 15). At or above the floor limit
 * nothing is selected: floor limit checking sends it online already.
 */
export function randomlySelected(amount: number, p: RandomSelectionParameters, random: number): boolean {
  if (amount >= p.floorLimit) return false;
  if (amount < p.threshold) return random <= p.targetPercentage;
  const target = ((p.maxTargetPercentage - p.targetPercentage) * (amount - p.threshold)) / (p.floorLimit - p.threshold) + p.targetPercentage;
  return random <= target;
}
