/**
 * Property tests of the EMV tools' input readers: the virtual card's
 * profile reader, the scenario file parser, the `xspos emv cryptogram`
 * request, and the `emv oda` / `emv capk` options. Whatever they are fed
 * (random JSON shapes, random hex of any length, valid inputs cut short
 * or with a field replaced), each ends in a result or a typed XsposError
 * whose code is one of its reader's documented codes: never another
 * exception.
 */
import test, { type ExecutionContext } from "ava";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isXsposError } from "../../modules/core/error.ts";
import { emvCryptogram, type EmvCryptogramRequest } from "../../modules/emv/issuer/cryptogram-request.ts";
import { loadCardProfile, parseCardProfile } from "../../hosts/desktop/emv-card/profile-reader.ts";
import { readTestCardJson, testCardNames } from "../../hosts/desktop/emv-card/test-cards.ts";
import { parseScenario } from "../../hosts/emv-scenarios/scenario.ts";
import { emvCapk } from "../../hosts/emv-tools/emv-capk.ts";
import { emvOda, type EmvOdaOptions } from "../../hosts/emv-tools/emv-oda.ts";
import { runXspos } from "../../hosts/cli/run.ts";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";

const root = join(import.meta.dirname, "../..");
const crypto = new NodeCrypto();

/** What a reader's call ended in: "ok", or the code of the typed error; anything else is rethrown (the property fails). */
function outcome(call: () => unknown): string {
  try {
    call();
    return "ok";
  } catch (e) {
    if (isXsposError(e)) return e.code;
    throw e;
  }
}

function allowed(t: ExecutionContext, seen: Map<string, number>, codes: readonly string[]): void {
  const unexpected = [...seen.keys()].filter((c) => c !== "ok" && !codes.includes(c));
  t.deepEqual(unexpected, [], `codes outside the documented ones: ${unexpected.join(", ")}`);
  t.log([...seen].map(([c, n]) => `${c} ${n}`).join(", "));
}

function count(seen: Map<string, number>, code: string): void {
  seen.set(code, (seen.get(code) ?? 0) + 1);
}

/** Every path to a value inside a JSON tree (object keys and array indexes). */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      paths(v, p, out);
    }
  }
  return out;
}

/** A deep copy of `value` with the value at `path` replaced (or deleted when `replacement` is undefined). */
function mutated(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(value));
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k];
  const last = path[path.length - 1];
  if (replacement === undefined) {
    if (Array.isArray(at)) at.splice(Number(last), 1);
    else delete at[last];
  } else at[last] = replacement;
  return copy;
}

/** Hex text of 0 to `maxLength` digits, odd lengths too, either case. */
const hexText = (maxLength: number) => fc.string({ unit: fc.constantFrom(..."0123456789ABCDEFabcdef"), maxLength });

/** Random JSON, and hex strings of any length (odd ones too), where the readers expect hex. */
const jsonOrHex = fc.oneof(fc.jsonValue({ maxDepth: 3 }), hexText(80), fc.constant(undefined));

/** Mutations of a valid JSON document: one value replaced by random JSON or hex, or deleted. */
function mutations(valid: unknown) {
  const all = paths(valid);
  return fc.tuple(fc.nat({ max: all.length - 1 }), jsonOrHex).map(([i, replacement]) => mutated(valid, all[i], replacement));
}

const CARD_CODES = ["CARD_PROFILE_FIELD", "CARD_PROFILE_MISSING", "CARD_PROFILE_DATA"];

test("card profile reader: random JSON, every test card with one field replaced or deleted, and its text cut short end in a profile or CARD_PROFILE_*", (t) => {
  const seen = new Map<string, number>();
  const cards = testCardNames().map((n) => readTestCardJson(n));
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => void count(seen, outcome(() => loadCardProfile(json)))),
    { numRuns: 300, seed: 7101 },
  );
  for (const card of cards) {
    fc.assert(
      fc.property(mutations(card), (json) => void count(seen, outcome(() => loadCardProfile(json)))),
      { numRuns: 60, seed: 7102 },
    );
    const text = JSON.stringify(card);
    fc.assert(
      fc.property(fc.nat({ max: text.length }), (n) => void count(seen, outcome(() => parseCardProfile(text.slice(0, n))))),
      { numRuns: 20, seed: 7103 },
    );
  }
  t.true((seen.get("CARD_PROFILE_FIELD") ?? 0) > 0, "the reader refused some input");
  allowed(t, seen, CARD_CODES);
});

const SCENARIO_DIR = join(root, "test/emv/scenarios");
const SCENARIO_FILES = ["dda-online-approved.json", "issuer-script-72-failed.json", "issuer-script-71-success.json"];

test("scenario parser: random JSON and scenario files with one field replaced or deleted end in a scenario or SCENARIO_FIELD", (t) => {
  const seen = new Map<string, number>();
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (json) => void count(seen, outcome(() => parseScenario(json)))), { numRuns: 300, seed: 7201 });
  for (const file of SCENARIO_FILES) {
    const scenario = JSON.parse(readFileSync(join(SCENARIO_DIR, file), "utf8"));
    t.is(outcome(() => parseScenario(scenario)), "ok", `${file} as published`);
    fc.assert(fc.property(mutations(scenario), (json) => void count(seen, outcome(() => parseScenario(json)))), { numRuns: 150, seed: 7202 });
  }
  t.true((seen.get("ok") ?? 0) > 0 && (seen.get("SCENARIO_FIELD") ?? 0) > 0, "both accepted and refused mutations");
  allowed(t, seen, ["SCENARIO_FIELD"]);
});

// pyemv (github.com/knovichikhin/pyemv) tests/test_cvn_hsm.py, Visa CVN 10: the request the README's example makes
const PYEMV_VISA: EmvCryptogramRequest = {
  imk: "0123456789ABCDEFFEDCBA9876543210",
  pan: "1234567890123456",
  psn: "00",
  atc: "001C",
  sessionKey: "visa-cvn10",
  data: "0000000040000000000000000124800004800001241911050152BF45851800001C03A06010",
  arqc: "29CCA15AE665FA2E",
  arc: "3030",
};
const CRYPTOGRAM_CODES = ["EMV_CRYPTOGRAM_OPTION", "EMV_KEY", "EMV_DATA"];

test("emv cryptogram request (the issuer module's input): random shapes, random hex of any length in each field, pyemv's request mutated, end in a result or EMV_CRYPTOGRAM_OPTION, EMV_KEY, EMV_DATA", (t) => {
  const seen = new Map<string, number>();
  t.is(outcome(() => emvCryptogram(crypto, PYEMV_VISA)), "ok", "pyemv's request as published");
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 2 }), (json) => void count(seen, outcome(() => emvCryptogram(crypto, json as unknown as EmvCryptogramRequest)))), { numRuns: 200, seed: 7301 });
  fc.assert(fc.property(mutations(PYEMV_VISA), (json) => void count(seen, outcome(() => emvCryptogram(crypto, json as EmvCryptogramRequest)))), { numRuns: 400, seed: 7302 });
  const field = fc.constantFrom("imk", "pan", "psn", "atc", "un", "data", "arqc", "arc", "csu", "proprietaryData", "sessionKey", "method", "padding", "arpcMethod", "arpcKey");
  fc.assert(
    fc.property(field, hexText(600), fc.constantFrom("common", "mastercard", "visa-cvn10", "visa-cvn18"), (name, hex, sessionKey) => {
      count(seen, outcome(() => emvCryptogram(crypto, { ...PYEMV_VISA, arc: undefined, sessionKey, [name]: hex } as EmvCryptogramRequest)));
    }),
    { numRuns: 400, seed: 7303 },
  );
  allowed(t, seen, CRYPTOGRAM_CODES);
});

/** The `xspos` run in-process: status 0 with a result, or 2 with a typed error; 3 (INTERNAL) is a failure. */
async function cliOutcome(argv: string[]): Promise<string> {
  const r = await runXspos(argv);
  // status 0 is JSON, or the plain text of --help
  if (r.status === 0) return "ok";
  if (r.status !== 2) throw new Error(`status ${r.status}: ${r.stdout}`);
  return JSON.parse(r.stdout).error.code;
}

const CRYPTOGRAM_ARGV = ["--imk", PYEMV_VISA.imk, "--pan", PYEMV_VISA.pan, "--atc", PYEMV_VISA.atc, "--session-key", "visa-cvn10", "--data", PYEMV_VISA.data, "--arqc", PYEMV_VISA.arqc!, "--arc", "3030"];

/** argv with one option's value replaced, cut or dropped, or a random option added. */
function argvMutations(argv: string[], optionNames: string[]) {
  const values = argv.map((_, i) => i).filter((i) => i % 2 === 1);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...values), fc.oneof(hexText(600), fc.string({ maxLength: 40 }))).map(([i, v]) => argv.map((a, j) => (j === i ? v : a))),
    fc.tuple(fc.constantFrom(...values), fc.nat()).map(([i, n]) => argv.map((a, j) => (j === i ? a.slice(0, n % (a.length + 1)) : a))),
    fc.constantFrom(...values).map((i) => argv.filter((_, j) => j !== i && j !== i - 1)),
    fc.tuple(fc.constantFrom(...optionNames), hexText(300)).map(([name, v]) => [...argv, `--${name}`, v]),
  );
}

/** hosts/cli's CliError codes a command line can meet here (no file is read or written) */
const CLI_CODES = ["USAGE", "INPUT_FORMAT", "INPUT_TOO_LARGE"];

test("xspos emv cryptogram in-process: pyemv's command line with an option replaced by random hex or text, cut short, dropped, or another added, ends in status 0 or 2 with USAGE or an EMV cryptogram code", async (t) => {
  const seen = new Map<string, number>();
  t.is(await cliOutcome(["emv", "cryptogram", ...CRYPTOGRAM_ARGV]), "ok", "pyemv's command line as published");
  const names = ["imk", "pan", "psn", "session-key", "method", "atc", "un", "data", "padding", "arqc", "arpc-method", "arpc-key", "arc", "csu", "proprietary-data"];
  const samples = fc.sample(argvMutations(CRYPTOGRAM_ARGV, names), { numRuns: 400, seed: 7401 });
  for (const argv of samples) count(seen, await cliOutcome(["emv", "cryptogram", ...argv]));
  allowed(t, seen, [...CLI_CODES, ...CRYPTOGRAM_CODES]);
});

const ODA_CODES = ["EMV_ODA_INPUT", "EMV_CA_KEY_UNKNOWN", "EMV_DATA", "EMV_KEY", "EMV_FIELD", "EMV_FIELD_LENGTH", "EMV_FIELD_VALUE"];
const README_ODA = readFileSync(join(root, "README.md"), "utf8").match(/\$ npx xspos emv oda ([^\n]*)/)![1].split(" ");

test("xspos emv oda in-process: the README's command line with an option replaced by random hex or text, cut short, dropped, or another added, ends in status 0 or 2 with USAGE or an EMV_ODA code", async (t) => {
  const seen = new Map<string, number>();
  t.is(await cliOutcome(["emv", "oda", ...README_ODA]), "ok", "the README's command line");
  const names = ["modulus", "exponent", "issuer-remainder", "icc-cert", "icc-remainder", "icc-exponent", "static-data", "ssad", "sdad", "dynamic-data", "cda-response", "unpredictable-number", "pdol-data", "cdol1-data", "cdol2-data", "date"];
  const samples = fc.sample(argvMutations(README_ODA, names), { numRuns: 300, seed: 7501 });
  for (const argv of samples) count(seen, await cliOutcome(["emv", "oda", ...argv]));
  allowed(t, seen, [...CLI_CODES, ...ODA_CODES]);
});

test("emvOda options reader: random option objects (random JSON in each field, random hex of any length) end in a result or an EMV_ODA, CA key or EMV code", (t) => {
  const seen = new Map<string, number>();
  const valid: Record<string, unknown> = { caKey: { rid: "A000000003", index: "94" }, pan: "4761739001010119", date: "311231" };
  for (let i = 0; i < README_ODA.length; i += 2) {
    const name = README_ODA[i].slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (name === "issuerCert" || name === "issuerExponent") valid[name] = README_ODA[i + 1];
  }
  t.is(outcome(() => emvOda(valid as unknown as EmvOdaOptions)), "ok", "the README's options");
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 2 }), (json) => void count(seen, outcome(() => emvOda(json as unknown as EmvOdaOptions)))), { numRuns: 200, seed: 7601 });
  fc.assert(fc.property(mutations(valid), (json) => void count(seen, outcome(() => emvOda(json as unknown as EmvOdaOptions)))), { numRuns: 300, seed: 7602 });
  const field = fc.constantFrom("issuerCert", "issuerRemainder", "issuerExponent", "iccCert", "iccRemainder", "iccExponent", "staticData", "ssad", "sdad", "dynamicData", "cdaResponse", "unpredictableNumber", "pdolData", "cdol1Data", "cdol2Data");
  fc.assert(
    fc.property(field, hexText(520), (name, hex) => void count(seen, outcome(() => emvOda({ ...valid, [name]: hex } as unknown as EmvOdaOptions)))),
    { numRuns: 300, seed: 7603 },
  );
  allowed(t, seen, ODA_CODES);
});

const CAPK_CODES = ["EMV_CAPK_INPUT", "EMV_CAPK_CHECKSUM"];
/** modules/config's ConfigError: a configuration the terminal would refuse */
const CONFIG_CODES = ["CONFIG_JSON", "CONFIG_FIELD", "CONFIG_UNKNOWN_FIELD", "CONFIG_DUPLICATE", "CONFIG_CA_KEY"];

test("emvCapk and xspos emv capk: random JSON as the configuration, the sample's CA keys with one field replaced or deleted, end in a key list or EMV_CAPK_* or CONFIG_*", async (t) => {
  const seen = new Map<string, number>();
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (json) => void count(seen, outcome(() => emvCapk(json as never)))), { numRuns: 200, seed: 7701 });
  fc.assert(fc.property(fc.jsonValue({ maxDepth: 3 }), (json) => void count(seen, outcome(() => emvCapk({ config: json as never })))), { numRuns: 200, seed: 7702 });
  const config = JSON.parse(JSON.stringify(SAMPLE_CONFIG)) as typeof SAMPLE_CONFIG;
  t.is(outcome(() => emvCapk({ config })), "ok", "the sample configuration");
  const caKeys = { caKeys: config.caKeys };
  fc.assert(fc.property(mutations(caKeys), (mutatedKeys) => void count(seen, outcome(() => emvCapk({ config: { ...config, ...(mutatedKeys as object) } })))), { numRuns: 300, seed: 7703 });
  for (const argv of fc.sample(fc.array(fc.oneof(fc.constantFrom("--config", "--help"), hexText(20)), { maxLength: 3 }), { numRuns: 30, seed: 7704 })) {
    // no random path reaches the file system: --config takes only hex text here, which names no file (FILE_UNREADABLE)
    count(seen, await cliOutcome(["emv", "capk", ...argv]));
  }
  // SCENARIO_FILE: emvCapk given a path (a string) it cannot read; FILE_UNREADABLE: the command line's own check of --config
  allowed(t, seen, [...CAPK_CODES, ...CONFIG_CODES, ...CLI_CODES, "FILE_UNREADABLE", "SCENARIO_FILE", "SCENARIO_FIELD"]);
});
