/**
 * A scenario run and judged: the transaction it sets up, then each field
 * it expects compared with what happened.
 */
import { readCardJson, readScenarioJson } from "./files.ts";
import { judge, type Check } from "./judge.ts";
import { runTransaction, type RunResult } from "./run-transaction.ts";
import { parseScenario, type Scenario } from "./scenario.ts";

export { judge, type Check } from "./judge.ts";

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
