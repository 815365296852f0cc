/**
 * Property tests of two command lines run in-process (runXspos): the
 * options of `xspos emv run` and the `--data` JSON of `xspos emv dol`.
 * Whatever they are given (a valid command line with an option replaced,
 * cut short, dropped or added; random option lists; random JSON and text
 * as --data), each run ends in a result (status 0, or 1 for a scenario
 * that fails its checks) or in status 2 with a typed error's code: never
 * an internal fault (status 70).
 */
import test, { type ExecutionContext } from "ava";
import fc from "fast-check";
import { runXspos } from "../../hosts/cli/run.ts";

/** How a run ended: "ok" for status 0, "failed-check" for 1, else the error code of status 2; any other status fails the property. */
async function cliOutcome(argv: string[]): Promise<string> {
  const r = await runXspos(argv);
  if (r.status === 0) return "ok";
  if (r.status === 1) return "failed-check";
  if (r.status !== 2) throw new Error(`status ${r.status} for ${JSON.stringify(argv)}: ${r.stdout}`);
  return JSON.parse(r.stdout).error.code;
}

function count(seen: Map<string, number>, code: string): void {
  seen.set(code, (seen.get(code) ?? 0) + 1);
}

function allowed(t: ExecutionContext, seen: Map<string, number>, codes: readonly string[]): void {
  const unexpected = [...seen.keys()].filter((c) => c !== "ok" && !codes.includes(c));
  t.deepEqual(unexpected, [], `codes outside the documented ones: ${unexpected.join(", ")}`);
  t.log([...seen].map(([c, n]) => `${c} ${n}`).join(", "));
}

/** Hex text of 0 to `maxLength` digits, odd lengths too, either case. */
const hexText = (maxLength: number) => fc.string({ unit: fc.constantFrom(..."0123456789ABCDEFabcdef"), maxLength });

/** hosts/cli's input errors */
const CLI_CODES = ["USAGE", "INPUT_FORMAT", "INPUT_TOO_LARGE"];
/** hosts/emv-scenarios' errors (README.md's `emv run` section), and a configuration the terminal refuses */
const RUN_CODES = ["EMV_RUN_INPUT", "SCENARIO_FILE", "SCENARIO_FIELD", "SCENARIO_SETUP"];

const RUN_ARGV = ["--card", "dda", "--amount", "3000", "--online", "approve", "--pin", "1234"];
const RUN_OPTIONS = ["card", "amount", "online", "pin", "config", "scenario"];

/** argv with one option's value replaced by random text or hex, cut short or dropped, or a random option added. */
function argvMutations(argv: string[]) {
  const values = argv.map((_, i) => i).filter((i) => i % 2 === 1);
  const text = fc.oneof(hexText(40), fc.string({ maxLength: 30 }), fc.constantFrom("approve", "decline", "unreachable", "0", "-1", "1e3", "99999999999999", "sda", "cda", "all"));
  return fc.oneof(
    fc.tuple(fc.constantFrom(...values), text).map(([i, v]) => argv.map((a, j) => (j === i ? v : a))),
    fc.tuple(fc.constantFrom(...values), fc.nat()).map(([i, n]) => argv.map((a, j) => (j === i ? a.slice(0, n % (a.length + 1)) : a))),
    fc.constantFrom(...values).map((i) => argv.filter((_, j) => j !== i && j !== i - 1)),
    fc.tuple(fc.constantFrom(...RUN_OPTIONS, "colour", "help"), text).map(([name, v]) => [...argv, `--${name}`, v]),
  );
}

/** Random command lines made of emv run's options (and strays) with random values, or none. */
const randomRunArgv = fc.array(
  fc.oneof(
    fc.constantFrom(...RUN_OPTIONS.map((o) => `--${o}`), "--", "-x"),
    hexText(12),
    fc.constantFrom("dda", "sda", "offline-plaintext-pin", "3000", "0", "approve", "decline"),
  ),
  { maxLength: 8 },
);

test("xspos emv run in-process: its command line with an option replaced, cut short, dropped or added, and random option lists, end in status 0 or 2 with a documented code", async (t) => {
  const seen = new Map<string, number>();
  t.is(await cliOutcome(["emv", "run", ...RUN_ARGV]), "ok", "the command line as documented");
  for (const argv of fc.sample(argvMutations(RUN_ARGV), { numRuns: 80, seed: 9101 })) count(seen, await cliOutcome(["emv", "run", ...argv]));
  for (const argv of fc.sample(randomRunArgv, { numRuns: 80, seed: 9102 })) count(seen, await cliOutcome(["emv", "run", ...argv]));
  t.false(seen.has("failed-check"), "no random command line names a scenario that runs and fails");
  // FILE_UNREADABLE: a random --config names no file the command line can read
  allowed(t, seen, [...CLI_CODES, "FILE_UNREADABLE", ...RUN_CODES]);
  t.true((seen.get("ok") ?? 0) > 0 && seen.size > 2, "both results and refusals were met");
});

const DOL = "9F02069F03069F1A0295055F2A029A039C019F37045A0A";
const DATA = '{"9F02":"000000001000","5F2A":"0978","9A":"261125","9F37":"1A2B3C4D"}';

/** --data text: random JSON values, objects of random keys to random values, valid data with a value replaced, random text. */
const dataText = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.dictionary(fc.oneof(hexText(8), fc.string({ maxLength: 6 })), fc.oneof(hexText(40), fc.jsonValue({ maxDepth: 1 }))).map((o) => JSON.stringify(o)),
  fc.tuple(fc.constantFrom("9F02", "5F2A", "9A", "9F37"), fc.oneof(hexText(600), fc.jsonValue({ maxDepth: 1 }))).map(([tag, v]) => JSON.stringify({ ...JSON.parse(DATA), [tag]: v })),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('{"9F02":"00","9f02":"01"}', '{"9F02":"0"}', '{"DF8101":"00"}', '{"":"00"}', '{"1F":"00"}', "{"),
);

/** the codes README.md's `emv dol` section lists: hosts/cli's, the DOL's, the TLV encoder's and the hex reader's */
const DOL_CODES = [...CLI_CODES, "DOL_FORMAT", "DOL_TOO_LONG", "TLV_TAG", "HEX_INVALID"];

test("xspos emv dol in-process: any --data text (random JSON, random tag → value objects, valid data with a value replaced, random text) ends in status 0 or 2 with a documented code", async (t) => {
  const seen = new Map<string, number>();
  t.is(await cliOutcome(["emv", "dol", "--dol", DOL, "--data", DATA]), "ok", "valid data");
  for (const data of fc.sample(dataText, { numRuns: 400, seed: 9201 })) count(seen, await cliOutcome(["emv", "dol", "--dol", DOL, "--data", data]));
  allowed(t, seen, DOL_CODES);
  t.true((seen.get("ok") ?? 0) > 0 && seen.size > 2, "both results and refusals were met");
});
