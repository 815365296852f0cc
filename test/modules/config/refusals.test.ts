import test from "ava";
import { ConfigError } from "../../../modules/config/error.ts";
import { parseTerminalConfig, validateTerminalConfig, MAX_CONFIG_TEXT } from "../../../modules/config/config.ts";
import { MAX_JSON_DEPTH, parseJsonText } from "../../../modules/config/json-text.ts";
import { testCrypto } from "../../support/crypto.ts";
import { fieldAt, objectPaths, sample, withField } from "./edit.ts";

const crypto = testCrypto();
const validate = (value: unknown) => validateTerminalConfig(value, crypto);

type Case = [path: string, value: unknown, expectation: string, code?: string];

const X = (n: number) => "X".repeat(n);

// One refusal per rule of each field: [field, bad value, what the message says is expected].
const CASES: Case[] = [
  ["version", 2, "1 expected"],
  ["version", "1", "1 expected"],
  ["terminal", [], "an object expected"],
  ["terminal.terminalType", "2", "2 digits expected"],
  ["terminal.terminalType", 22, "2 digits expected"],
  ["terminal.terminalType", "17", "a Terminal Type of EMV Book 4 annex A1 table 24 expected (11-16, 21-26, 34-36)"],
  ["terminal.terminalType", "31", "a Terminal Type of EMV Book 4 annex A1 table 24 expected (11-16, 21-26, 34-36)"],
  ["terminal.capabilities", "60F8", "3 bytes of hex expected"],
  ["terminal.capabilities", "60F8CG", "3 bytes of hex expected"],
  ["terminal.capabilities", "60 F8 C8", "3 bytes of hex expected"],
  ["terminal.additionalCapabilities", "E800A0F0", "5 bytes of hex expected"],
  ["terminal.countryCode", "34", "3 digits expected"],
  ["terminal.countryCode", 344, "3 digits expected"],
  ["terminal.countryCode", "000", "a numeric code from 001 to 999 expected"],
  ["terminal.currencyCode", "HKD", "3 digits expected"],
  ["terminal.currencyExponent", 4, "an integer from 0 to 3 expected"],
  ["terminal.currencyExponent", 1.5, "an integer from 0 to 3 expected"],
  ["terminal.currencyExponent", "2", "an integer from 0 to 3 expected"],
  ["terminal.merchantCategoryCode", "599", "4 digits expected"],
  ["terminal.merchantIdentifier", "", "1-15 characters of printable ASCII expected"],
  ["terminal.merchantIdentifier", X(16), "1-15 characters of printable ASCII expected"],
  ["terminal.merchantIdentifier", "MERCH\u00c9", "1-15 characters of printable ASCII expected"],
  ["terminal.terminalIdentification", "TID-0001", "8 characters of letters and digits expected"],
  ["terminal.terminalIdentification", "TID0001", "8 characters of letters and digits expected"],
  ["terminal.ifdSerialNumber", "SN0000001", "8 characters of letters and digits expected"],
  ["terminal.acquirerIdentifier", "12345", "6-11 digits expected"],
  ["terminal.acquirerIdentifier", "123456789012", "6-11 digits expected"],
  ["terminal.merchantNameAndLocation", X(65), "1-64 characters of printable ASCII expected"],
  ["terminal.merchantNameAndLocation", "SHOP\nHK", "1-64 characters of printable ASCII expected"],
  ["terminal.timeZone", "Asia/Hong_Kong", "an object expected"],
  ["terminal.timeZone.name", "Asia/Hong Kong", "1-40 characters of letters, digits, '_', '+', '-' and '/' expected"],
  ["terminal.timeZone.name", "", "1-40 characters of letters, digits, '_', '+', '-' and '/' expected"],
  ["terminal.timeZone.offsetMinutes", 900, "an integer from -720 to 840 expected"],
  ["terminal.timeZone.offsetMinutes", -721, "an integer from -720 to 840 expected"],
  ["terminal.languages", [], "a list of 1-2 entries expected"],
  ["terminal.languages", "en", "a list of 1-2 entries expected"],
  ["terminal.languages", ["en", "zh", "en"], "a list of 1-2 entries expected"],
  ["terminal.languages[1]", "fr", `one of "en", "zh" expected`],
  ["aids", [], "a list of 1-32 entries expected"],
  ["aids[0]", "A0000000031010", "an object expected"],
  ["aids[2].aid", "A0000003", "5-16 bytes of hex expected"],
  ["aids[2].aid", "A0000003330101010203040506070809AA", "5-16 bytes of hex expected"],
  ["aids[0].label", "", "1-16 characters of printable ASCII expected"],
  ["aids[0].label", X(17), "1-16 characters of printable ASCII expected"],
  ["aids[0].partialSelection", "yes", "true or false expected"],
  ["aids[0].priority", 0, "an integer from 1 to 15 expected"],
  ["aids[0].priority", 16, "an integer from 1 to 15 expected"],
  ["aids[0].applicationVersions", [], "a list of 1-4 entries expected"],
  ["aids[0].applicationVersions[1]", "96", "2 bytes of hex expected"],
  ["aids[2].tacDenial", "0810000", "5 bytes of hex expected"],
  ["aids[2].tacDenial", "081000000000", "5 bytes of hex expected"],
  ["aids[1].tacOnline", "FC50BC80", "5 bytes of hex expected"],
  ["aids[1].tacDefault", null, "5 bytes of hex expected"],
  ["aids[0].floorLimit", -1, "an integer from 0 to 4294967295 expected"],
  ["aids[0].floorLimit", 4294967296, "an integer from 0 to 4294967295 expected"],
  ["aids[0].threshold", 10000, "0 or less than floorLimit expected"],
  ["aids[0].threshold", 1.5, "an integer from 0 to 4294967295 expected"],
  ["aids[0].targetPercentage", 100, "an integer from 0 to 99 expected"],
  ["aids[0].targetPercentage", 51, "at most maxTargetPercentage expected"],
  ["aids[0].maxTargetPercentage", -1, "an integer from 0 to 99 expected"],
  ["aids[0].defaultDdol", "", "3-252 bytes of hex expected"],
  ["aids[0].defaultDdol", "9F37049F", "a DOL expected: tags of one to three bytes, each followed by a one-byte length (EMV Book 3 §5.4)"],
  ["aids[0].defaultDdol", "9F0206", "a DDOL that asks for the Unpredictable Number (9F37) expected"],
  ["aids[0].defaultDdol", "9F37049F4CFF", "a DDOL asking for at most 255 bytes expected"],
  ["aids[1].defaultTdol", "9F02065F2A", "a DOL expected: tags of one to three bytes, each followed by a one-byte length (EMV Book 3 §5.4)"],
  ["aids[1].defaultTdol", 97, "0-252 bytes of hex expected"],
  ["aids[0].onlinePin", 1, "true or false expected"],
  ["aids[0].transactionLimit", 0, "an integer from 1 to 999999999999 expected"],
  ["aids[0].transactionLimit", 1e12, "an integer from 1 to 999999999999 expected"],
  ["caKeys", {}, "a list of 0-64 entries expected"],
  ["caKeys[0].rid", "A0000000", "5 bytes of hex expected"],
  ["caKeys[0].index", "920", "1 byte of hex expected"],
  ["caKeys[0].modulus", "C3".repeat(63), "64-248 bytes of hex expected"],
  ["caKeys[0].modulus", "C3".repeat(249), "64-248 bytes of hex expected"],
  ["caKeys[0].modulus", "C3".repeat(127) + "C4", "an odd modulus whose first byte is not zero expected"],
  ["caKeys[0].modulus", "00" + "C3".repeat(127), "an odd modulus whose first byte is not zero expected"],
  ["caKeys[0].exponent", "02", `"03" or "010001" expected`],
  ["caKeys[0].exponent", "0003", `"03" or "010001" expected`],
  ["caKeys[0].exponent", "00010001", "1-3 bytes of hex expected"],
  ["caKeys[0].expiry", "311322", "a date YYMMDD or YYYYMMDD expected"],
  ["caKeys[0].expiry", "20310231", "a date YYMMDD or YYYYMMDD expected"],
  ["caKeys[0].expiry", "20230229", "a date YYMMDD or YYYYMMDD expected"],
  ["caKeys[0].expiry", "2031-12-22", "a date YYMMDD or YYYYMMDD expected"],
  ["caKeys[0].expiry", 20311222, "a date YYMMDD or YYYYMMDD expected"],
  ["caKeys[0].hashAlgorithm", "02", `"01" (SHA-1) expected`],
  ["caKeys[0].checksum", "429C954A3859CEF91295F663C963E582ED6EB2", "20 bytes of hex expected"],
  ["revocations", "none", "a list of 0-256 entries expected"],
  ["revocations", [{ rid: "A000000003", index: "92", serial: "0001" }], "3 bytes of hex expected"],
  ["exceptionFile", [1234], "12-19 digits expected"],
  ["exceptionFile", ["41111111111"], "12-19 digits expected"],
  ["exceptionFile", ["4111 1111 1111 1111"], "12-19 digits expected"],
  // 4111111111111111 with its last digit changed: a published test PAN made wrong
  ["exceptionFile", ["4111111111111112"], "a PAN whose last digit is its Luhn check digit expected"],
  ["limits.maxTransactionAmount", 0, "an integer from 1 to 999999999999 expected"],
  ["limits.maxTransactionAmount", 1e12, "an integer from 1 to 999999999999 expected"],
  ["limits.dailyTotals.sale", -1, "an integer from 0 to 999999999999 expected"],
  ["limits.dailyTotals.refund", "5000000", "an integer from 0 to 999999999999 expected"],
  ["limits.maxPreauthAmount", 0, "an integer from 1 to 999999999999 expected"],
  ["limits.maxPreauthAmount", 1e12, "an integer from 1 to 999999999999 expected"],
  ["limits.maxPreauthAmount", 12.5, "an integer from 1 to 999999999999 expected"],
  ["limits.dailyTotals.preauth", -1, "an integer from 0 to 999999999999 expected"],
  ["limits.dailyTotals.preauth", "50000000", "an integer from 0 to 999999999999 expected"],
  ["limits.managerPin", "1234", "an object { required, keyName } expected; the PIN itself is provisioned in the key store, never in the configuration"],
  ["limits.managerPin.required", "yes", "true or false expected"],
  ["limits.managerPin.keyName", "manager pin", "a key-store name of 1-15 characters of A-Z, a-z, 0-9, '_', '.' and '-' expected"],
  ["limits.managerPin.keyName", "manager.pin.0001", "a key-store name of 1-15 characters of A-Z, a-z, 0-9, '_', '.' and '-' expected"],
  ["receipt", "01", "an object expected"],
  ["receipt.operator", "", "1-10 characters of letters and digits expected"],
  ["receipt.operator", "OP-1", "1-10 characters of letters and digits expected"],
  ["receipt.operator", X(11), "1-10 characters of letters and digits expected"],
  ["receipt.operator", 1, "1-10 characters of letters and digits expected"],
  ["receipt.eReceiptUrl", "http://a/b", "12-200 characters of printable ASCII expected"],
  ["receipt.eReceiptUrl", `https://r.example.com/${X(180)}/{terminalId}/{rrn}`, "12-200 characters of printable ASCII expected"],
  ["receipt.eReceiptUrl", "ftp://r.example.com/{terminalId}/{rrn}", "an http:// or https:// link without spaces expected"],
  ["receipt.eReceiptUrl", "https://r.example.com/{terminalId} {rrn}", "an http:// or https:// link without spaces expected"],
  ["receipt.eReceiptUrl", "https://r.example.com/{terminalId}/{rrn}/{pan}", "placeholders {terminalId}, {rrn}, {trace}, {batch} only"],
  ["receipt.eReceiptUrl", "https://r.example.com/{terminalId}/{rrn}}", "a '{' or '}' outside a placeholder"],
  ["receipt.eReceiptUrl", "https://r.example.com/{terminalId}/{trace}", "{terminalId} and {rrn} expected in the link"],
  ["receipt.eReceiptUrl", "https://r.example.com/r/{rrn}", "{terminalId} and {rrn} expected in the link"],
];

// The path the message names: a list whose entry is at fault is named by its entry.
function namedPath(path: string, value: unknown): string {
  if (path === "revocations" && Array.isArray(value)) return "revocations[0].serial";
  if (path === "exceptionFile" && Array.isArray(value)) return "exceptionFile[0]";
  return path;
}

test("every field's refusal is CONFIG_FIELD, its message the field's path and what it expects", (t) => {
  for (const [path, value, expectation] of CASES) {
    const e = t.throws(() => validate(withField(path, value)), { instanceOf: ConfigError, code: "CONFIG_FIELD" }, `${path} = ${JSON.stringify(value)}`) as ConfigError;
    t.is(e.message, `${namedPath(path, value)}: ${expectation}`, `${path} = ${JSON.stringify(value)}`);
    t.is(e.path, namedPath(path, value));
  }
});

test("the sample with the largest and smallest values each rule allows is accepted", (t) => {
  const edges: [string, unknown][] = [
    ["terminal.terminalType", "36"],
    ["terminal.terminalType", "11"],
    ["terminal.currencyExponent", 0],
    ["terminal.merchantIdentifier", X(15)],
    ["terminal.acquirerIdentifier", "12345678901"],
    ["terminal.merchantNameAndLocation", X(64)],
    ["terminal.timeZone.offsetMinutes", -720],
    ["terminal.timeZone.offsetMinutes", 840],
    ["terminal.languages", ["zh"]],
    ["aids[0].aid", "A000000003"],
    ["aids[0].aid", "A0000000031010" + "00".repeat(9)],
    ["aids[0].floorLimit", 4294967295],
    ["aids[0].threshold", 0],
    ["aids[0].targetPercentage", 50],
    ["aids[0].maxTargetPercentage", 99],
    ["aids[0].defaultDdol", "9F3704" + "9F4CF8"],
    ["aids[0].defaultTdol", ""],
    ["aids[0].transactionLimit", 999999999999],
    ["caKeys", []],
    ["exceptionFile", ["4111111111111111", "378282246310005"]],
    ["limits.dailyTotals.refund", 0],
    ["limits.dailyTotals.preauth", 0],
    ["limits.maxPreauthAmount", 1],
    ["limits.maxPreauthAmount", 999999999999],
    ["limits.managerPin.keyName", "A".repeat(15)],
  ];
  for (const [path, value] of edges) {
    const config = validate(withField(path, value));
    t.truthy(config, `${path} = ${JSON.stringify(value)}`);
  }
});

test("a file that still has limits.dailyTotals.cash is refused by name, CONFIG_UNKNOWN_FIELD saying to remove it: no daily cash limit is checked", (t) => {
  for (const value of [2000000, 0]) {
    const e = t.throws(() => validate(withField("limits.dailyTotals.cash", value)), { instanceOf: ConfigError, code: "CONFIG_UNKNOWN_FIELD" }) as ConfigError;
    t.is(e.path, "limits.dailyTotals.cash");
    t.regex(e.message, /^limits\.dailyTotals\.cash: no longer a field: .*remove it$/);
  }
});

test("a field the configuration does not define is CONFIG_UNKNOWN_FIELD, named by its path, in every object", (t) => {
  const paths = objectPaths(sample());
  for (const deep of ["", "terminal.timeZone", "aids[5]", "caKeys[6]", "limits.dailyTotals", "limits.managerPin"]) t.true(paths.includes(deep), deep);
  for (const path of paths) {
    const base = sample();
    (fieldAt(path, base) as Record<string, unknown>).floorlimit = 1;
    const named = path ? `${path}.floorlimit` : "floorlimit";
    t.throws(() => validate(base), { instanceOf: ConfigError, code: "CONFIG_UNKNOWN_FIELD", message: `${named}: unknown field` }, path);
  }
});

test("an odd key is named quoted, cut to 40 characters, without control characters, its runs of 4 or more digits as #", (t) => {
  const odd = sample();
  (odd.terminal as Record<string, unknown>)["tid\u0007x"] = 1;
  t.throws(() => validate(odd), { code: "CONFIG_UNKNOWN_FIELD", message: `terminal["tid?x"]: unknown field` });
  const long = "k".repeat(41);
  t.throws(() => validate(withField(`terminal.${long}`, 1)), { code: "CONFIG_UNKNOWN_FIELD", message: `terminal["${"k".repeat(40)}..."]: unknown field` });
  const pin = sample();
  ((pin.limits as Record<string, Record<string, unknown>>).managerPin)["246810"] = true;
  t.throws(() => validate(pin), { code: "CONFIG_UNKNOWN_FIELD", message: `limits.managerPin["######"]: unknown field` });
  const pan = sample();
  (pan.terminal as Record<string, unknown>)["pan4111111111111111x7"] = 1;
  t.throws(() => validate(pan), { code: "CONFIG_UNKNOWN_FIELD", message: `terminal["pan################x7"]: unknown field` });
});

const OPTIONAL = new Set(["revocations", "exceptionFile", "defaultTdol", "transactionLimit", "receipt", "operator", "eReceiptUrl"]);

test("every required field left out is CONFIG_FIELD 'required field missing' at its path", (t) => {
  let checked = 0;
  for (const path of objectPaths(sample())) {
    for (const key of Object.keys(fieldAt(path) as object)) {
      if (OPTIONAL.has(key)) continue;
      const full = path ? `${path}.${key}` : key;
      t.throws(() => validate(withField(full, undefined)), { instanceOf: ConfigError, code: "CONFIG_FIELD", message: `${full}: required field missing` }, full);
      checked++;
    }
  }
  t.true(checked > 100);
});

test("the optional fields may be left out: no revocations, no exception file, an empty TDOL, no transaction limit", (t) => {
  let base = withField("revocations", undefined);
  base = withField("exceptionFile", undefined, base);
  base = withField("aids[0].defaultTdol", undefined, base);
  base = withField("aids[0].transactionLimit", undefined, base);
  const config = validate(base);
  t.deepEqual(config.revocations, []);
  t.deepEqual(config.exceptionFile, []);
  t.deepEqual(config.aids[0].defaultTdol, new Uint8Array(0));
  t.false("transactionLimit" in config.aids[0]);
});

test("an entry repeated in a list is CONFIG_DUPLICATE, naming both entries", (t) => {
  const s = sample();
  const cases: [string, unknown, string][] = [
    ["aids[3].aid", (s.aids as { aid: string }[])[2].aid, "aids[3]: the same AID as aids[2]"],
    ["aids[0].applicationVersions", ["0096", "0096"], "aids[0].applicationVersions[1]: the same version as aids[0].applicationVersions[0]"],
    ["caKeys[2]", (s.caKeys as unknown[])[0], "caKeys[2]: the same RID and index as caKeys[0]"],
    ["terminal.languages", ["zh", "zh"], "terminal.languages[1]: the same language as terminal.languages[0]"],
    ["exceptionFile", ["4111111111111111", "5555555555554444", "4111111111111111"], "exceptionFile[2]: the same PAN as exceptionFile[0]"],
    ["revocations", [{ rid: "A000000003", index: "92", serial: "000001" }, { rid: "a000000003", index: "92", serial: "000001" }], "revocations[1]: the same RID, index and serial number as revocations[0]"],
  ];
  for (const [path, value, message] of cases) {
    t.throws(() => validate(withField(path, value)), { instanceOf: ConfigError, code: "CONFIG_DUPLICATE", message }, path);
  }
});

test("an AID that differs only in hex case is the same AID", (t) => {
  const s = sample();
  const aid = (s.aids as { aid: string }[])[0].aid.toLowerCase();
  t.throws(() => validate(withField("aids[1].aid", aid, s)), { code: "CONFIG_DUPLICATE", message: "aids[1]: the same AID as aids[0]" });
});

test("no message repeats the value it refuses: a PAN, a PIN typed as the manager PIN policy", (t) => {
  const pan = "4111111111111112";
  const e1 = t.throws(() => validate(withField("exceptionFile", [pan]))) as Error;
  t.false(e1.message.includes(pan));
  const e2 = t.throws(() => validate(withField("limits.managerPin", "987654"))) as Error;
  t.false(e2.message.includes("987654"));
  const e3 = t.throws(() => validate(withField("limits.managerPin.pin", "987654"))) as Error;
  t.is(e3.message, "limits.managerPin.pin: unknown field");
  const e4 = t.throws(() => validate(withField("exceptionFile", ["5555555555554444", "5555555555554444"]))) as Error;
  t.false(e4.message.includes("5555555555554444"));
});

test("a value that is not an object at the top is CONFIG_FIELD for the whole configuration", (t) => {
  for (const value of [null, 42, "config", [], true, undefined, new Uint8Array(4)]) {
    t.throws(() => validate(value), { instanceOf: ConfigError, code: "CONFIG_FIELD", message: "configuration: an object expected" }, String(value));
  }
});

test("JSON text: not JSON, or longer than the bound, is CONFIG_JSON; the sample's JSON is read", (t) => {
  for (const text of ["", "{", "{'version': 1}", "[1,]", "{\"version\": 1} x"]) {
    t.throws(() => parseTerminalConfig(text, crypto), { instanceOf: ConfigError, code: "CONFIG_JSON", message: "configuration: JSON text expected" }, text);
  }
  t.throws(() => parseTerminalConfig(42 as unknown as string, crypto), { code: "CONFIG_JSON" });
  const long = JSON.stringify(sample()) + " ".repeat(MAX_CONFIG_TEXT);
  t.throws(() => parseTerminalConfig(long, crypto), { code: "CONFIG_JSON", message: `configuration: at most ${MAX_CONFIG_TEXT} characters of JSON expected` });
  t.is(parseTerminalConfig(JSON.stringify(sample()), crypto).aids.length, 6);
});

test("JSON nested deeper than 16 is CONFIG_JSON before it is parsed; brackets inside strings do not count", (t) => {
  // a parser that recurses would overflow the engine's stack on this
  t.throws(() => parseTerminalConfig("[".repeat(100000), crypto), { code: "CONFIG_JSON", message: `configuration: JSON nested at most ${MAX_JSON_DEPTH} deep expected` });
  t.throws(() => parseJsonText("[".repeat(17) + "]".repeat(17)), { code: "CONFIG_JSON", message: "configuration: JSON nested at most 16 deep expected" });
  t.deepEqual(parseJsonText("[".repeat(16) + "]".repeat(16)), JSON.parse("[".repeat(16) + "]".repeat(16)));
  t.deepEqual(parseJsonText(JSON.stringify({ a: "[[[[[[[[[[[[[[[[[[[[", b: ["\\\"[[[[[[[[[[[[[[[[[[[["] })), { a: "[[[[[[[[[[[[[[[[[[[[", b: ['\\"[[[[[[[[[[[[[[[[[[[['] });
  const label = withField("aids[0].label", "[[[[[[[[[[[[[[[[");
  t.is(parseTerminalConfig(JSON.stringify(label), crypto).aids[0].label, "[[[[[[[[[[[[[[[[");
});

test("keys that name Object.prototype's members or __proto__ are unknown fields like any other", (t) => {
  for (const key of ["valueOf", "toString", "__proto__", "constructor", "hasOwnProperty"]) {
    const text = JSON.stringify(sample()).replace('"terminalType"', `"${key}":1,"terminalType"`);
    t.throws(() => parseTerminalConfig(text, crypto), { code: "CONFIG_UNKNOWN_FIELD", message: `terminal.${key}: unknown field` }, key);
  }
});
