/**
 * The terminal configuration a scenario or `emvRun` runs with: the
 * sample configuration (modules/config/sample-config.ts) or a given one,
 * with the test CA keys of test/emv/cards/ca appended (those the
 * configuration does not already hold under the same RID and index, so
 * the test cards authenticate), then the scenario's overrides, then
 * validated as the terminal validates any configuration.
 */
import type { Crypto } from "../../modules/crypto/port.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { validateTerminalConfig, type CaKeyJson, type TerminalConfig, type TerminalConfigJson } from "../../modules/config/index.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { ScenarioError } from "./error.ts";
import { readJsonFile, testCaKeysFile } from "./files.ts";
import { applyOverrides } from "./json-path.ts";

/** The test CA public keys, as the configuration's `caKeys` lists them. */
export function testCaKeys(): CaKeyJson[] {
  const file = readJsonFile(testCaKeysFile(), "test CA keys") as { caKeys: CaKeyJson[] };
  return file.caKeys;
}

const sameKey = (a: { rid: string; index: string }, b: { rid: string; index: string }) => a.rid.toUpperCase() === b.rid.toUpperCase() && a.index.toUpperCase() === b.index.toUpperCase();

/** A configuration JSON with the test CA keys it lacks appended. */
export function withTestCaKeys(json: TerminalConfigJson): TerminalConfigJson {
  const keys = Array.isArray(json.caKeys) ? json.caKeys : [];
  return { ...json, caKeys: [...keys, ...testCaKeys().filter((k) => !keys.some((c) => c && typeof c === "object" && sameKey(c, k)))] };
}

/** How to change the configuration. */
export interface ConfigChanges {
  /** path → value overrides (test/emv/scenarios/README.md) */
  set?: Record<string, unknown>;
  /** CA keys to take out (RID and index, hex) */
  withoutCaKeys?: { rid: string; index: string }[];
  /** where the changes come from, for messages */
  where?: string;
}

/**
 * The configuration: `base` (the sample when absent) with the test CA
 * keys, the changes, validated.
 * @throws ScenarioError `SCENARIO_SETUP` for a configuration the terminal refuses (the message carries the configuration's own), `SCENARIO_FIELD` for a malformed override
 */
export function setUpConfig(crypto: Crypto, base: unknown = SAMPLE_CONFIG, changes: ConfigChanges = {}): { json: TerminalConfigJson; config: TerminalConfig } {
  const where = changes.where ?? "terminal";
  if (base === null || typeof base !== "object" || Array.isArray(base)) throw new ScenarioError("SCENARIO_SETUP", where, "a terminal configuration is a JSON object");
  let json = withTestCaKeys(base as TerminalConfigJson);
  if (changes.withoutCaKeys?.length) json = { ...json, caKeys: json.caKeys.filter((k) => !changes.withoutCaKeys!.some((w) => sameKey(w, k))) };
  if (changes.set) json = applyOverrides(json, changes.set, `${where}.set`);
  try {
    return { json, config: validateTerminalConfig(json, crypto) };
  } catch (e) {
    if (isXsposError(e)) throw new ScenarioError("SCENARIO_SETUP", where, `the terminal refuses the configuration: ${e.message}`);
    throw e;
  }
}
