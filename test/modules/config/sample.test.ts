import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../../modules/config/sample-config.ts";
import { aidTags, terminalTags } from "../../../modules/config/tags.ts";
import { configToJson } from "../../../modules/config/to-json.ts";
import { testCrypto } from "../../support/crypto.ts";
import { sample, withField } from "./edit.ts";

const crypto = testCrypto();
const validate = (value: unknown) => validateTerminalConfig(value, crypto);

const HEX_ONLY = /^[0-9A-F]+$/;

function lowerHex(value: unknown): unknown {
  if (typeof value === "string") return HEX_ONLY.test(value) ? value.toLowerCase() : value;
  if (Array.isArray(value)) return value.map(lowerHex);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lowerHex(v)]));
  return value;
}

test("the sample is a valid configuration, read into typed values", (t) => {
  const config = validate(SAMPLE_CONFIG);
  t.is(config.version, 1);
  t.is(config.terminal.terminalType, "22");
  t.deepEqual(config.terminal.capabilities, fromHex("60F8C8"));
  t.deepEqual(config.terminal.additionalCapabilities, fromHex("E800A0F001"));
  t.is(config.terminal.countryCode, "344");
  t.is(config.terminal.currencyExponent, 2);
  t.deepEqual(config.terminal.timeZone, { name: "Asia/Hong_Kong", offsetMinutes: 480 });
  t.deepEqual(config.terminal.languages, ["en", "zh"]);
  t.deepEqual(config.aids.map((a) => toHex(a.aid)), ["A0000000031010", "A0000000041010", "A000000333010101", "A000000333010102", "A000000333010103", "A00000002501"]);
  const visa = config.aids[0];
  t.deepEqual(visa.applicationVersions, [fromHex("012C"), fromHex("0096")]);
  t.deepEqual([visa.tacDenial, visa.tacOnline, visa.tacDefault], [fromHex("0010000000"), fromHex("DC4004F800"), fromHex("DC4000A800")]);
  t.deepEqual([visa.floorLimit, visa.threshold, visa.targetPercentage, visa.maxTargetPercentage], [10000, 5000, 25, 50]);
  t.deepEqual(visa.defaultDdol, fromHex("9F3704"));
  t.is(visa.transactionLimit, 3000000);
  t.false("transactionLimit" in config.aids[5]);
  t.deepEqual(config.aids[5].defaultTdol, new Uint8Array(0));
  t.deepEqual(config.caKeys.map((k) => `${toHex(k.rid)} ${k.index.toString(16).toUpperCase()} ${k.modulus.length} ${k.expiry}`), [
    "A000000003 92 176 20311222",
    "A000000003 94 248 20311222",
    "A000000003 95 144 20311222",
    "A000000004 EF 248 20311223",
    "A000000004 F1 176 20311223",
    "A000000004 F3 144 20311223",
    "A000000004 FA 144 20311223",
  ]);
  t.deepEqual(config.limits, { maxTransactionAmount: 5000000, maxPreauthAmount: 10000000, dailyTotals: { sale: 100000000, refund: 5000000, preauth: 50000000 }, managerPin: { required: true, keyName: "manager.pin" } });
});

test("configToJson writes the sample back as it is written (upper-case hex, four-digit years), and reading that gives the same configuration", (t) => {
  const config = validate(sample());
  const json = configToJson(config);
  t.deepEqual(JSON.parse(JSON.stringify(json)), sample());
  t.deepEqual(validate(JSON.parse(JSON.stringify(json))), config);
});

test("hex in lower case gives the same configuration, written back in upper case", (t) => {
  const lowered = lowerHex(sample()) as Record<string, unknown>;
  t.is((lowered.caKeys as { modulus: string }[])[0].modulus.slice(0, 8), "996af56f");
  const config = validate(lowered);
  t.deepEqual(config, validate(sample()));
  t.deepEqual(JSON.parse(JSON.stringify(configToJson(config))), sample());
});

test("a two-digit expiry year is written back with its century", (t) => {
  const config = validate(withField("caKeys[0].expiry", "311222"));
  t.is(config.caKeys[0].expiry, "20311222");
  t.is(configToJson(config).caKeys[0].expiry, "20311222");
});

// openemv/emv-utils, tools/emv-config-example.xml: the terminal data of its example configuration and the
// TLV values it gives them.
test("terminal data elements in Book 3 §4.3 encodings: the values of a published example configuration", (t) => {
  let s = withField("terminal.countryCode", "528");
  s = withField("terminal.merchantCategoryCode", "5999", s);
  s = withField("terminal.merchantIdentifier", "0987654321     ", s);
  s = withField("terminal.terminalIdentification", "TID12345", s);
  s = withField("terminal.ifdSerialNumber", "12345678", s);
  s = withField("terminal.merchantNameAndLocation", "ACME Peanuts", s);
  s = withField("terminal.acquirerIdentifier", "123456789", s);
  s = withField("terminal.capabilities", "20F8C8", s);
  s = withField("terminal.additionalCapabilities", "FA00F0A3FF", s);
  s = withField("aids[0].floorLimit", 10000, s);
  const config = validate(s);
  const tags = terminalTags(config.terminal);
  const hex = (tag: string) => toHex(tags.get(tag) as Uint8Array);
  t.is(hex("9F01"), "000123456789");
  t.is(hex("9F15"), "5999");
  t.is(hex("9F16"), toHex(Uint8Array.from("0987654321     ", (c) => c.charCodeAt(0))));
  t.is(hex("9F1A"), "0528");
  t.is(hex("9F1C"), toHex(Uint8Array.from("TID12345", (c) => c.charCodeAt(0))));
  t.is(hex("9F1E"), "3132333435363738");
  t.is(hex("9F4E"), toHex(Uint8Array.from("ACME Peanuts", (c) => c.charCodeAt(0))));
  t.is(hex("9F33"), "20F8C8");
  t.is(hex("9F35"), "22");
  t.is(hex("9F40"), "FA00F0A3FF");
  t.is(toHex(aidTags(config.aids[0]).get("9F1B") as Uint8Array), "00002710");
});

test("Book 3 §4.3: n right-justified with leading zeros, an and ans padded with trailing zero bytes, the first version sent", (t) => {
  let s = withField("terminal.merchantIdentifier", "SHOP1");
  s = withField("terminal.currencyCode", "036", s);
  s = withField("terminal.currencyExponent", 2, s);
  s = withField("aids[0].floorLimit", 4294967295, s);
  const config = validate(s);
  const tags = terminalTags(config.terminal);
  t.is(toHex(tags.get("9F16") as Uint8Array), "53484F5031" + "00".repeat(10));
  t.is(toHex(tags.get("5F2A") as Uint8Array), "0036");
  t.is(toHex(tags.get("5F36") as Uint8Array), "02");
  t.deepEqual([...tags.keys()], ["9F35", "9F33", "9F40", "9F1A", "5F2A", "5F36", "9F15", "9F16", "9F1C", "9F1E", "9F01", "9F4E"]);
  const aid = aidTags(config.aids[0]);
  t.deepEqual([...aid.entries()].map(([tag, v]) => `${tag}=${toHex(v)}`), ["9F06=A0000000031010", "9F09=012C", "9F1B=FFFFFFFF"]);
});

test("the tag maps are copies: changing one leaves the configuration as it was", (t) => {
  const config = validate(sample());
  terminalTags(config.terminal).get("9F33")?.fill(0);
  aidTags(config.aids[0]).get("9F06")?.fill(0);
  t.deepEqual(config.terminal.capabilities, fromHex("60F8C8"));
  t.deepEqual(config.aids[0].aid, fromHex("A0000000031010"));
});

test("an AID's byte fields are kept on one buffer, each with its own bytes", (t) => {
  const config = validateTerminalConfig(SAMPLE_CONFIG, testCrypto());
  for (const [i, a] of config.aids.entries()) {
    const written = SAMPLE_CONFIG.aids[i];
    const fields = [a.aid, a.tacDenial, a.tacOnline, a.tacDefault, a.defaultDdol, a.defaultTdol, ...a.applicationVersions];
    t.true(fields.every((f) => f.buffer === a.aid.buffer), `AID ${written.aid}: one buffer`);
    t.is(toHex(a.aid), written.aid);
    t.is(toHex(a.tacDenial), written.tacDenial);
    t.is(toHex(a.defaultDdol), written.defaultDdol);
    t.deepEqual(a.applicationVersions.map((v) => toHex(v)), written.applicationVersions);
  }
});
