/**
 * The Node side of fuzzing: runs targets on Node or on XS, writes each
 * distinct failure, and each parser's slowest input, as a reproducer
 * file, and replays one.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fromHex } from "../../modules/core/hex.ts";
import { fuzzTarget, runInput, type FailureRecord, type FuzzTarget, type Outcome, type TargetReport } from "./harness.ts";
import { startXsFuzzer, type XsFuzzer } from "./xs-engine.ts";

export type Engine = "node" | "xs";

export interface RunOptions {
  engine: Engine;
  inputs: number;
  seed: number;
  /** where reproducers go */
  failureDir: string;
  /** a line on stderr now and then (long runs on a terminal) */
  progress?: (line: string) => void;
}

/**
 * A reproducer file: enough to run the input again, on either engine. A
 * failure's (`untyped`, `mismatch`) or a parser's slowest input (`slowest`,
 * with the time it took).
 */
export interface Reproducer {
  parser: string;
  seed: number;
  index: number;
  kind: FailureRecord["kind"] | "slowest";
  engine: Engine;
  hex: string;
  error?: string;
  stack?: string;
  /** the slowest input's time when it was found, ms */
  ms?: number;
}

/** A target the engine cannot run, and why. */
export interface SkippedTarget {
  parser: string;
  reason: string;
}

export interface RunDocument {
  engine: Engine;
  seed: number;
  inputsPerParser: number;
  parsers: (TargetReport & { reproducers: string[]; slowestReplay: string })[];
  /** Node-only targets on XS */
  skipped: SkippedTarget[];
  passed: number;
  failed: number;
  totalMs: number;
}

const root = new URL("../..", import.meta.url).pathname;

function write(dir: string, name: string, record: Reproducer): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(record, null, 2) + "\n");
  return relative(root, path) || path;
}

/** Writes a failing input; returns its path relative to the project (what `--replay` takes). */
export function writeReproducer(dir: string, failure: FailureRecord, engine: Engine): string {
  return write(dir, `${failure.parser}-${engine}-seed${failure.seed}-${failure.index}.json`, { ...failure, engine });
}

/** Writes a parser's slowest input; returns its path, as {@link writeReproducer} does. */
export function writeSlowest(dir: string, report: TargetReport, engine: Engine): string {
  const { parser, seed, slowest } = report;
  return write(dir, `${parser}-${engine}-seed${seed}-slowest.json`, { parser, seed, index: slowest.index, kind: "slowest", engine, hex: slowest.hex, ms: slowest.ms });
}

/** Fuzzes each target in turn; every distinct failure and each slowest input is written as a reproducer. */
export async function runTargets(targets: readonly FuzzTarget[], options: RunOptions): Promise<RunDocument> {
  const start = performance.now();
  const parsers: RunDocument["parsers"] = [];
  const skipped: SkippedTarget[] = [];
  let xs: XsFuzzer | undefined;
  try {
    for (const target of targets) {
      let report: TargetReport;
      let failures: FailureRecord[] = [];
      if (options.engine === "xs") {
        if (target.nodeOnly) {
          skipped.push({ parser: target.name, reason: `Node only: ${target.nodeOnly}` });
          continue;
        }
        xs ??= await startXsFuzzer();
        ({ report, failures } = await xs.fuzz(target.name, options.inputs, options.seed));
      } else {
        report = await fuzzTarget(target, {
          inputs: options.inputs,
          seed: options.seed,
          now: () => performance.now(),
          onFailure: (f) => void failures.push(f),
          onProgress: options.progress && ((done) => options.progress!(`fuzz: ${target.name} ${done}/${options.inputs}`)),
        });
      }
      parsers.push({
        ...report,
        reproducers: failures.map((f) => writeReproducer(options.failureDir, f, options.engine)),
        slowestReplay: writeSlowest(options.failureDir, report, options.engine),
      });
    }
  } finally {
    await xs?.close();
  }
  const failed = parsers.filter((p) => !p.passed).length;
  return {
    engine: options.engine,
    seed: options.seed,
    inputsPerParser: options.inputs,
    parsers,
    skipped,
    passed: parsers.length - failed,
    failed,
    totalMs: Math.round(performance.now() - start),
  };
}

/** Whether an outcome is a failure (an untyped exception or a round-trip mismatch). */
export function isFailure(outcome: Outcome): boolean {
  return outcome.kind === "untyped" || outcome.kind === "mismatch";
}

/**
 * Runs a reproducer's input again (a failure, or a slowest input), on the
 * engine asked for (by default the one that found it), and times it.
 */
export async function replay(path: string, targets: readonly FuzzTarget[], engine?: Engine): Promise<{ parser: string; kind: Reproducer["kind"]; engine: Engine; outcome: Outcome; failing: boolean; ms: number }> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`cannot read ${path}: give a file the runner wrote under fuzz-failures/`);
  }
  let record: Reproducer;
  try {
    record = JSON.parse(text) as Reproducer;
  } catch {
    throw new Error(`${path} is not JSON: give a file the runner wrote under fuzz-failures/`);
  }
  const target = targets.find((t) => t.name === record.parser);
  if (!target) throw new Error(`${path} names the parser ${record.parser}, which the registry does not have`);
  const on = engine ?? record.engine ?? "node";
  let outcome: Outcome;
  let ms: number;
  if (on === "xs") {
    if (target.nodeOnly) throw new Error(`${record.parser} runs on Node only (${target.nodeOnly})`);
    const xs = await startXsFuzzer();
    try {
      ({ outcome, ms } = await xs.replay(record.parser, record.hex));
    } finally {
      await xs.close();
    }
  } else {
    const t0 = performance.now();
    outcome = await runInput(target, fromHex(record.hex));
    ms = performance.now() - t0;
  }
  return { parser: record.parser, kind: record.kind, engine: on, outcome, failing: isFailure(outcome), ms: Math.round(ms * 1000) / 1000 };
}
