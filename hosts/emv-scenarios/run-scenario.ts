/**
 * A scenario run and judged: the transaction it sets up, then each field
 * it expects compared with what happened.
 */
import { readCardJson, readScenarioJson } from "./files.ts";
import { runTransaction, type RunResult } from "./run-transaction.ts";
import { parseScenario, type Expectation, type Scenario } from "./scenario.ts";

/** One expected field and what the run gave. */
export interface Check {
  field: keyof Expectation;
  expected: unknown;
  /** `null` when the run has no such value (e.g. a TVR after a card was removed) */
  actual: unknown;
  pass: boolean;
}

/** A scenario's verdict: pass only when every check passes and nothing went wrong around it. */
export interface ScenarioReport {
  name: string;
  title: string;
  sections: string[];
  why: string;
  pass: boolean;
  checks: Check[];
  problems: string[];
  actual: RunResult;
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

/**
 * Runs a scenario and judges it.
 * @throws ScenarioError for a scenario that cannot be run (malformed, a card or configuration that cannot be set up)
 */
export async function runScenario(scenario: Scenario, options: { seed?: number } = {}): Promise<ScenarioReport> {
  const run = await runTransaction({
    card: readCardJson(scenario.card.profile, "card.profile"),
    cardSet: scenario.card.set,
    resign: scenario.card.resign,
    mute: scenario.card.mute,
    removeAfterCommand: scenario.cardholder.removeCardAfterCommand,
    configChanges: { set: scenario.terminal.set, withoutCaKeys: scenario.terminal.withoutCaKeys },
    randomNumber: scenario.terminal.randomNumber,
    transaction: scenario.transaction,
    pins: scenario.cardholder.pins,
    application: scenario.cardholder.application,
    host: scenario.host,
    seed: options.seed,
  });
  const checks = judge(scenario.expect, run);
  return {
    name: scenario.name,
    title: scenario.title,
    sections: scenario.sections,
    why: scenario.why,
    pass: checks.every((c) => c.pass) && run.problems.length === 0,
    checks,
    problems: run.problems,
    actual: run,
  };
}

/**
 * A scenario by name (test/emv/scenarios) or by path, read and checked.
 * @throws ScenarioError `SCENARIO_FILE`, `SCENARIO_FIELD`
 */
export function loadScenario(nameOrPath: string): Scenario {
  return parseScenario(readScenarioJson(nameOrPath));
}
