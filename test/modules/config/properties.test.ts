import test from "ava";
import fc from "fast-check";
import { parseTerminalConfig, validateTerminalConfig } from "../../../modules/config/config.ts";
import { ConfigError } from "../../../modules/config/error.ts";
import { testCrypto } from "../../support/crypto.ts";
import { allPaths, fieldAt, sample, withField } from "./edit.ts";

const crypto = testCrypto();

// fast-check's own object arbitraries assign their keys, and a key such as `valueOf` then writes through
// the frozen Object.prototype of the XS runner; these objects take no such key (the refusal tests cover them).
const FIELD_NAMES = ["version", "terminal", "aids", "caKeys", "limits", "rid", "index", "modulus", "aid", "label", "languages", "timeZone"];
const key = fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 6 })).filter((k) => !(k in Object.prototype));
const { json } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 12 }),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(key, tie("json"), { maxKeys: 5 }),
  ),
}));
const oddValues = fc.constantFrom(undefined, NaN, -0, Infinity, new Uint8Array(3), new Map(), new Date(0), Object.create(null), () => 1);

/** True when `fn` returns, or throws a ConfigError; any other exception fails the property. */
function configErrorOnly(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof ConfigError && e.message.startsWith(e.path || "configuration")) return true;
    throw e;
  }
}

test("property: any JSON value, or any JS value, is a configuration or a ConfigError", (t) => {
  fc.assert(
    fc.property(fc.oneof(json, oddValues), (value) => configErrorOnly(() => validateTerminalConfig(value, crypto))),
    { numRuns: 500, seed: 5101 },
  );
  t.pass();
});

test("property: any text is a configuration or a ConfigError", (t) => {
  fc.assert(
    fc.property(fc.oneof(json.map((v) => JSON.stringify(v)), fc.string()), (text) => configErrorOnly(() => parseTerminalConfig(text, crypto))),
    { numRuns: 500, seed: 5102 },
  );
  t.pass();
});

const PATHS = allPaths(sample());

test("property: the sample with any one field replaced by any JSON value, or removed, is a configuration or a ConfigError", (t) => {
  t.true(PATHS.includes("caKeys[6].modulus") && PATHS.includes("limits.managerPin.keyName"));
  fc.assert(
    fc.property(fc.constantFrom(...PATHS), fc.option(json, { nil: undefined }), (path, value) =>
      configErrorOnly(() => validateTerminalConfig(withField(path, value), crypto)),
    ),
    { numRuns: 400, seed: 5103 },
  );
  t.pass();
});

// Strings near what each field takes: the same string cut, lengthened, or with a character changed.
test("property: the sample with one string field slightly altered is a configuration or a ConfigError", (t) => {
  const strings = PATHS.filter((p) => typeof fieldAt(p) === "string");
  fc.assert(
    fc.property(fc.constantFrom(...strings), fc.nat(), fc.constantFrom("", "0", "F", "g", " ", "\u0000", "\u00e9", "9F37", "00"), (path, at, insert) => {
      const original = fieldAt(path) as string;
      const i = at % (original.length + 1);
      const altered = [original.slice(0, i) + insert + original.slice(i + 1), original.slice(0, i), original + insert];
      return altered.every((s) => configErrorOnly(() => validateTerminalConfig(withField(path, s), crypto)));
    }),
    { numRuns: 300, seed: 5104 },
  );
  t.pass();
});
