/**
 * The harness against toy parsers with known faults: a TypeError on some
 * input must be reported as an untyped exception with a reproducer that
 * replays it; a round trip that changes the meaning must be a mismatch,
 * one that only changes the bytes in a documented canonical form must be
 * counted as non-canonical by that form, and one that changes them in any
 * other way is a mismatch even when the meaning holds. The slowest input
 * is in the report and replays.
 */
import test from "ava";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { XsposError } from "../../modules/core/error.ts";
import { defineTarget, fuzzTarget } from "./harness.ts";
import { replay, runTargets } from "./node-runner.ts";

/** Sums bytes; a 0x42 first byte trips a bug (a TypeError), an empty input is refused with a code. */
const broken = defineTarget({
  name: "toy-broken",
  description: "a checksum with a bug on inputs starting 42",
  seeds: [Uint8Array.of(1, 2, 3)],
  run(input) {
    if (input.length === 0) throw new XsposError("TOY_EMPTY", "nothing to sum");
    if (input[0] === 0x42) (undefined as unknown as { x: number }).x;
    return input.reduce((a, b) => a + b, 0);
  },
});

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

const LEADING_ZEROS = "leading zeros";

/** Leading zeros are the toy's one documented canonical form: `input` without them is `again`. */
function leadingZeros(input: Uint8Array, again: Uint8Array): string[] | undefined {
  let at = 0;
  while (at < input.length - 1 && input[at] === 0x30) at++;
  return at > 0 && String.fromCharCode(...input.subarray(at)) === String.fromCharCode(...again) ? [LEADING_ZEROS] : undefined;
}

/**
 * Decimal numbers as ASCII digits. Leading zeros are accepted and
 * dropped on the way back (non-canonical, documented); the encoder loses
 * the last digit of numbers over 99999 (a mismatch).
 */
const digits = defineTarget<number>({
  name: "toy-digits",
  description: "decimal digits to a number and back",
  seeds: [ascii("0042"), ascii("123"), ascii("1234567")],
  run(input) {
    if (input.length === 0 || input.length > 12 || input.some((b) => b < 0x30 || b > 0x39)) throw new XsposError("TOY_DIGITS", "not 1-12 digits");
    return Number(String.fromCharCode(...input));
  },
  encode: (n) => ascii(n > 99999 ? String(n).slice(0, -1) : String(n)),
  canonical: leadingZeros,
});

function scratch(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "xspos-fuzz-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test("a TypeError is an untyped exception: counted, the run fails, and its reproducer replays it", async (t) => {
  const dir = scratch(t);
  const run = await runTargets([broken], { engine: "node", inputs: 3000, seed: 5, failureDir: dir });
  const [report] = run.parsers;
  t.false(report.passed);
  t.is(run.failed, 1);
  t.true(report.untypedExceptions > 0);
  t.true(report.typedErrors.byCode.TOY_EMPTY > 0, "the typed refusals are counted by code");
  t.is(report.untypedExceptions + report.typedErrors.total + report.accepted, 3000);
  t.is(report.failures.length, 1, "one distinct failure");
  t.regex(report.failures[0].error, /^TypeError: /);
  t.is(report.failures[0].count, report.untypedExceptions);
  const file = join(dir, `toy-broken-node-seed5-${report.failures[0].index}.json`);
  t.true(existsSync(file));
  const record = JSON.parse(readFileSync(file, "utf8"));
  t.like(record, { parser: "toy-broken", seed: 5, kind: "untyped", engine: "node" });
  t.true(record.hex.startsWith("42"));
  const again = await replay(file, [broken]);
  t.true(again.failing);
  t.is(again.outcome.kind, "untyped");
});

test("npm run fuzz -- --replay of a file that does not exist exits 2 with a message naming the file", (t) => {
  const missing = join(scratch(t), "iso87b-node-seed7-1234.json");
  const root = fileURLToPath(new URL("../..", import.meta.url));
  const r = spawnSync(process.execPath, [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "test", "fuzz", "run.ts"), "--replay", missing], { cwd: root, encoding: "utf8" });
  t.is(r.status, 2);
  t.true(r.stderr.includes(`--replay: cannot read ${missing}`), r.stderr);
  t.false(r.stderr.includes("ENOENT"), "no uncaught exception");
});

test("a round trip that changes the meaning is a mismatch; one that only changes the bytes in a documented form is non-canonical, by form", async (t) => {
  const dir = scratch(t);
  const run = await runTargets([digits], { engine: "node", inputs: 3000, seed: 9, failureDir: dir });
  const [report] = run.parsers;
  t.false(report.passed);
  t.is(report.untypedExceptions, 0);
  t.true(report.roundTrip!.mismatches > 0);
  t.true(report.roundTrip!.nonCanonical > 0);
  t.deepEqual(report.roundTrip!.nonCanonicalByForm, { [LEADING_ZEROS]: report.roundTrip!.nonCanonical });
  t.true(report.roundTrip!.identical > 0);
  t.is(report.roundTrip!.identical + report.roundTrip!.nonCanonical, report.accepted, "accepted: the round trip holds");
  t.is(report.accepted + report.roundTrip!.mismatches + report.typedErrors.total, 3000);
  t.is(report.failures[0].kind, "mismatch");
  const again = await replay(join(dir, `toy-digits-node-seed9-${report.failures[0].index}.json`), [digits]);
  t.true(again.failing);
  t.is(again.outcome.kind, "mismatch");
});

test("a parser without faults passes, and the same seed gives the same inputs and counts", async (t) => {
  const fine = defineTarget({ ...digits, name: "toy-fine", encode: (n: number) => ascii(String(n)) });
  const options = { inputs: 2000, seed: 3, now: () => 0 };
  const first = await fuzzTarget(fine, options);
  const second = await fuzzTarget(fine, options);
  t.true(first.passed);
  t.deepEqual(second, first);
  const other = await fuzzTarget(fine, { ...options, seed: 4 });
  t.notDeepEqual(other.typedErrors, first.typedErrors);
});

test("other bytes of the same meaning outside the documented forms are a mismatch, not non-canonical", async (t) => {
  // the same toy without its documented form: leading zeros are then an undocumented difference
  const undocumented = defineTarget({ ...digits, name: "toy-undocumented", encode: (n: number) => ascii(String(n)), canonical: undefined });
  const report = await fuzzTarget(undocumented, { inputs: 3000, seed: 9, now: () => 0 });
  t.false(report.passed);
  t.is(report.roundTrip!.nonCanonical, 0);
  t.true(report.roundTrip!.mismatches > 0);
  t.is(report.failures[0].error, "re-encoded as other bytes, in none of the documented canonical forms");
});

test("the report holds the slowest input's bytes, and its reproducer replays it", async (t) => {
  const dir = scratch(t);
  let clock = 0;
  // time passes only while the toy sums an input that starts 07: each of those is "slow"
  const slow = defineTarget({
    ...broken,
    name: "toy-slow",
    run(input: Uint8Array) {
      if (input[0] === 0x07) clock += input.length + 1;
      return input.reduce((a, b) => a + b, 0);
    },
  });
  const report = await fuzzTarget(slow, { inputs: 2000, seed: 11, now: () => clock });
  t.true(report.slowest.hex.startsWith("07"), report.slowest.hex);
  t.is(report.slowest.hex.length, 2 * report.slowest.length);
  const run = await runTargets([slow], { engine: "node", inputs: 2000, seed: 11, failureDir: dir });
  const file = run.parsers[0].slowestReplay;
  t.regex(file, /toy-slow-node-seed11-slowest\.json$/);
  const record = JSON.parse(readFileSync(join(dir, file.split("/").pop()!), "utf8"));
  t.like(record, { parser: "toy-slow", seed: 11, kind: "slowest", engine: "node" });
  const again = await replay(join(dir, file.split("/").pop()!), [slow]);
  t.false(again.failing);
  t.is(again.outcome.kind, "accepted");
  t.is(typeof again.ms, "number");
});
