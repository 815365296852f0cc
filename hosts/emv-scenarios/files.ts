/**
 * Where the test cards, the test CA and the scenarios live. They are
 * found by walking up from this module to the directory that holds
 * test/emv/cards, so the same code finds them from the sources (tsx, the
 * tests) and from the bundled command line tool (dist/xspos.js).
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ScenarioError } from "./error.ts";

/** The most bytes a scenario, profile or configuration file may have. */
export const MAX_FILE_BYTES = 256 * 1024;

/** Names of test cards and scenarios: letters, digits and dashes (no path can hide in one). */
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

let root: string | undefined;

/** The project directory: the first one up from here that holds test/emv/cards. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "test", "emv", "cards"))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new ScenarioError("SCENARIO_FILE", "", "the test cards (test/emv/cards) are not beside this program");
    dir = up;
  }
}

/** test/emv/cards: the card profiles, one `<name>.json` each. */
export const cardsDir = () => join(projectRoot(), "test", "emv", "cards");
/** test/emv/scenarios: the scenarios, one `<name>.json` each. */
export const scenariosDir = () => join(projectRoot(), "test", "emv", "scenarios");
/** The test CA's and test issuers' private keys (test only, published). */
export const testPkiFile = () => join(cardsDir(), "ca", "test-pki.json");
/** The test CA public keys in the configuration's `caKeys` form. */
export const testCaKeysFile = () => join(cardsDir(), "ca", "test-ca-keys.json");

/** Whether a string is a name (of a test card or a scenario) rather than a file path. */
export function isName(text: string): boolean {
  return NAME.test(text);
}

/** The names of the `.json` files of a directory, sorted. */
export function jsonNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** The word that names the whole suite (test/emv/scenarios) where a scenario is expected. */
export const ALL_SCENARIOS = "all";

/** The folder a scenario argument names (`all`: the suite; a directory's path), or undefined for one scenario. */
export function scenarioFolder(nameOrPath: string): string | undefined {
  if (nameOrPath === ALL_SCENARIOS) return scenariosDir();
  if (isName(nameOrPath)) return undefined;
  try {
    return statSync(nameOrPath).isDirectory() ? nameOrPath : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A JSON file, parsed.
 * @throws ScenarioError `SCENARIO_FILE` when it cannot be read or is too large; `SCENARIO_FIELD` when it is not JSON
 */
export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new ScenarioError("SCENARIO_FILE", what, "the file cannot be read");
  }
  if (text.length > MAX_FILE_BYTES) throw new ScenarioError("SCENARIO_FILE", what, `the file is over ${MAX_FILE_BYTES} bytes`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ScenarioError("SCENARIO_FIELD", what, "the file is not JSON");
  }
}

/**
 * A test card's profile JSON by name, or a profile file by path.
 * @throws ScenarioError `SCENARIO_FILE` for a name no test card has, or a file that cannot be read
 */
export function readCardJson(nameOrPath: string, what = "card"): unknown {
  if (isName(nameOrPath)) {
    const path = join(cardsDir(), `${nameOrPath}.json`);
    if (!existsSync(path)) throw new ScenarioError("SCENARIO_FILE", what, `no test card is called ${nameOrPath} (test/emv/cards)`);
    return readJsonFile(path, what);
  }
  return readJsonFile(nameOrPath, what);
}

/**
 * A scenario JSON by name (test/emv/scenarios) or by path.
 * @throws ScenarioError `SCENARIO_FILE` for a name no scenario has, or a file that cannot be read
 */
export function readScenarioJson(nameOrPath: string, what = "scenario"): unknown {
  if (isName(nameOrPath)) {
    const path = join(scenariosDir(), `${nameOrPath}.json`);
    if (!existsSync(path)) throw new ScenarioError("SCENARIO_FILE", what, `no scenario is called ${nameOrPath} (test/emv/scenarios)`);
    return readJsonFile(path, what);
  }
  return readJsonFile(nameOrPath, what);
}
