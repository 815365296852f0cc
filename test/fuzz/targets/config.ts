/**
 * Fuzz target of the terminal configuration (modules/config): the EMV
 * parameters a terminal is loaded with, as JSON text. Accepted
 * configurations must read back the same from what `configToJson` writes.
 */
import { parseTerminalConfig } from "../../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../../modules/config/sample-config.ts";
import { configToJson } from "../../../modules/config/to-json.ts";
import { testCrypto } from "../../support/crypto.ts";
import { defineTarget, sameValue } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { latin1, text } from "../script.ts";

/** The software backend with a seeded random source: the configuration only hashes (CA key checksums). */
const crypto = testCrypto(7);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values a field may be given instead of its own: wrong types, edges, hex in the wrong case or length. */
const ODD_VALUES: Json[] = [null, true, false, 0, -1, 1.5, 1e21, 255, 256, 65536, "", "00", "0", "ZZ", "a0000000031010", "FFFFFFFFFFFFFFFFFFFF", "x".repeat(300), [], {}, [1], { version: 1 }];
/** Keys a configuration does not define, none that JavaScript objects inherit. */
const ODD_KEYS = ["extra", "Version", "aid ", "modulus2", ""];

function clone(value: Json): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Every container (object or list) in `value`, with the keys or indices it holds. */
function containers(value: Json, out: (Json[] | { [key: string]: Json })[] = []): (Json[] | { [key: string]: Json })[] {
  if (value !== null && typeof value === "object") {
    out.push(value);
    for (const v of Array.isArray(value) ? value : Object.values(value)) containers(v, out);
  }
  return out;
}

/** One change to one place: a value replaced, a key dropped or added, a list emptied or an item doubled. */
function change(r: FuzzRandom, root: Json): void {
  const all = containers(root);
  const at = r.pick(all);
  if (Array.isArray(at)) {
    if (at.length === 0 || r.chance(0.2)) at.push(r.chance(0.5) && at.length ? clone(at[0]) : clone(r.pick(ODD_VALUES)));
    else if (r.chance(0.2)) at.length = 0;
    else at[r.int(at.length)] = clone(r.pick(ODD_VALUES));
    return;
  }
  const keys = Object.keys(at);
  const roll = r.int(10);
  if (roll < 2 || keys.length === 0) at[r.pick(ODD_KEYS)] = clone(r.pick(ODD_VALUES));
  else if (roll < 4) delete at[r.pick(keys)];
  else at[r.pick(keys)] = clone(r.pick(ODD_VALUES));
}

/**
 * The sample cut to two AIDs and two CA keys: the same fields at a quarter
 * of the length, which XS reads in a fraction of the time (the JSON text
 * is scanned a character at a time). The generator starts from the whole
 * sample now and then.
 */
const SMALL = { ...SAMPLE_CONFIG, aids: SAMPLE_CONFIG.aids.slice(0, 2), caKeys: SAMPLE_CONFIG.caKeys.slice(0, 2), exceptionFile: (SAMPLE_CONFIG.exceptionFile ?? []).slice(0, 2) } as unknown as Json;
const SAMPLE = SAMPLE_CONFIG as unknown as Json;
const HEX = /^[0-9A-F]+$/;

function generate(r: FuzzRandom): Uint8Array {
  const value = clone(r.chance(0.02) ? SAMPLE : SMALL);
  for (let n = r.small(3); n > 0; n--) change(r, value);
  // hex in lower case is as good as upper case, by the README
  const lower = r.chance(0.2);
  const json = JSON.stringify(value, (_, v: unknown) => (lower && typeof v === "string" && HEX.test(v) ? v.toLowerCase() : v), r.chance(0.3) ? 2 : undefined);
  return latin1(json);
}

export const emvConfig = defineTarget({
  name: "emv-config",
  description: "the terminal's EMV configuration as JSON text (parseTerminalConfig, CA key checksums by the software SHA-1), read back from configToJson",
  seeds: [latin1(JSON.stringify(SMALL)), latin1(JSON.stringify(SMALL, null, 2))],
  generate,
  dictionary: ['"', "{", "}", "[", "]", ",", ":", "null", "0", "-", "e9", '"00"', "\\u0000"].map(latin1),
  maxLength: 8192,
  covers: [
    "modules/config/config.ts#parseTerminalConfig",
    "modules/config/config.ts#validateTerminalConfig",
    // what validateTerminalConfig runs on every input: the fields, then the CA keys' checksums
    "modules/config/config.ts#readTerminalConfig",
    "modules/config/config.ts#checkTerminalConfig",
    "modules/config/json-text.ts#parseJsonText",
    "modules/config/to-json.ts#configToJson",
  ],
  run(input) {
    const config = parseTerminalConfig(text(input), crypto);
    const again = parseTerminalConfig(JSON.stringify(configToJson(config)), crypto);
    if (!sameValue(config, again)) throw new Error("an accepted configuration, written by configToJson, reads back as another");
    return config;
  },
});
