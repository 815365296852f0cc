/**
 * `xspos tlv`, `xspos emv decode` and `xspos emv dol` run as a user runs
 * them, on card data other projects published (sources named by each
 * vector in test/modules/emv/vectors.ts).
 */
import test, { type ExecutionContext } from "ava";
import { MAESTRO, OPENEMV, MASTERCARD_PPSE } from "../modules/emv/vectors.ts";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { ensureBuilt, root, xspos, type Run } from "./support.ts";

test.before(ensureBuilt);

const hex = (spaced: string): string => spaced.replace(/\s+/g, "");

test("tlv: the Mastercard PPSE answer as a tree, with the application's AID and label under BF0C/61", (t) => {
  const r = xspos("tlv", MASTERCARD_PPSE);
  t.is(r.status, 0);
  const [fci] = r.json;
  t.is(fci.tag, "6F");
  const a5 = fci.children.find((c: any) => c.tag === "A5");
  const entry = a5.children[0].children[0];
  t.is(entry.tag, "61");
  t.is(entry.children.find((c: any) => c.tag === "4F").value, "A0000000041010");
  t.is(entry.children.find((c: any) => c.tag === "50").decoded, "Debit MasterCard");
});

test("tlv: a record's track 2 equivalent, name and PAN are masked unless --reveal", (t) => {
  const masked = xspos("tlv", hex(OPENEMV.visaRecord));
  t.is(masked.status, 0);
  t.false(masked.stdout.includes("4761739001010119"), "no full PAN");
  t.false(masked.stdout.includes("EXPIRED/CARD"), "no cardholder name");
  const revealed = xspos("tlv", "--reveal", hex(OPENEMV.visaRecord));
  t.true(revealed.stdout.includes("4761739001010119D22122011758928889"));
  t.true(revealed.stdout.includes("EXPIRED/CARD"));
});

test("tlv: openemv's malformed record (9F1F announcing a byte it lacks) is TLV_LENGTH with exit 2", (t) => {
  const r = xspos("tlv", hex(OPENEMV.visaRecordMalformed));
  t.is(r.status, 2);
  t.is(r.json.error.code, "TLV_LENGTH");
});

test("emv decode tvr 0000008000: byte 4 bit 8, 'Transaction exceeds floor limit' (Book 3 Annex C5)", (t) => {
  const r = xspos("emv", "decode", "tvr", "0000008000");
  t.is(r.status, 0);
  t.deepEqual(r.json.set, [{ byte: 4, bit: 8, name: "Transaction exceeds floor limit" }]);
});

test("emv decode by tag, any case: 9f07 is the Maestro card's Application Usage Control", (t) => {
  const r = xspos("emv", "decode", "9f07", hex(MAESTRO.auc));
  t.is(r.status, 0);
  t.is(r.json.field, "auc");
  t.is(r.json.set.length, 10, "FF C0: the eight bits of byte 1 and the first two of byte 2");
});

test("emv decode cvm-list: openemv test 3, X = 100000, Y = 1000, one rule", (t) => {
  const r = xspos("emv", "decode", "cvm-list", hex(OPENEMV.cvmList3));
  t.is(r.status, 0);
  t.is(r.json.amountX, 100000);
  t.is(r.json.amountY, 1000);
  t.is(r.json.rules.length, 1);
});

test("emv decode: a name that is no field, __proto__ included, is EMV_FIELD; a wrong length is EMV_FIELD_LENGTH", (t) => {
  for (const name of ["__proto__", "constructor", "toString", "nothing"]) {
    const r = xspos("emv", "decode", name, "00");
    t.is(r.status, 2, name);
    t.is(r.json.error.code, "EMV_FIELD", name);
  }
  t.is(xspos("emv", "decode", "tvr", "0000").json.error.code, "EMV_FIELD_LENGTH");
});

test("emv dol: Maestro's CDOL2 from a tag → hex object, each entry's fill by Book 3 §5.4", (t) => {
  const r = xspos("emv", "dol", "--dol", hex(MAESTRO.cdol2), "--data", '{"8A":"3030","95":"0000008000","9F37":"1234567"}');
  t.is(r.status, 2, "an odd number of hex digits is refused");
  t.is(r.json.error.code, "HEX_INVALID");
  const ok = xspos("emv", "dol", "--dol", hex(MAESTRO.cdol2), "--data", '{"8A":"3030","95":"0000008000","9F37":"12345678"}');
  t.is(ok.status, 0);
  t.is(ok.json.length, 10 + 2 + 5 + 4 + 8);
  t.deepEqual(
    ok.json.entries.map((e: any) => [e.tag, e.fill]),
    [["91", "absent"], ["8A", "copied"], ["95", "copied"], ["9F37", "copied"], ["9F4C", "absent"]],
  );
  t.is(ok.json.data, "00000000000000000000" + "3030" + "0000008000" + "12345678" + "0000000000000000");
});

test("emv dol: a numeric value longer than asked keeps its rightmost digits, a shorter one gets leading zeros (§5.4 c)", (t) => {
  const r = xspos("emv", "dol", "--dol", "9F02039F1A03", "--data", '{"9F02":"000000012345","9F1A":"0250"}');
  t.is(r.status, 0);
  t.deepEqual(r.json.entries.map((e: any) => [e.value, e.fill]), [["012345", "truncated"], ["000250", "padded"]]);
});

test("emv dol: data past 255 bytes is DOL_TOO_LONG; --data that is not a JSON object is INPUT_FORMAT; a bad tag is TLV_TAG", (t) => {
  t.is(xspos("emv", "dol", "--dol", "9F02FF9F0201").json.error.code, "DOL_TOO_LONG");
  t.is(xspos("emv", "dol", "--dol", "9F0206", "--data", "[1]").json.error.code, "INPUT_FORMAT");
  t.is(xspos("emv", "dol", "--dol", "9F0206", "--data", '{"9F":"00"}').json.error.code, "TLV_TAG");
  t.is(xspos("emv", "dol", "--dol", "9F0206", "--data", '{"9F02":1}').json.error.code, "INPUT_FORMAT");
});

// pyemv (github.com/knovichikhin/pyemv) tests/test_cvn_hsm.py: the issuer master key 0123456789ABCDEFFEDCBA9876543210,
// PAN 1234567890123456, PSN 00, ATC 001C; the terminal data of the Visa tests, then the card's CVR
const PYEMV_VISA_DATA = "000000004000" + "000000000000" + "0124" + "8000048000" + "0124" + "191105" + "01" + "52BF4585" + "1800" + "001C";
const PYEMV_MC_DATA = "000000009999" + "000000000000" + "0124" + "8000000000" + "0124" + "209906" + "00" + "ABCDEF12" + "1800" + "001C";
const pyemv = ["--imk", "0123456789ABCDEFFEDCBA9876543210", "--pan", "1234567890123456", "--psn", "00", "--atc", "001C"];

test("emv cryptogram: pyemv's Visa CVN 10 ARQC is matched and its ARPC (method 1, ARC 3030) computed", (t) => {
  const r = xspos("emv", "cryptogram", ...pyemv, "--session-key", "visa-cvn10", "--data", PYEMV_VISA_DATA + "03A06010", "--arqc", "29CCA15AE665FA2E", "--arc", "3030");
  t.is(r.status, 0);
  t.like(r.json, { arqc: "29CCA15AE665FA2E", arqcMatches: true, arpcMethod: 1, arpc: "28993816AFAE4AEB" });
});

test("emv cryptogram: pyemv's Mastercard CVN 16 (SKD with the UN) gives its ARQC and ARPC", (t) => {
  const r = xspos("emv", "cryptogram", ...pyemv, "--session-key", "mastercard", "--un", "ABCDEF12", "--data", PYEMV_MC_DATA + "A00003220000", "--arc", "0010");
  t.is(r.status, 0);
  t.like(r.json, { r: "001C0000ABCDEF12", arqc: "24CCF3DEE3158C70", arpc: "73F6BBF389A6586C" });
});

test("emv cryptogram: --un outside mastercard is a USAGE error; a wrong ARQC reports arqcMatches false", (t) => {
  const u = xspos("emv", "cryptogram", ...pyemv, "--session-key", "common", "--un", "ABCDEF12", "--data", PYEMV_MC_DATA);
  t.is(u.status, 2);
  t.is(u.json.error.code, "USAGE");
  const w = xspos("emv", "cryptogram", ...pyemv, "--session-key", "visa-cvn10", "--data", PYEMV_VISA_DATA + "03A06010", "--arqc", "29CCA15AE665FA2F");
  t.is(w.status, 0);
  t.false(w.json.arqcMatches);
});

test("emv run: the online-PIN test card approved online, its full PAN and the PIN nowhere in the output", (t) => {
  const r = xspos("emv", "run", "--card", "online-pin", "--amount", "1000", "--online", "approve", "--pin", "4321");
  t.is(r.status, 0);
  t.like(r.json, { outcome: "approved", path: "online", onlinePin: true, pan: "476173******0051" });
  t.false(r.stdout.includes("4761739001010051"), "the card's PAN (test/emv/cards/online-pin.json) is masked in the trace");
  t.false(r.stdout.includes("4321"), "the PIN typed");
});

test("emv run: the host declining gives a declined outcome; --scenario with --card is a USAGE error", (t) => {
  const r = xspos("emv", "run", "--card", "online-pin", "--amount", "1000", "--online", "decline", "--pin", "4321");
  t.is(r.status, 0);
  t.is(r.json.outcome, "declined");
  const u = xspos("emv", "run", "--scenario", "dda-online-approved", "--card", "dda");
  t.is(u.status, 2);
  t.is(u.json.error.code, "USAGE");
});

/** The README's `emv oda` example's arguments (its CA key named by --rid and --index). */
const odaReadmeArgs = (): string[] => readFileSync(join(root, "README.md"), "utf8").match(/\$ npx xspos emv oda ([^\n]*)/)![1].split(" ");

test("emv oda: openemv's Visa 94 issuer certificate against a PAN of another issuer fails at the issuer identifier", (t) => {
  const readme = odaReadmeArgs();
  const at = readme.indexOf("--pan");
  readme[at + 1] = "5413330089020011";
  const r = xspos("emv", "oda", ...readme);
  t.is(r.status, 0);
  t.is(r.json.verdict, "failed");
  t.is(r.json.step, "issuer-key");
  t.is(r.json.reason, "issuer-identifier");
});

test("emv capk: every key's computed check value equals the one given, the test CA keys among them", (t) => {
  const r = xspos("emv", "capk");
  t.is(r.status, 0);
  t.true(r.json.count >= 7);
  for (const k of r.json.keys) t.is(k.computed, k.checksum, `${k.rid} ${k.index}`);
  t.true(r.json.keys.some((k: any) => k.source !== "sample"), "the project's test CA keys are listed");
});

test("emv run without --online: the dda card's ARQC ends unable to go online, exit 0", (t) => {
  const r = xspos("emv", "run", "--card", "dda", "--amount", "3000", "--pin", "1234");
  t.is(r.status, 0);
  t.like(r.json, { path: "unable-to-go-online", host: "unreachable", problems: [] });
  const u = xspos("emv", "run", "--card", "dda", "--online", "approve");
  t.is(u.status, 2);
  t.is(u.json.error.code, "USAGE");
  t.true(u.json.error.message.includes("--card and --amount"));
});

test("emv run --scenario all: one JSON with every scenario's result and a summary, exit 0 when all pass", (t) => {
  const r = xspos("emv", "run", "--scenario", "all");
  t.is(r.status, 0);
  t.is(r.json.suite, "all");
  t.true(r.json.pass);
  t.is(r.json.summary.scenarios, r.json.results.length);
  t.true(r.json.summary.scenarios >= 40);
  t.deepEqual([r.json.summary.failed, r.json.summary.failedScenarios], [0, []]);
});

test("emv run --scenario FOLDER and FILE: a scenario failing its expectation exits 1 with its report; a malformed one exits 2 with SCENARIO_FIELD", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-cli-scenarios-"));
  const good = JSON.parse(readFileSync(join(root, "test/emv/scenarios/sda-offline-approved.json"), "utf8"));
  writeFileSync(join(dir, "sda-offline-approved.json"), JSON.stringify(good));
  const ok = xspos("emv", "run", "--scenario", dir);
  t.is(ok.status, 0);
  t.deepEqual(ok.json.summary, { scenarios: 1, passed: 1, failed: 0, failedScenarios: [] });
  const wrong = join(dir, "sda-wrong-tsi.json");
  writeFileSync(wrong, JSON.stringify({ ...good, name: "sda-wrong-tsi", expect: { ...good.expect, tsi: "0000" } }));
  const folder = xspos("emv", "run", "--scenario", dir);
  t.is(folder.status, 1);
  t.false(folder.json.pass);
  t.deepEqual(folder.json.summary.failedScenarios, ["sda-wrong-tsi"]);
  const one = xspos("emv", "run", "--scenario", wrong);
  t.is(one.status, 1);
  t.like(one.json, { scenario: "sda-wrong-tsi", pass: false });
  t.deepEqual(one.json.checks.filter((c: any) => !c.pass).map((c: any) => c.field), ["tsi"]);
  writeFileSync(join(dir, "broken.json"), JSON.stringify({ ...good, name: "broken", expect: { outcome: "maybe" } }));
  const bad = xspos("emv", "run", "--scenario", dir);
  t.is(bad.status, 2);
  t.is(bad.json.error.code, "SCENARIO_FIELD");
});

test("emv run --help and xspos --help show --card and --amount as required and --online as optional in the transaction form, --scenario alone in the other", (t) => {
  const transaction = "xspos emv run --card CARD --amount MINOR [--online approve|decline|unreachable] [--config FILE] [--pin DIGITS]";
  const scenario = "xspos emv run --scenario NAME|FILE|FOLDER|all";
  const help = xspos("emv", "run", "--help");
  t.is(help.status, 0);
  const lines = help.stdout.split("\n");
  t.is(lines[0], `usage: ${transaction}`);
  t.is(lines[1], `   or: ${scenario}`);
  const global = xspos("--help").stdout.split("\n").map((l) => l.trim());
  t.true(global.includes(transaction));
  t.true(global.includes(scenario));
});

test("emv capk --config FILE lists only the keys that configuration holds; without it the sample's and the test CA's", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-cli-capk-"));
  const file = join(dir, "terminal.json");
  writeFileSync(file, JSON.stringify({ ...SAMPLE_CONFIG, caKeys: SAMPLE_CONFIG.caKeys.slice(0, 2) }));
  const r = xspos("emv", "capk", "--config", file);
  t.is(r.status, 0);
  t.deepEqual(r.json.keys.map((k: any) => `${k.source} ${k.rid} ${k.index}`), SAMPLE_CONFIG.caKeys.slice(0, 2).map((k) => `config ${k.rid} ${k.index}`));
  t.is(r.json.count, 2);
  const all = xspos("emv", "capk");
  t.deepEqual([...new Set(all.json.keys.map((k: any) => k.source))], ["sample", "test"]);
});

test("emv capk --config with a file that does not exist exits 2 with FILE_UNREADABLE naming the path", (t) => {
  const missing = join(tmpdir(), "xspos-cli-capk-no-such-dir", "terminal.json");
  const r = xspos("emv", "capk", "--config", missing);
  t.is(r.status, 2);
  t.is(r.json.error.code, "FILE_UNREADABLE");
  t.true(r.json.error.message.includes(missing));
});

/** A `--config` that names no file and one that names a directory. */
function unreadableConfigs(): string[] {
  return [join(tmpdir(), "xspos-cli-config-no-such-dir", "terminal.json"), mkdtempSync(join(tmpdir(), "xspos-cli-config-dir-"))];
}

/** Exit 2 with the error envelope alone: `{"error":{"code","message"}}`. */
function assertError(t: ExecutionContext, r: Run, code: string, what: string): void {
  t.is(r.status, 2, what);
  t.deepEqual(Object.keys(r.json), ["error"], what);
  t.deepEqual(Object.keys(r.json.error), ["code", "message"], what);
  t.is(r.json.error.code, code, what);
}

test("emv run --config with a missing file or a directory exits 2 with FILE_UNREADABLE naming the path; an unreadable --scenario file stays SCENARIO_FILE", (t) => {
  for (const config of unreadableConfigs()) {
    const r = xspos("emv", "run", "--card", "dda", "--amount", "3000", "--config", config);
    assertError(t, r, "FILE_UNREADABLE", config);
    t.true(r.json.error.message.startsWith("--config: "), r.json.error.message);
    t.true(r.json.error.message.includes(config), r.json.error.message);
  }
  const scenario = xspos("emv", "run", "--scenario", join(tmpdir(), "xspos-cli-config-no-such-dir", "scenario.json"));
  assertError(t, scenario, "SCENARIO_FILE", "--scenario");
});

test("emv oda --config with a missing file or a directory exits 2 with FILE_UNREADABLE naming the path", (t) => {
  for (const config of unreadableConfigs()) {
    const r = xspos("emv", "oda", ...odaReadmeArgs(), "--config", config);
    assertError(t, r, "FILE_UNREADABLE", config);
    t.true(r.json.error.message.startsWith("--config: "), r.json.error.message);
    t.true(r.json.error.message.includes(config), r.json.error.message);
  }
});
