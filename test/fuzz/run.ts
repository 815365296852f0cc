/**
 * `npm run fuzz -- [--inputs N] [--seed S] [--parser NAME[,NAME]] [--engine node|xs] [--summary]`
 * fuzzes every parser the terminal exposes (test/fuzz/targets) and prints
 * one JSON document; `--summary` prints a line per parser instead, with
 * its rate and its slowest input. The closing line is `fuzz: N passed,
 * N failed` (parsers), and `, N skipped` on XS for the Node-only ones.
 * Failing inputs and each parser's slowest input are written under
 * fuzz-failures/; `npm run fuzz -- --replay <file>` runs one again. Exits
 * 1 on any failure, 2 on a bad command line (a `--replay` file that cannot
 * be read or replayed among them).
 */
import { join } from "node:path";
import { replay, runTargets, type Engine, type RunDocument } from "./node-runner.ts";
import { ALL_TARGETS as TARGETS } from "./targets/node-only.ts";

const USAGE = "usage: npm run fuzz -- [--inputs N] [--seed S] [--parser NAME[,NAME...]] [--engine node|xs] [--summary] | --replay <file> [--engine node|xs]";

const INTEGER = /^[0-9]+$/;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]) {
  const o: { inputs: number; seed: number; parsers?: string[]; engine?: Engine; replay?: string; summary: boolean } = { inputs: 1_000_000, seed: 1, summary: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => argv[++i] ?? fail(`${flag} needs a value`);
    const integer = (v: string) => (INTEGER.test(v) ? Number(v) : fail(`${flag} takes a non-negative integer, got ${v}`));
    if (flag === "--inputs") o.inputs = integer(value());
    else if (flag === "--seed") o.seed = integer(value()) >>> 0;
    else if (flag === "--parser") o.parsers = value().split(",");
    else if (flag === "--engine") {
      const e = value();
      if (e !== "node" && e !== "xs") fail(`--engine is node or xs, got ${e}`);
      o.engine = e;
    } else if (flag === "--replay") o.replay = value();
    else if (flag === "--summary") o.summary = true;
    else if (flag === "--help" || flag === "-h") {
      process.stdout.write(`${USAGE}\nparsers: ${TARGETS.map((t) => t.name).join(", ")}\n`);
      process.exit(0);
    } else fail(`unknown option ${flag}`);
  }
  return o;
}

function summaryLine(engine: Engine, p: RunDocument["parsers"][number]): string {
  const head = `${p.passed ? "✔" : "✘"} [${engine}] ${p.parser}: ${p.inputs} inputs, ${p.accepted} accepted, ${p.typedErrors.total} typed errors`;
  const forms = p.roundTrip ? Object.entries(p.roundTrip.nonCanonicalByForm).map(([form, n]) => `${form} ${n}`) : [];
  const trip = p.roundTrip
    ? `, round trip ${p.roundTrip.identical} identical / ${p.roundTrip.nonCanonical} non-canonical${forms.length ? ` (${forms.join(", ")})` : ""} / ${p.roundTrip.mismatches} mismatched`
    : "";
  const slowest = `slowest ${p.slowest.ms} ms (${p.slowest.length} bytes, --replay ${p.slowestReplay})`;
  const lines = [`  ${head}${trip}, ${(p.totalMs / 1000).toFixed(2)} s, ${p.inputsPerSecond}/s, ${slowest}`];
  p.failures.forEach((f, i) => lines.push(`      ${f.kind} ×${f.count}: ${f.error}\n      replay: npm run fuzz -- --replay ${p.reproducers[i]}`));
  return lines.join("\n");
}

const options = parse(process.argv.slice(2));
if (options.replay) {
  let result: Awaited<ReturnType<typeof replay>>;
  try {
    result = await replay(options.replay, TARGETS, options.engine);
  } catch (error) {
    // a file that cannot be replayed is a bad command line, not a failing input
    fail(`--replay: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stdout.write(JSON.stringify({ replay: options.replay, ...result }, null, 2) + "\n");
  process.exit(result.failing ? 1 : 0);
}

const names = options.parsers ?? TARGETS.map((t) => t.name);
const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
if (unknown.length) fail(`no parser named ${unknown.join(", ")}; there are ${TARGETS.map((t) => t.name).join(", ")}`);
const engine = options.engine ?? "node";
const document = await runTargets(
  TARGETS.filter((t) => names.includes(t.name)),
  {
    engine,
    inputs: options.inputs,
    seed: options.seed,
    failureDir: join(new URL("../..", import.meta.url).pathname, "fuzz-failures"),
    progress: process.stderr.isTTY ? (line) => process.stderr.write(`${line}\r`) : undefined,
  },
);
const closing = `fuzz: ${document.passed} passed, ${document.failed} failed${document.skipped.length ? `, ${document.skipped.length} skipped` : ""}`;
if (options.summary) {
  for (const p of document.parsers) process.stdout.write(summaryLine(engine, p) + "\n");
  for (const k of document.skipped) process.stdout.write(`  – [${engine}] ${k.parser}: skipped, ${k.reason}\n`);
  process.stdout.write(`  ${engine}: ${options.inputs} inputs per parser, seed ${options.seed}, ${(document.totalMs / 1000).toFixed(1)} s\n\n${closing}\n`);
} else {
  process.stdout.write(JSON.stringify(document, null, 2) + "\n");
  process.stderr.write(`${closing}\n`);
}
process.exit(document.failed > 0 ? 1 : 0);
