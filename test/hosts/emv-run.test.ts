/**
 * `emvRun`: a test card through the kernel as the command line runs it,
 * the trace with cardholder data masked and PIN blocks withheld, a
 * scenario judged field by field, and bad options refused.
 */
import test from "ava";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emvRun, type EmvRunResult, type EmvRunScenarioResult, type EmvRunSuiteResult } from "../../hosts/emv-scenarios/emv-run.ts";
import { jsonNames, scenariosDir } from "../../hosts/emv-scenarios/files.ts";
import { testCardNames, readTestCardJson } from "../../hosts/desktop/emv-card/test-cards.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";

const DATE = "261125";
const run = (options: Parameters<typeof emvRun>[0]) => emvRun(options) as Promise<EmvRunResult>;

/** Every PAN of a test card, digits. */
function pans(name: string): string[] {
  const card = readTestCardJson(name) as { applications: { data: Record<string, string> }[] };
  return card.applications.map((a) => a.data["5A"].replace(/F+$/, ""));
}

test("dda, online PIN, host approves: ARQC then TC, TVR 0000040000 (online PIN entered), TSI F800, the ARQC checks at the issuer", async (t) => {
  const r = await run({ card: "dda", amount: 3000, pin: "1234", online: "approve", date: DATE });
  t.is(r.outcome, "approved");
  t.is(r.path, "online");
  t.is(r.tvr, "0000040000");
  t.is(r.tsi, "F800");
  t.is(r.cvmResults, "420300");
  t.deepEqual(r.cryptograms.map((c) => [c.requested, c.type]), [["ARQC", "ARQC"], ["TC", "TC"]]);
  t.true(r.cryptograms.every((c) => /^[0-9A-F]{16}$/.test(c.value!)));
  t.is(r.arqc, "valid");
  t.deepEqual(r.tvrBits, ["Online CVM captured"], "EMV 4.4 names B3b3 so");
  t.is(r.pan, "476173******0028");
  t.deepEqual(r.trace.map((l) => l.name).slice(-3), ["GENERATE AC", "EXTERNAL AUTHENTICATE", "GENERATE AC"]);
});

test("sda with the host unreachable never goes online: TC offline for 30.00, the host's answer unused", async (t) => {
  const r = await run({ card: "sda", amount: 3000, online: "unreachable", date: DATE });
  t.is(r.outcome, "approved");
  t.is(r.path, "offline");
  t.is(r.host, undefined);
  t.deepEqual(r.cryptograms.map((c) => c.type), ["TC"]);
});

test("cda: the cryptograms of both GENERATE AC come from the verified signatures (none in clear)", async (t) => {
  const r = await run({ card: "cda", amount: 3000, pin: "1234", online: "approve", date: DATE });
  t.is(r.odaMethod, "CDA");
  t.deepEqual(r.cryptograms.map((c) => [c.type, c.cda]), [["ARQC", true], ["TC", true]]);
  t.true(r.cryptograms.every((c) => /^[0-9A-F]{16}$/.test(c.value!)));
});

test("a wrong PIN is typed at every prompt: three VERIFY 63Cx, PIN Try Limit exceeded, signature next; the PIN block never appears", async (t) => {
  const r = await run({ card: "offline-plaintext-pin", amount: 1250, pin: "1111", online: "approve", date: DATE });
  t.is(r.tvr, "0000200000");
  t.is(r.cvmResults, "5E0300");
  t.deepEqual(r.trace.filter((l) => l.name === "VERIFY").map((l) => [l.command, l.sw]), [
    ["0020008008****************", "63C2"],
    ["0020008008****************", "63C1"],
    ["0020008008****************", "63C0"],
  ]);
  t.false(JSON.stringify(r).includes("241111FFFFFFFFFF"));
});

test("no full PAN anywhere in the serialized result, for every test card: PAN, track 2 and names masked in the trace", async (t) => {
  for (const name of testCardNames()) {
    const r = await run({ card: name, amount: 3000, pin: "1234", online: "approve", date: DATE });
    const text = JSON.stringify(r);
    for (const pan of pans(name)) t.false(text.includes(pan), `${name}: no full PAN`);
    t.false(text.includes("241234FFFFFFFFFF"), `${name}: no PIN block`);
  }
  const r = await run({ card: "dda", amount: 3000, pin: "1234", online: "approve", date: DATE });
  const record = r.trace.find((l) => l.response?.startsWith("70") && l.response.includes("5A08"))!;
  t.true(record.response!.includes("5A08476173******0028"), "the PAN keeps its first 6 and last 4 digits");
  const track = r.trace.find((l) => l.response?.startsWith("7025") && l.response.includes("5713"))!;
  t.false(track.response!.includes("4761739001010028"), "track 2 is masked");
});

test("a card profile given as JSON and a configuration as a file run as a named card with the sample", async (t) => {
  const named = await run({ card: "signature", amount: 3000, online: "approve", date: DATE });
  const json = await run({ card: readTestCardJson("signature") as object, amount: 3000, online: "approve", date: DATE, config: SAMPLE_CONFIG });
  t.is(json.card, "json");
  t.deepEqual([json.tvr, json.tsi, json.cvmResults, json.outcome], [named.tvr, named.tsi, named.cvmResults, named.outcome]);
  const file = await run({ card: "test/emv/cards/signature.json", amount: 3000, online: "approve", date: DATE });
  t.is(file.card, "file");
  t.is(file.tvr, named.tvr);
});

test("with scenario: the scenario runs and each expected field is reported with pass/fail", async (t) => {
  const r = (await emvRun({ scenario: "issuer-script-71-failed" })) as EmvRunScenarioResult;
  t.is(r.scenario, "issuer-script-71-failed");
  t.true(r.pass);
  t.deepEqual(r.checks.map((c) => c.field), ["outcome", "path", "tvr", "tsi", "cvmResults", "cryptograms", "scriptResults"]);
  t.true(r.checks.every((c) => c.pass));
  t.is(r.result.scriptResults, "1100000001");
  const byPath = (await emvRun({ scenario: "test/emv/scenarios/signature.json" })) as EmvRunScenarioResult;
  t.true(byPath.pass);
});

test("without online: a card asking for an ARQC ends unable to go online, with no problem reported", async (t) => {
  const r = await run({ card: "dda", amount: 3000, pin: "1234", date: DATE });
  t.is(r.path, "unable-to-go-online");
  t.is(r.host, "unreachable");
  // Book 3 §10.7: TVR 0000040000 has no bit of TAC/IAC Default DC4000A800, so the terminal asks for a TC with Y3
  t.is(r.authorisationResponseCode, "Y3");
  t.deepEqual(r.cryptograms.map((c) => c.requested), ["ARQC", "TC"]);
  // the dda card declines when the terminal could not go online (its completion.unableToGoOnline default, hosts/desktop/emv-card/README.md)
  t.is(r.cryptograms[1].type, "AAC");
  t.is(r.outcome, "declined");
  t.deepEqual(r.problems, []);
});

test("without online: a card that approves offline completes offline with its TC", async (t) => {
  const r = await run({ card: "offline-plaintext-pin", amount: 3000, pin: "1234", date: DATE });
  t.is(r.outcome, "approved");
  t.is(r.path, "offline");
  t.deepEqual(r.cryptograms.map((c) => c.type), ["TC"]);
  t.is(r.host, undefined);
});

test("scenario all: every scenario of test/emv/scenarios is run and judged, in name order, and the summary counts them all passed", async (t) => {
  const r = (await emvRun({ scenario: "all" })) as EmvRunSuiteResult;
  const names = jsonNames(scenariosDir());
  t.is(r.suite, "all");
  t.deepEqual(r.results.map((x) => x.scenario), names);
  t.deepEqual(r.summary, { scenarios: names.length, passed: names.length, failed: 0, failedScenarios: [] });
  t.true(r.pass);
});

test("scenario folder: each .json scenario in it is judged; one whose expectation is wrong makes the suite fail and is named in the summary", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-scenarios-"));
  const good = JSON.parse(readFileSync(join(scenariosDir(), "signature.json"), "utf8"));
  const wrong = { ...good, name: "signature-wrong-tvr", expect: { ...good.expect, tvr: "FFFFFFFFFF" } };
  writeFileSync(join(dir, "signature.json"), JSON.stringify(good));
  writeFileSync(join(dir, "signature-wrong-tvr.json"), JSON.stringify(wrong));
  writeFileSync(join(dir, "notes.txt"), "not a scenario");
  const r = (await emvRun({ scenario: dir })) as EmvRunSuiteResult;
  t.false(r.pass);
  t.deepEqual(r.summary, { scenarios: 2, passed: 1, failed: 1, failedScenarios: ["signature-wrong-tvr"] });
  t.deepEqual(r.results.map((x) => [x.scenario, x.pass]), [["signature", true], ["signature-wrong-tvr", false]]);
  const empty = mkdtempSync(join(tmpdir(), "xspos-scenarios-"));
  await t.throwsAsync(() => emvRun({ scenario: empty }), { code: "SCENARIO_FILE" });
  writeFileSync(join(empty, "broken.json"), "{");
  await t.throwsAsync(() => emvRun({ scenario: empty }), { code: "SCENARIO_FIELD" });
});

test("bad options are refused with EMV_RUN_INPUT naming the option; unreadable cards with SCENARIO_FILE", async (t) => {
  const base = { card: "sda", amount: 3000, online: "approve" as const, date: DATE };
  const refused = async (options: object, path: string) => {
    const e = await t.throwsAsync(() => emvRun(options as Parameters<typeof emvRun>[0]), { code: "EMV_RUN_INPUT" });
    t.is((e as unknown as { path: string }).path, path);
  };
  await refused({ amount: 3000, online: "approve" }, "card");
  await refused({ ...base, amount: 12.5 }, "amount");
  await refused({ ...base, amount: 1e13 }, "amount");
  await refused({ ...base, online: "yes" }, "online");
  await refused({ ...base, pin: "12a4" }, "pin");
  await refused({ ...base, date: "261325" }, "date");
  await refused({ ...base, type: "transfer" }, "type");
  await refused({ ...base, colour: "red" }, "colour");
  await refused({ scenario: "signature", card: "sda" }, "card");
  await t.throwsAsync(() => emvRun({ ...base, card: "no-such-card" }), { code: "SCENARIO_FILE" });
  await t.throwsAsync(() => emvRun({ ...base, card: "/nonexistent/card.json" }), { code: "SCENARIO_FILE" });
  await t.throwsAsync(() => emvRun({ scenario: "no-such-scenario" }), { code: "SCENARIO_FILE" });
  await t.throwsAsync(() => emvRun({ ...base, config: { ...SAMPLE_CONFIG, version: 2 } }), { code: "SCENARIO_SETUP" });
  const sda = JSON.parse(readFileSync("test/emv/cards/sda.json", "utf8"));
  sda.applications[0].data["5A"] = "4761739001010011";
  const e = await t.throwsAsync(() => emvRun({ ...base, card: sda }), { code: "SCENARIO_SETUP" });
  t.false(e!.message.includes("4761739001010011"), "the message carries no PAN");
});
