/**
 * A run judged against a scenario's expectation: each field it gives
 * compared with what happened. Portable (the XS run of the suite uses it).
 */
import type { RunResult } from "./transact.ts";
import { STATUS_FIELDS, type Expectation } from "./scenario.ts";

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

/** Steps the kernel can end in before GET PROCESSING OPTIONS has passed: no application under way yet. */
const BEFORE_GPO = ["selection", "initiation"];

/** Whether the run got past GET PROCESSING OPTIONS: it has a status, or it ended in a later step. */
export function passedGpo(run: RunResult): boolean {
  return run.tvr !== undefined || (run.step !== undefined && !BEFORE_GPO.includes(run.step));
}

/**
 * Compares each field the expectation gives, in the order the format lists
 * them. A run past GET PROCESSING OPTIONS must be checked on its TVR, TSI
 * and CVM Results: each the expectation leaves out is a failed check.
 */
export function judge(expect: Expectation, run: RunResult): Check[] {
  const checks: Check[] = (Object.keys(expect) as (keyof Expectation)[]).map((field) => {
    const expected = expect[field];
    const actual = actualOf(field, run);
    return { field, expected, actual, pass: same(expected, actual) };
  });
  if (passedGpo(run)) {
    for (const field of STATUS_FIELDS) {
      if (expect[field] === undefined) checks.push({ field, expected: "(required: the run passed GET PROCESSING OPTIONS)", actual: actualOf(field, run), pass: false });
    }
  }
  return checks;
}

