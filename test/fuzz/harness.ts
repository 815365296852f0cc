/**
 * The fuzzing harness, portable (it runs on Node and on XS): feeds a
 * parser random and mutated inputs, sorts what happens to each — accepted,
 * refused with a typed error, or a failure — and checks round trips.
 *
 * A failure is an exception that is not an `XsposError` (a parser must
 * refuse bad input with a typed error), or an accepted input whose
 * re-encoding does not parse back to the same value, or comes back as
 * other bytes in a way the module does not document. An accepted input
 * that re-encodes to other bytes of the same meaning, in one of the
 * target's documented canonical forms (a non-minimal length, a pad nibble
 * F, hex in lower case, padding, an empty secondary bitmap), is counted as
 * non-canonical, by form, not failed.
 */
import { isXsposError } from "../../modules/core/error.ts";
import { toHex } from "../../modules/core/hex.ts";
import { mutate, type MutationContext } from "./mutate.ts";
import { FuzzRandom, streamSeed } from "./random.ts";

/** One parser the terminal exposes to the outside, as the harness drives it. */
export interface FuzzTarget<P = unknown> {
  name: string;
  /** what is parsed, in a line */
  description: string;
  /** valid inputs (vectors from the tests), the starting points of mutation */
  seeds: Uint8Array[];
  /** a fresh input shaped for the parser, usually valid */
  generate?(r: FuzzRandom): Uint8Array;
  /** the parser: returns what it made of the input, or throws */
  run(input: Uint8Array): P | Promise<P>;
  /** the encoder of the round trip: what `run` returned, back to bytes */
  encode?(parsed: P, input: Uint8Array): Uint8Array;
  /** whether two results mean the same (default: structural equality) */
  same?(a: P, b: P): boolean;
  /**
   * The documented canonical forms (the module's README names them) that
   * explain why the re-encoding `again` differs from `input`, or undefined
   * when the difference is none of them. Without it, any byte difference
   * in the round trip is a failure.
   */
  canonical?(input: Uint8Array, again: Uint8Array): string[] | undefined;
  /** why the target cannot run on XS (a Node-only library), when it cannot */
  nodeOnly?: string;
  /** the exported functions it drives, as `path#name` from the project root (test/fuzz/coverage.test.ts) */
  covers?: readonly string[];
  /** tokens that mean something to the parser, spliced in by mutation */
  dictionary?: Uint8Array[];
  /** inputs never grow past this many bytes (default 1024) */
  maxLength?: number;
}

/** Erases a target's result type for the registry. */
export function defineTarget<P>(target: FuzzTarget<P>): FuzzTarget {
  return target as unknown as FuzzTarget;
}

/** What one input did. */
export type Outcome =
  | { kind: "accepted"; roundTrip?: "identical" | "non-canonical"; forms?: string[] }
  | { kind: "typed"; code: string }
  | { kind: "untyped"; error: string; stack?: string }
  | { kind: "mismatch"; error: string };

/** A failing input, as the runner writes it for replay. */
export interface FailureRecord {
  parser: string;
  seed: number;
  index: number;
  kind: "untyped" | "mismatch";
  error: string;
  stack?: string;
  hex: string;
}

/** Distinct failures of one parser: the first input of each kind of failure, and how often it happened. */
export interface FailureSummary {
  kind: "untyped" | "mismatch";
  error: string;
  count: number;
  index: number;
}

/** What one parser did with its inputs: accepted + typed errors + untyped exceptions + round-trip mismatches = inputs. */
export interface TargetReport {
  parser: string;
  seed: number;
  inputs: number;
  /** parsed (and, where there is a round trip, it held: identical or non-canonical) */
  accepted: number;
  /** refused with an XsposError, by code */
  typedErrors: { total: number; byCode: Record<string, number> };
  /** anything else thrown: failures */
  untypedExceptions: number;
  /** where the parser has an encoder; mismatches are failures, non-canonical inputs are not */
  roundTrip?: {
    identical: number;
    nonCanonical: number;
    mismatches: number;
    /** non-canonical inputs by the documented form that explains them (an input may show several) */
    nonCanonicalByForm: Record<string, number>;
    nonCanonicalExample?: string;
  };
  failures: FailureSummary[];
  /** the input that took longest: its index in the seed's stream and its bytes, to replay it */
  slowest: { ms: number; index: number; length: number; hex: string };
  totalMs: number;
  inputsPerSecond: number;
  passed: boolean;
}

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** milliseconds from any origin (performance.now on both engines) */
  now: () => number;
  /** called with the first input of each distinct failure */
  onFailure?: (failure: FailureRecord) => void;
  /** called every 65,536 inputs with the number done */
  onProgress?: (done: number) => void;
}

/** Distinct failures kept per parser; the rest are only counted. */
const MAX_DISTINCT_FAILURES = 20;
/** Longest fresh random input, bytes. */
const MAX_FRESH = 64;

function isThenable<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

function describe(e: unknown): { error: string; stack?: string } {
  if (e instanceof Error) {
    const stack = typeof e.stack === "string" ? e.stack.split("\n").slice(0, 6).join("\n") : undefined;
    return { error: `${e.name}: ${e.message}`, stack };
  }
  return { error: `non-Error thrown: ${String(e)}` };
}

function thrown(e: unknown): Outcome {
  if (isXsposError(e)) return { kind: "typed", code: e.code };
  return { kind: "untyped", ...describe(e) };
}

/** Structural equality of parse results: primitives, arrays, typed arrays, maps, plain objects. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !sameValue(v, m.get(k))) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The round trip of an accepted input: identical bytes, the same meaning in documented other bytes, or a mismatch. */
function roundTrip(target: FuzzTarget, input: Uint8Array, parsed: unknown): Outcome | Promise<Outcome> {
  if (!target.encode) return { kind: "accepted" };
  let again: Uint8Array;
  try {
    again = target.encode(parsed, input);
  } catch (e) {
    const o = thrown(e);
    if (o.kind === "typed") return { kind: "mismatch", error: `accepted, but the encoder refuses the result (${o.code})` };
    return o.kind === "untyped" ? { ...o, error: `in the encoder: ${o.error}` } : o;
  }
  if (sameBytes(again, input)) return { kind: "accepted", roundTrip: "identical" };
  let forms: string[] | undefined;
  try {
    forms = target.canonical?.(input, again);
  } catch (e) {
    return { kind: "untyped", ...describe(e), error: `in the canonical-form check: ${describe(e).error}` };
  }
  if (!forms || forms.length === 0) return { kind: "mismatch", error: "re-encoded as other bytes, in none of the documented canonical forms" };
  const same = target.same ?? sameValue;
  const compare = (reparsed: unknown): Outcome =>
    same(parsed, reparsed)
      ? { kind: "accepted", roundTrip: "non-canonical", forms }
      : { kind: "mismatch", error: "re-encoded, the result parses to something else" };
  const refused = (e: unknown): Outcome => {
    const o = thrown(e);
    if (o.kind === "typed") return { kind: "mismatch", error: `re-encoded, the result is refused (${o.code})` };
    return o.kind === "untyped" ? { ...o, error: `parsing the re-encoding: ${o.error}` } : o;
  };
  try {
    const reparsed = target.run(again);
    return isThenable(reparsed) ? Promise.resolve(reparsed).then(compare, refused) : compare(reparsed);
  } catch (e) {
    return refused(e);
  }
}

/** Runs one input through a target (fuzzing and replay alike). */
export function runInput(target: FuzzTarget, input: Uint8Array): Outcome | Promise<Outcome> {
  let result: unknown;
  try {
    result = target.run(input);
  } catch (e) {
    return thrown(e);
  }
  if (isThenable(result)) return Promise.resolve(result).then((v) => roundTrip(target, input, v), thrown);
  return roundTrip(target, input, result);
}

/** The next input: fresh random bytes, a generated input as is, or a mutation of a seed or a generated input. */
function nextInput(target: FuzzTarget, r: FuzzRandom, context: MutationContext): Uint8Array {
  const roll = r.int(100);
  if (roll < 10) return r.bytes(r.int(Math.min(MAX_FRESH, context.maxLength) + 1));
  const generated = target.generate && (target.seeds.length === 0 || roll < 40);
  const base = generated ? target.generate!(r) : r.pick(target.seeds);
  if (generated && roll < 25) return base.length > context.maxLength ? base.slice(0, context.maxLength) : base;
  return mutate(base, r, context);
}

const NUMBERS = /[0-9]+/g;

/** Failures are grouped by their message with the numbers taken out (positions, lengths). */
function signature(kind: string, error: string): string {
  return kind + ":" + error.replace(NUMBERS, "#");
}

/**
 * Fuzzes one target with `options.inputs` inputs from the seeded stream
 * of `options.seed` and the target's name; the same seed gives the same
 * inputs on either engine.
 */
export async function fuzzTarget(target: FuzzTarget, options: FuzzOptions): Promise<TargetReport> {
  const { inputs, seed, now } = options;
  const r = new FuzzRandom(streamSeed(seed, target.name));
  const context: MutationContext = { seeds: target.seeds, dictionary: target.dictionary ?? [], maxLength: target.maxLength ?? 1024 };
  const byCode: Record<string, number> = {};
  const distinct = new Map<string, FailureSummary>();
  let accepted = 0;
  let typed = 0;
  let untyped = 0;
  let identical = 0;
  let nonCanonical = 0;
  let mismatches = 0;
  let nonCanonicalExample: string | undefined;
  const byForm: Record<string, number> = {};
  let slowest: { ms: number; index: number; input: Uint8Array } = { ms: -1, index: -1, input: new Uint8Array(0) };
  const start = now();
  for (let index = 0; index < inputs; index++) {
    const input = nextInput(target, r, context);
    const t0 = now();
    let outcome = runInput(target, input);
    if (isThenable(outcome)) outcome = await outcome;
    const ms = now() - t0;
    if (ms > slowest.ms) slowest = { ms, index, input };
    switch (outcome.kind) {
      case "accepted":
        accepted++;
        if (outcome.roundTrip === "identical") identical++;
        else if (outcome.roundTrip === "non-canonical") {
          nonCanonical++;
          nonCanonicalExample ??= toHex(input.subarray(0, 128));
          for (const form of outcome.forms ?? []) byForm[form] = (byForm[form] ?? 0) + 1;
        }
        break;
      case "typed":
        typed++;
        byCode[outcome.code] = (byCode[outcome.code] ?? 0) + 1;
        break;
      default: {
        if (outcome.kind === "untyped") untyped++;
        else mismatches++;
        const key = signature(outcome.kind, outcome.error);
        const known = distinct.get(key);
        if (known) known.count++;
        else if (distinct.size < MAX_DISTINCT_FAILURES) {
          distinct.set(key, { kind: outcome.kind, error: outcome.error, count: 1, index });
          options.onFailure?.({
            parser: target.name,
            seed,
            index,
            kind: outcome.kind,
            error: outcome.error,
            ...(outcome.kind === "untyped" && outcome.stack ? { stack: outcome.stack } : {}),
            hex: toHex(input),
          });
        }
      }
    }
    if (options.onProgress && (index & 0xffff) === 0xffff) options.onProgress(index + 1);
  }
  const totalMs = now() - start;
  const report: TargetReport = {
    parser: target.name,
    seed,
    inputs,
    accepted,
    typedErrors: { total: typed, byCode: Object.fromEntries(Object.entries(byCode).sort()) },
    untypedExceptions: untyped,
    failures: [...distinct.values()],
    slowest: { ms: round(slowest.ms), index: slowest.index, length: slowest.input.length, hex: toHex(slowest.input) },
    totalMs: round(totalMs),
    inputsPerSecond: totalMs > 0 ? Math.round((inputs * 1000) / totalMs) : 0,
    passed: untyped === 0 && mismatches === 0,
  };
  if (target.encode) {
    const nonCanonicalByForm = Object.fromEntries(Object.entries(byForm).sort());
    report.roundTrip = { identical, nonCanonical, mismatches, nonCanonicalByForm, ...(nonCanonicalExample ? { nonCanonicalExample } : {}) };
  }
  return report;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
