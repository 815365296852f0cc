/**
 * The CA public keys a terminal knows, as the EMV tools list and use
 * them: a configuration's `caKeys` (the sample configuration's when none
 * is given) with the test CA keys of test/emv/cards/ca it lacks, as
 * `emvRun` runs with them. Each key says where it comes from.
 */
import { readJsonFile } from "../emv-scenarios/files.ts";
import { testCaKeys } from "../emv-scenarios/terminal-config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { validateTerminalConfig, type CaKeyJson } from "../../modules/config/index.ts";
import { NodeCrypto } from "../node/node-crypto.ts";

/** A key of the table and its origin. */
export interface KnownCaKey {
  key: CaKeyJson;
  /** `sample`: the sample configuration; `config`: the configuration given; `test`: the project's test CA */
  source: "sample" | "config" | "test";
}

/**
 * The keys, in the configuration's order, then the test CA keys.
 * @param config - a configuration file's path or its parsed JSON; the sample when absent
 * @throws ScenarioError `SCENARIO_FILE` when the file cannot be read, `SCENARIO_FIELD` when it is not JSON
 */
export function knownCaKeys(config?: string | object): { keys: KnownCaKey[]; caKeysField: unknown; json: unknown } {
  const json = config === undefined ? SAMPLE_CONFIG : typeof config === "string" ? readJsonFile(config, "config") : config;
  const field = json !== null && typeof json === "object" ? (json as { caKeys?: unknown }).caKeys : undefined;
  const own = Array.isArray(field) ? (field as CaKeyJson[]) : [];
  const source = config === undefined ? "sample" : "config";
  const keys: KnownCaKey[] = own.map((key) => ({ key, source }));
  const named = (k: unknown, rid: string, index: string) =>
    k !== null && typeof k === "object" && String((k as CaKeyJson).rid).toUpperCase() === rid.toUpperCase() && String((k as CaKeyJson).index).toUpperCase() === index.toUpperCase();
  for (const key of testCaKeys()) if (!own.some((k) => named(k, key.rid, key.index))) keys.push({ key, source: "test" });
  return { keys, caKeysField: field, json };
}

/**
 * A configuration given to a tool, checked whole as the terminal checks
 * one before it uses it (every field, every CA key's check sum): a tool
 * must not work with keys the terminal would refuse to load.
 * @throws ConfigError `CONFIG_*` naming the first field at fault
 */
export function checkConfig(json: unknown): void {
  validateTerminalConfig(json, new NodeCrypto());
}
