export { emvRun, type EmvRunOptions, type EmvRunResult, type EmvRunScenarioResult } from "./emv-run.ts";
export { judge, loadScenario, runScenario, type Check, type ScenarioReport } from "./run-scenario.ts";
export { runTransaction, type CryptogramSeen, type RunResult, type RunSetup } from "./run-transaction.ts";
export { transact, type PreparedRun, type RunCrypto } from "./transact.ts";
export { SeededCrypto } from "./seeded-crypto.ts";
export { parseScenario, type Expectation, type HostSpec, type Scenario, type ScriptSpec } from "./scenario.ts";
export { ScenarioError, type ScenarioErrorCode } from "./error.ts";
export { scenariosDir, cardsDir, jsonNames } from "./files.ts";
export type { TraceLine } from "./trace.ts";
