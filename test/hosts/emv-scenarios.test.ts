/**
 * The open EMV L2 scenario suite (test/emv/scenarios): every scenario run
 * through the virtual card, the slot driver and the contact kernel, each
 * expected field (derived by hand from EMV 4.4 Books 1-4, the reasoning in
 * the scenario's `why`) compared with what happened. Then the runner
 * itself: it finds a wrong expectation, refuses malformed scenarios, and
 * re-signs a card whose signed data a scenario changes.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonNames, scenariosDir } from "../../hosts/emv-scenarios/files.ts";
import { loadScenario, runScenario } from "../../hosts/emv-scenarios/run-scenario.ts";
import { parseScenario, type Scenario } from "../../hosts/emv-scenarios/scenario.ts";
import { ScenarioError } from "../../hosts/emv-scenarios/error.ts";
import { applyOverrides } from "../../hosts/emv-scenarios/json-path.ts";
import { traceLine } from "../../hosts/emv-scenarios/trace.ts";
import { fromHex } from "../../modules/core/hex.ts";

const names = jsonNames(scenariosDir());
const scenarios = names.map((name) => ({ name, scenario: loadScenario(name) }));

for (const { name, scenario } of scenarios) {
  test(`${name} (${scenario.sections.join(", ")}): ${Object.keys(scenario.expect).join(", ")} as the books give them`, async (t) => {
    const report = await runScenario(scenario);
    t.deepEqual(report.problems, [], "nothing went wrong around the transaction");
    for (const check of report.checks) t.deepEqual(check.actual, check.expected, `${check.field} (${scenario.why})`);
    t.true(report.pass);
  });
}

const raw = (name: string) => JSON.parse(readFileSync(join(scenariosDir(), `${name}.json`), "utf8"));

test("the suite: at least 40 scenarios, each file named after its scenario, each with sections and a one-line why", (t) => {
  t.true(scenarios.length >= 40, `${scenarios.length} scenarios`);
  for (const { name, scenario } of scenarios) {
    t.is(scenario.name, name);
    t.true(scenario.sections.length > 0);
    t.false(scenario.why.includes("\n"));
  }
});

test("the suite covers each area the format is for: ODA failures, restrictions, every CVM, risk management, action analysis, online, scripts, selection, removal, fallback", (t) => {
  const expects = scenarios.map((s) => s.scenario.expect);
  const tvrBit = (byte: number, mask: number) => expects.some((e) => e.tvr !== undefined && (parseInt(e.tvr.slice(2 * byte, 2 * byte + 2), 16) & mask) !== 0);
  // every TVR bit of Book 3 annex C5 a contact kernel sets, but Default TDOL used (no test card's CDOL asks for a TC hash)
  const bits: [number, number][] = [
    [0, 0x80], [0, 0x40], [0, 0x20], [0, 0x10], [0, 0x08], [0, 0x04], [0, 0x02],
    [1, 0x80], [1, 0x40], [1, 0x20], [1, 0x10], [1, 0x08],
    [2, 0x80], [2, 0x40], [2, 0x20], [2, 0x10], [2, 0x08], [2, 0x04],
    [3, 0x80], [3, 0x40], [3, 0x20], [3, 0x10], [3, 0x08],
    [4, 0x40], [4, 0x20], [4, 0x10],
  ];
  for (const [byte, mask] of bits) t.true(tvrBit(byte, mask), `TVR byte ${byte + 1} bit ${Math.log2(mask) + 1}`);
  const cvms = new Set(expects.map((e) => e.cvmResults?.slice(0, 2)).filter(Boolean).map((c) => parseInt(c!, 16) & 0x3f));
  for (const code of [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x1e, 0x1f]) t.true(cvms.has(code), `CVM ${code.toString(16)}`);
  const outcomes = new Set(expects.map((e) => `${e.outcome}/${e.path ?? e.reason ?? e.step ?? ""}`));
  for (const o of ["approved/offline", "approved/online", "approved/unable-to-go-online", "declined/offline", "declined/online", "declined/unable-to-go-online", "end-application/no-application", "end-application/card-blocked", "end-application/card-io", "card-removed/read-records", "cancelled/cvm"]) {
    t.true(outcomes.has(o), o);
  }
  const scripts = expects.map((e) => e.scriptResults).filter(Boolean);
  for (const r of ["20", "11", "12"]) t.true(scripts.some((s) => s!.startsWith(r)), `script result ${r}`);
});

test("a wrong expectation fails: the TVR check names the field and both values, the report does not pass", async (t) => {
  const scenario = parseScenario({ ...raw("sda-offline-approved"), expect: { outcome: "approved", tvr: "0000000000", tsi: "E800", cvmResults: "5E0300", cryptograms: ["TC"] } });
  const report = await runScenario(scenario);
  t.false(report.pass);
  t.deepEqual(report.checks.map((c) => [c.field, c.pass]), [["outcome", true], ["tvr", false], ["tsi", true], ["cvmResults", true], ["cryptograms", true]]);
  t.deepEqual(report.checks[1], { field: "tvr", expected: "0000000000", actual: "0200000000", pass: false });
});

/** Notes for every status field, so that a test's expectation may leave them out and reach the judge. */
const ALL_NOTES = { tvr: "left out on purpose by this test", tsi: "left out on purpose by this test", cvmResults: "left out on purpose by this test" };

test("a TVR expected after the card was removed in application selection has no value to compare: the check fails with actual null", async (t) => {
  const scenario = parseScenario({ ...raw("dda-online-approved"), cardholder: { removeCardAfterCommand: 1 }, host: undefined, expect: { outcome: "card-removed", step: "selection", tvr: "0000000000" }, notes: ALL_NOTES });
  const report = await runScenario(scenario);
  t.deepEqual(report.checks, [
    { field: "outcome", expected: "card-removed", actual: "card-removed", pass: true },
    { field: "step", expected: "selection", actual: "selection", pass: true },
    { field: "tvr", expected: "0000000000", actual: null, pass: false },
  ]);
});

test("the judge requires TVR, TSI and CVM Results once GET PROCESSING OPTIONS has passed: a card removed in read-records without them fails those three checks", async (t) => {
  const scenario = parseScenario({ ...raw("card-removed-mid-transaction"), expect: { outcome: "card-removed", step: "read-records" }, notes: ALL_NOTES });
  const report = await runScenario(scenario);
  t.false(report.pass);
  t.deepEqual(report.checks.map((c) => [c.field, c.pass]), [["outcome", true], ["step", true], ["tvr", false], ["tsi", false], ["cvmResults", false]]);
  // what the kernel had at termination is shown beside the requirement
  t.deepEqual(report.checks.slice(2).map((c) => c.actual), ["0000000000", "0000", "3F0000"]);
});

test("a transaction ended in application selection has no TVR, TSI or CVM Results, and the judge asks for none", async (t) => {
  const report = await runScenario(loadScenario("blocked-application"));
  t.true(report.pass);
  t.is(report.actual.tvr, undefined);
  t.is(report.actual.tsi, undefined);
  t.is(report.actual.cvmResults, undefined);
  t.deepEqual(report.checks.map((c) => c.field), ["outcome", "reason", "step", "fallback"]);
});

test("every scenario that leaves out a status field says why in its notes, and one that does not is refused naming notes.<field>", (t) => {
  for (const { name, scenario } of scenarios) {
    for (const field of ["tvr", "tsi", "cvmResults"] as const) {
      if (scenario.expect[field] === undefined) t.true((scenario.notes?.[field]?.length ?? 0) >= 10, `${name} ${field}`);
    }
  }
  const good = raw("dda-online-approved");
  const { tsi: _tsi, ...noTsi } = good.expect;
  refusal(t, { ...good, expect: noTsi }, "notes.tsi");
  refusal(t, { ...good, notes: { tvr: "short" } }, "notes.tvr");
  refusal(t, { ...good, notes: { odaMethod: "not a status field of the notes" } }, "notes.odaMethod");
});

test("a PIN prompt the scenario has no answer for is a problem: the prompt is cancelled and the scenario fails", async (t) => {
  const scenario = parseScenario({ ...raw("offline-plaintext-pin"), cardholder: { pins: [] } });
  const report = await runScenario(scenario);
  t.false(report.pass);
  t.is(report.actual.outcome, "cancelled");
  t.true(report.problems.some((p) => p.includes("no answer")));
});

test("an override of signed data is re-signed: with resign false the same change fails SDA (B1b7), with the default it does not", async (t) => {
  const base = { ...raw("version-mismatch"), expect: { outcome: "approved" }, notes: ALL_NOTES };
  const resigned = await runScenario(parseScenario(base));
  t.is(resigned.actual.tvr, "0280000000");
  const stale = await runScenario(parseScenario({ ...base, card: { ...base.card, resign: false } }));
  t.is(stale.actual.tvr, "4280000000");
});

test("the PIN digits never reach the report: VERIFY's data is stars, no format 2 block of the PIN appears", async (t) => {
  const report = await runScenario(loadScenario("offline-plaintext-pin-wrong-then-right"));
  const text = JSON.stringify(report);
  t.false(text.includes("241234FFFFFFFFFF"));
  t.false(text.includes("241111FFFFFFFFFF"));
  const verify = report.actual.trace.filter((l) => l.name === "VERIFY");
  t.deepEqual(verify.map((l) => [l.command, l.sw]), [["0020008008" + "*".repeat(16), "63C2"], ["0020008008" + "*".repeat(16), "9000"]]);
});

test("blocked-application over T=0: the final SELECT's 6283 reaches the kernel with the FCI (GET RESPONSE after the warning), and no GET PROCESSING OPTIONS follows", async (t) => {
  const report = await runScenario(loadScenario("blocked-application"));
  const last = report.actual.trace[report.actual.trace.length - 1];
  t.like(last, { name: "SELECT", command: "00A4040007A000000003101000", sw: "6283" });
  t.true(last.response?.startsWith("6F348407A0000000031010"));
  t.false(report.actual.trace.some((l) => l.name === "GET PROCESSING OPTIONS"));
});

function refusal(t: import("ava").ExecutionContext, scenario: unknown, path: string): void {
  const e = t.throws(() => parseScenario(scenario), { code: "SCENARIO_FIELD", instanceOf: ScenarioError });
  t.is(e!.path, path, e!.message);
  if (path) t.true(e!.message.startsWith(`${path}: `));
}

test("malformed scenarios are refused with SCENARIO_FIELD naming the field", (t) => {
  const good = raw("dda-online-approved") as Scenario & Record<string, unknown>;
  refusal(t, { ...good, extra: 1 }, "extra");
  refusal(t, { ...good, expect: { ...good.expect, tvr: "00000400" } }, "expect.tvr");
  refusal(t, { ...good, expect: { ...good.expect, tvrr: "0000040000" } }, "expect.tvrr");
  refusal(t, { ...good, expect: { ...good.expect, cryptograms: ["ARQC", "XYZ"] } }, "expect.cryptograms[1]");
  refusal(t, { ...good, sections: ["chapter 10"] }, "sections[0]");
  refusal(t, { ...good, why: "" }, "why");
  refusal(t, { ...good, cardholder: { pins: ["12"] } }, "cardholder.pins[0]");
  refusal(t, { ...good, host: { answer: "maybe" } }, "host.answer");
  refusal(t, { ...good, host: { answer: "unreachable", responseCode: "00" } }, "host");
  refusal(t, { ...good, transaction: { amount: -1, date: "261125" } }, "transaction.amount");
  refusal(t, { ...good, card: { profile: "../cards/sda" } }, "card.profile");
  refusal(t, { ...good, terminal: { randomNumber: 100 } }, "terminal.randomNumber");
  refusal(t, "not an object", "");
});

test("a scenario whose card or override cannot be set up: unknown profile SCENARIO_FILE, bad path SCENARIO_FIELD, refused profile SCENARIO_SETUP", async (t) => {
  const good = raw("sda-offline-approved");
  await t.throwsAsync(() => runScenario(parseScenario({ ...good, card: { profile: "no-such-card" } })), { code: "SCENARIO_FILE" });
  await t.throwsAsync(() => runScenario(parseScenario({ ...good, card: { profile: "sda", set: { "applications[9].data.5A": "00" } } })), { code: "SCENARIO_FIELD" });
  await t.throwsAsync(() => runScenario(parseScenario({ ...good, card: { profile: "sda", set: { "applications[0].data.5A": "4761739001010011" } } })), { code: "SCENARIO_SETUP" });
  await t.throwsAsync(() => runScenario(parseScenario({ ...good, terminal: { set: { "aids[0].floorLimit": -5 } } })), { code: "SCENARIO_SETUP" });
  t.throws(() => loadScenario("no-such-scenario"), { code: "SCENARIO_FILE" });
});

test("the README's table lists every scenario of the folder, and nothing else", (t) => {
  const readme = readFileSync(join(scenariosDir(), "README.md"), "utf8");
  const suite = readme.slice(readme.indexOf("## The suite"));
  const listed = [...suite.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]).sort();
  t.deepEqual(listed, [...names].sort());
});

test("overrides: a path replaces a value or a whole object, null removes a field or a list item, the source is left as it was", (t) => {
  const source = { a: { b: [1, 2, 3], c: { d: "x" } }, e: true };
  const out = applyOverrides(source, { "a.b[1]": null, "a.c": { f: 1 }, e: null, "a.g": "new" }, "set");
  t.deepEqual(out, { a: { b: [1, 3], c: { f: 1 }, g: "new" } });
  t.deepEqual(source, { a: { b: [1, 2, 3], c: { d: "x" } }, e: true });
  for (const path of ["a..b", "a.b[x]", "__proto__.polluted", "a.b[7]", "e.f.g", ""]) {
    t.throws(() => applyOverrides(source, { [path]: 1 }, "set"), { code: "SCENARIO_FIELD" }, path);
  }
  t.is(({} as Record<string, unknown>).polluted, undefined);
});

test("trace lines: a PAN in a command's DOL data or in a response that is not BER-TLV keeps only its first 6 and last 4 digits; VERIFY data is stars", (t) => {
  const pans = ["4761739001010028"];
  const generateAc = traceLine({ command: fromHex("80AE80000C4761739001010028000000000000"), response: fromHex("9000"), redacted: false }, pans);
  t.is(generateAc.command, "80AE80000C476173******0028000000000000");
  const raw = traceLine({ command: fromHex("00B2010C00"), response: fromHex("FF47617390010100289000"), redacted: false }, pans);
  t.is(raw.response, "FF476173******0028");
  const verify = traceLine({ command: fromHex("0020008008" + "0000000000000000"), response: fromHex("63C2"), redacted: true }, pans);
  t.deepEqual(verify, { name: "VERIFY", command: "0020008008" + "*".repeat(16), sw: "63C2" });
  const malformed = traceLine({ command: fromHex("0020008008" + "00".repeat(10)), response: fromHex("6A80"), redacted: true }, pans);
  t.is(malformed.command, "00200080" + "*".repeat(22), "a VERIFY whose length field is wrong shows nothing after its header");
  const removed = traceLine({ command: fromHex("00B2011400"), redacted: false, error: "CARD_REMOVED" }, pans);
  t.deepEqual(removed, { name: "READ RECORD", command: "00B2011400", error: "CARD_REMOVED" });
});
