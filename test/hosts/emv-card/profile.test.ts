/**
 * The card profile schema: every committed profile loads; a profile with a
 * fault is refused with a typed error whose code says what kind of fault
 * and whose path names the field, and whose message never carries the
 * value (a PAN, a PIN, a key).
 */
import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { loadCardProfile, parseCardProfile } from "../../../hosts/desktop/emv-card/profile-reader.ts";
import { EmvCardError } from "../../../hosts/desktop/emv-card/error.ts";
import { aflEntries, applicationFileLocator } from "../../../hosts/desktop/emv-card/card-data.ts";
import { loadTestCard, testCardNames } from "../../../hosts/desktop/emv-card/test-cards.ts";
import { profileJson } from "./support.ts";

test("the fifteen test cards load, each described", (t) => {
  t.deepEqual(testCardNames(), [
    "bad-issuer-certificate",
    "blocked-application",
    "cda",
    "dda",
    "expired",
    "no-cvm",
    "offline-decline",
    "offline-enciphered-pin",
    "offline-plaintext-pin",
    "online-declined",
    "online-pin",
    "removed-mid-transaction",
    "sda",
    "signature",
    "two-applications",
  ]);
  for (const name of testCardNames()) {
    const profile = loadTestCard(name);
    t.true(profile.description.length > 40, name);
  }
});

test("profile fields get their defaults and their types", (t) => {
  const p = loadTestCard("dda");
  t.true(p.pse);
  t.false(p.ppse);
  t.false(p.blocked);
  t.is(p.removeAfterCommand, undefined);
  const a = p.applications[0];
  t.is(toHex(a.aid), "A0000000031010");
  t.is(a.gpoFormat, 2);
  t.is(a.generateAcFormat, 1);
  t.is(a.iccDynamicNumberLength, 8);
  t.deepEqual(a.cryptogram.acData, ["82", "9F36", "9F10"]);
  t.is(a.cryptogram.arpcKey, "session-key");
  t.deepEqual(a.completion, { approvalCodes: ["00", "08", "10", "11"], issuerAuthenticationFailure: "decline", issuerAuthenticationRequired: false, unableToGoOnline: "decline" });
  t.is(String.fromCharCode(...a.data.get("5F20")!), "DDA/TEST CARD", "ans data objects are text in the JSON");
  t.deepEqual([...a.issuerScripts!.commands.keys()], ["applicationBlock", "applicationUnblock", "putData"]);
});

/** Loads `name` after `change`, and returns the error. */
function refused(t: any, name: string, change: (json: any) => void): EmvCardError {
  const json = profileJson(name);
  change(json);
  const e = t.throws(() => loadCardProfile(json)) as EmvCardError;
  t.true(e instanceof EmvCardError);
  return e;
}

const cases: [string, string, (json: any) => void, string, string][] = [
  ["an unknown field", "dda", (j) => (j.applications[0].colour = "blue"), "CARD_PROFILE_FIELD", "applications[0].colour"],
  ["no description", "dda", (j) => delete j.description, "CARD_PROFILE_MISSING", "description"],
  ["an ATR that is not hex", "dda", (j) => (j.atr = "3B6G"), "CARD_PROFILE_FIELD", "atr"],
  ["protocol 2", "dda", (j) => (j.protocol = 2), "CARD_PROFILE_FIELD", "protocol"],
  ["an AIP of three bytes", "dda", (j) => (j.applications[0].aip = "3C0000"), "CARD_PROFILE_FIELD", "applications[0].aip"],
  ["a PAN failing Luhn", "dda", (j) => (j.applications[0].data["5A"] = "4761739001010029"), "CARD_PROFILE_DATA", "applications[0].data.5A"],
  ["a track 2 of another PAN", "dda", (j) => (j.applications[0].data["57"] = j.applications[0].data["57"].replace("4761739001010028", "4761739001010036")), "CARD_PROFILE_DATA", "applications[0].data.57"],
  ["a track 2 of another expiry", "dda", (j) => (j.applications[0].data["57"] = j.applications[0].data["57"].replace("D2812", "D2912")), "CARD_PROFILE_DATA", "applications[0].data.57"],
  ["an expiry on day 32", "dda", (j) => (j.applications[0].data["5F24"] = "281232"), "CARD_PROFILE_DATA", "applications[0].data.5F24"],
  ["a label longer than 16", "dda", (j) => (j.applications[0].data["5F20"] = "X".repeat(27)), "CARD_PROFILE_FIELD", "applications[0].data.5F20"],
  ["the ATC among the data", "dda", (j) => (j.applications[0].data["9F36"] = "0001"), "CARD_PROFILE_FIELD", "applications[0].data.9F36"],
  ["a template among the data", "dda", (j) => (j.applications[0].data["70"] = "5A00"), "CARD_PROFILE_FIELD", "applications[0].data.70"],
  ["a record naming a tag the data lacks", "dda", (j) => j.applications[0].records[0].tags.push("9F1F"), "CARD_PROFILE_DATA", "applications[0].records[0]"],
  ["a record listed twice", "dda", (j) => j.applications[0].records.push({ sfi: 1, record: 1, tags: ["9F4F"] }), "CARD_PROFILE_DATA", "applications[0].records[5]"],
  ["a record over 256 bytes", "cda", (j) => j.applications[0].records[3].tags.push("9F46"), "CARD_PROFILE_DATA", "applications[0].records[3]"],
  ["a CVM List with an offline PIN and no PIN", "offline-plaintext-pin", (j) => delete j.applications[0].pin, "CARD_PROFILE_MISSING", "applications[0].pin"],
  ["a PIN with a letter", "offline-plaintext-pin", (j) => (j.applications[0].pin.value = "12a4"), "CARD_PROFILE_FIELD", "applications[0].pin.value"],
  ["more tries left than the limit", "offline-plaintext-pin", (j) => (j.applications[0].pin.triesLeft = 4), "CARD_PROFILE_FIELD", "applications[0].pin.triesLeft"],
  ["a DDA card without its ICC key", "dda", (j) => delete j.applications[0].iccPrivateKey, "CARD_PROFILE_MISSING", "applications[0].iccPrivateKey"],
  ["an ICC key whose p is not a factor", "dda", (j) => (j.applications[0].iccPrivateKey.p = j.applications[0].iccPrivateKey.q), "CARD_PROFILE_DATA", "applications[0].iccPrivateKey"],
  [
    "an SDA card without its signed static data",
    "sda",
    (j) => {
      delete j.applications[0].data["93"];
      j.applications[0].records = j.applications[0].records.filter((r: any) => !r.tags.includes("93"));
    },
    "CARD_PROFILE_MISSING",
    "applications[0].data.93",
  ],
  ["offline-under-limit without a limit", "sda", (j) => delete j.applications[0].riskManagement.offlineLimit, "CARD_PROFILE_MISSING", "applications[0].riskManagement.offlineLimit"],
  ["an issuer master key of 8 bytes", "dda", (j) => (j.applications[0].cryptogram.imk = "0123456789ABCDEF"), "CARD_PROFILE_FIELD", "applications[0].cryptogram.imk"],
  ["a script status that is no error", "dda", (j) => (j.applications[0].issuerScripts.commands.putData = "9001"), "CARD_PROFILE_FIELD", "applications[0].issuerScripts.commands.putData"],
  ["an unknown script command", "dda", (j) => (j.applications[0].issuerScripts.commands.format = "9000"), "CARD_PROFILE_FIELD", "applications[0].issuerScripts.commands.format"],
  ["a CDA card whose CDOL1 lacks the Unpredictable Number", "cda", (j) => (j.applications[0].data["8C"] = "9F0206"), "CARD_PROFILE_DATA", "applications[0].data.8C"],
  ["a malformed PDOL", "cda", (j) => (j.applications[0].pdol = "9F1A"), "CARD_PROFILE_FIELD", "applications[0].pdol"],
  ["the same AID twice", "two-applications", (j) => (j.applications[1].aid = j.applications[0].aid), "CARD_PROFILE_DATA", "applications[1].aid"],
  ["no application", "dda", (j) => (j.applications = []), "CARD_PROFILE_FIELD", "applications"],
  ["removal after command 0", "dda", (j) => (j.removeAfterCommand = 0), "CARD_PROFILE_FIELD", "removeAfterCommand"],
];

for (const [what, name, change, code, path] of cases) {
  test(`refused: ${what} (${code} at ${path})`, (t) => {
    const e = refused(t, name, change);
    t.is(e.code as string, code);
    t.is(e.path, path);
    t.true(e.message.startsWith(`${path}: `));
  });
}

test("no refusal repeats the PAN, the PIN or a key", (t) => {
  const json = profileJson("offline-plaintext-pin");
  const app = json.applications[0];
  const secrets = [app.data["5A"], app.pin.value, app.cryptogram.imk, app.iccPrivateKey.p];
  for (const change of [
    (j: any) => (j.applications[0].data["5A"] = j.applications[0].data["5A"].slice(0, -1) + "9"),
    (j: any) => (j.applications[0].pin.value = j.applications[0].pin.value + "x"),
    (j: any) => (j.applications[0].cryptogram.imk = j.applications[0].cryptogram.imk + "0"),
    (j: any) => (j.applications[0].iccPrivateKey.p = j.applications[0].iccPrivateKey.p.slice(2)),
  ]) {
    const e = refused(t, "offline-plaintext-pin", change);
    for (const s of secrets) t.false(e.message.includes(s) || e.message.includes(s.slice(0, 12)), e.message);
  }
});

test("text that is not JSON is CARD_PROFILE_FIELD for the whole profile", (t) => {
  const e = t.throws(() => parseCardProfile("{ not json"));
  t.true(isXsposError(e, "CARD_PROFILE_FIELD"));
  t.is((e as EmvCardError).path, "");
});

test("read without keys, a profile may name the certificate tags before the tool has written them", (t) => {
  const json = profileJson("dda");
  for (const tag of ["8F", "90", "92", "9F32", "9F46", "9F47", "9F48"]) delete json.applications[0].data[tag];
  delete json.applications[0].iccPrivateKey;
  t.notThrows(() => loadCardProfile(json, { requireKeys: false }));
  t.true(isXsposError(t.throws(() => loadCardProfile(json)), "CARD_PROFILE_DATA"));
});

test("the AFL: one entry per run of records, split where an ODA record follows one that is not (Book 3 §10.2)", (t) => {
  const r = (sfi: number, record: number, oda = false) => ({ sfi, record, oda, tags: ["5A"] });
  t.deepEqual(aflEntries([r(1, 1), r(2, 1, true), r(2, 2, true), r(2, 3), r(3, 1), r(3, 2)]), [
    { sfi: 1, first: 1, last: 1, oda: 0 },
    { sfi: 2, first: 1, last: 3, oda: 2 },
    { sfi: 3, first: 1, last: 2, oda: 0 },
  ]);
  t.deepEqual(aflEntries([r(1, 1), r(1, 2, true), r(1, 4, true)]), [
    { sfi: 1, first: 1, last: 1, oda: 0 },
    { sfi: 1, first: 2, last: 2, oda: 1 },
    { sfi: 1, first: 4, last: 4, oda: 1 },
  ]);
  t.is(toHex(applicationFileLocator([r(2, 2, true), r(2, 1, true), r(11, 1)])), "10010202" + "58010100");
});
