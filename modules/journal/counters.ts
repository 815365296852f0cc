/**
 * STAN, invoice and batch numbers: 1-999999, wrapping to 1. Each only
 * moves forward, so of two values the later is the one ahead by less than
 * half the ring; recovery keeps the later of every value it reads, and
 * gives out the number after it.
 */
import { COUNTER_MODULUS } from "./transaction-records.ts";

/** The counters as recovery finds them. */
export interface Counters {
  /** the highest STAN given out or reserved, 0 before the first */
  stan: number;
  /** the last invoice number given out, 0 before the first */
  invoice: number;
  /** the open batch, from 1 */
  batch: number;
}

/** The number after `n` (1 after 0 and after 999999). */
export function nextCounter(n: number): number {
  return (n % COUNTER_MODULUS) + 1;
}

/** The number `k` places after `n`, wrapping. */
export function advanceCounter(n: number, k: number): number {
  return ((n - 1 + k) % COUNTER_MODULUS + COUNTER_MODULUS) % COUNTER_MODULUS + 1;
}

/** Of two counter values, the later one (0 stands for none). */
export function laterCounter(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  const ahead = (b - a + COUNTER_MODULUS) % COUNTER_MODULUS;
  return ahead > 0 && ahead < COUNTER_MODULUS / 2 ? b : a;
}

/** Counters on an empty journal. */
export function initialCounters(): Counters {
  return { stan: 0, invoice: 0, batch: 1 };
}
