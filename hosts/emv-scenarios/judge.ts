/**
 * A run judged against a scenario's expectation: each field it gives
 * compared with what happened. Portable (the XS run of the suite uses it).
 */
import type { RunResult } from "./transact.ts";
import type { Expectation } from "./scenario.ts";

/** One expected field and what the run gave. */
export interface Check {
  field: keyof Expectation;
  expected: unknown;
  /** `null` when the run has no such value (e.g. a TVR after a card was removed) */
  actual: unknown;
  pass: boolean;
}

/** The run's value of an expected field. */
function actualOf(field: keyof Expectation, run: RunResult): unknown {
  switch (field) {
    case "outcome":
      return run.outcome;
    case "cryptograms":
      return run.cryptograms.map((c) => c.type);
    case "pinPrompts":
      return run.pinPrompts.length;
    default:
      return (run as unknown as Record<string, unknown>)[field] ?? null;
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Compares each field the expectation gives, in the order the format lists them. */
export function judge(expect: Expectation, run: RunResult): Check[] {
  return (Object.keys(expect) as (keyof Expectation)[]).map((field) => {
    const expected = expect[field];
    const actual = actualOf(field, run);
    return { field, expected, actual, pass: same(expected, actual) };
  });
}

