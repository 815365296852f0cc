/**
 * The part of ava's API the portable suites use, for running them on the
 * XS engine (xsnap), where ava itself cannot run. Results go to the Node
 * parent through xsnap's `issueCommand`. A suite that uses an assertion
 * this file lacks fails on XS with a message saying so.
 */

import { sendToParent } from "../../tools/xs-send.ts";

type Implementation = (t: Assertions) => unknown;

interface Registered {
  title: string;
  fn?: Implementation;
  skip: boolean;
}

const tests: Registered[] = [];
const titles = new Set<string>();

class AssertionError extends Error {
  override name = "AssertionError";
}

function send(message: object): void {
  sendToParent(message);
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Uint8Array || value instanceof Float64Array || value instanceof Uint32Array) {
    return `${value.constructor.name}[${Array.from(value as ArrayLike<number>).join(",")}]`;
  }
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 400 ? s.slice(0, 400) + "…" : s;
  } catch {
    return String(value);
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !deepEqual(v, b.get(k))) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v)) return false;
    return true;
  }
  if (a instanceof Error && b instanceof Error && a.message !== b.message) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

interface ThrowsExpectation {
  instanceOf?: new (...args: never[]) => unknown;
  code?: unknown;
  message?: string | RegExp | ((m: string) => boolean);
  name?: string;
  is?: unknown;
  any?: boolean;
}

function checkThrown(error: unknown, expected: ThrowsExpectation | undefined, message?: string): void {
  const fail = (why: string) => {
    throw new AssertionError(`${message ? message + ": " : ""}${why}; got ${error instanceof Error ? `${error.name}: ${error.message}` : show(error)}`);
  };
  if (!expected) return;
  if (!expected.any && !(error instanceof Error)) fail("thrown value is not an Error");
  const e = error as Error & { code?: unknown };
  if (expected.instanceOf && !(error instanceof expected.instanceOf)) fail(`expected an instance of ${expected.instanceOf.name}`);
  if ("code" in expected && e.code !== expected.code) fail(`expected code ${show(expected.code)}`);
  if (expected.name !== undefined && e.name !== expected.name) fail(`expected name ${expected.name}`);
  if ("is" in expected && error !== expected.is) fail("expected a given error object");
  const m = expected.message;
  if (typeof m === "string" && e.message !== m) fail(`expected message ${show(m)}`);
  if (m instanceof RegExp && !m.test(e.message)) fail(`expected message matching ${m}`);
  if (typeof m === "function" && !m(e.message)) fail("message does not satisfy the predicate");
}

class Assertions {
  #teardowns: (() => unknown)[] = [];
  #planned: number | undefined;
  assertions = 0;
  readonly title: string;

  constructor(title: string) {
    this.title = title;
  }

  #check(ok: boolean, why: string, message?: string): void {
    this.assertions++;
    if (!ok) throw new AssertionError(message ? `${message}: ${why}` : why);
  }

  pass(): void {
    this.assertions++;
  }
  fail(message?: string): void {
    this.#check(false, "test failed via t.fail()", message);
  }
  is(actual: unknown, expected: unknown, message?: string): void {
    this.#check(Object.is(actual, expected), `${show(actual)} is not ${show(expected)}`, message);
  }
  not(actual: unknown, expected: unknown, message?: string): void {
    this.#check(!Object.is(actual, expected), `${show(actual)} is ${show(expected)}`, message);
  }
  deepEqual(actual: unknown, expected: unknown, message?: string): void {
    this.#check(deepEqual(actual, expected), `${show(actual)} does not deep-equal ${show(expected)}`, message);
  }
  notDeepEqual(actual: unknown, expected: unknown, message?: string): void {
    this.#check(!deepEqual(actual, expected), `${show(actual)} deep-equals ${show(expected)}`, message);
  }
  like(actual: unknown, selector: Record<string, unknown>, message?: string): void {
    const pick = (value: unknown, sel: unknown): unknown => {
      if (typeof sel !== "object" || sel === null || Array.isArray(sel) || typeof value !== "object" || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(sel)) out[k] = pick((value as Record<string, unknown>)[k], (sel as Record<string, unknown>)[k]);
      return out;
    };
    this.#check(deepEqual(pick(actual, selector), selector), `${show(actual)} is not like ${show(selector)}`, message);
  }
  true(value: unknown, message?: string): void {
    this.#check(value === true, `${show(value)} is not true`, message);
  }
  false(value: unknown, message?: string): void {
    this.#check(value === false, `${show(value)} is not false`, message);
  }
  truthy(value: unknown, message?: string): void {
    this.#check(!!value, `${show(value)} is not truthy`, message);
  }
  falsy(value: unknown, message?: string): void {
    this.#check(!value, `${show(value)} is not falsy`, message);
  }
  regex(text: string, re: RegExp, message?: string): void {
    this.#check(re.test(text), `${show(text)} does not match ${re}`, message);
  }
  notRegex(text: string, re: RegExp, message?: string): void {
    this.#check(!re.test(text), `${show(text)} matches ${re}`, message);
  }
  throws(fn: () => unknown, expected?: ThrowsExpectation, message?: string): unknown {
    this.assertions++;
    try {
      fn();
    } catch (e) {
      checkThrown(e, expected, message);
      return e;
    }
    throw new AssertionError(`${message ? message + ": " : ""}function did not throw`);
  }
  async throwsAsync(thrower: Promise<unknown> | (() => Promise<unknown>), expected?: ThrowsExpectation, message?: string): Promise<unknown> {
    this.assertions++;
    try {
      await (typeof thrower === "function" ? thrower() : thrower);
    } catch (e) {
      checkThrown(e, expected, message);
      return e;
    }
    throw new AssertionError(`${message ? message + ": " : ""}promise did not reject`);
  }
  notThrows(fn: () => unknown, message?: string): void {
    this.assertions++;
    try {
      fn();
    } catch (e) {
      throw new AssertionError(`${message ? message + ": " : ""}function threw ${show(e instanceof Error ? e.message : e)}`);
    }
  }
  async notThrowsAsync(promise: Promise<unknown> | (() => Promise<unknown>), message?: string): Promise<void> {
    this.assertions++;
    try {
      await (typeof promise === "function" ? promise() : promise);
    } catch (e) {
      throw new AssertionError(`${message ? message + ": " : ""}promise rejected with ${show(e instanceof Error ? e.message : e)}`);
    }
  }
  plan(count: number): void {
    this.#planned = count;
  }
  teardown(fn: () => unknown): void {
    this.#teardowns.push(fn);
  }
  log(..._values: unknown[]): void {}

  async finish(): Promise<void> {
    for (const fn of this.#teardowns.reverse()) await fn();
    if (this.#planned !== undefined && this.#planned !== this.assertions) {
      throw new AssertionError(`planned ${this.#planned} assertions, got ${this.assertions}`);
    }
    if (this.assertions === 0) throw new AssertionError("test finished without running any assertion");
  }
}

function register(title: string, fn: Implementation | undefined, skip: boolean): void {
  if (titles.has(title)) throw new Error(`duplicate test title: ${title}`);
  titles.add(title);
  tests.push({ title, fn, skip });
}

function test(title: string, fn: Implementation): void {
  register(title, fn, false);
}
test.serial = test;
test.skip = (title: string, fn: Implementation) => register(title, fn, true);
test.todo = (title: string) => register(title, undefined, true);
test.only = () => {
  throw new Error("test.only is not allowed in a committed suite");
};
for (const hook of ["before", "after", "beforeEach", "afterEach", "macro", "failing"]) {
  (test as unknown as Record<string, unknown>)[hook] = () => {
    throw new Error(`ava's test.${hook} is not supported by the XS runner`);
  };
}

/** Runs every registered test in order; the parent reads the messages. */
async function run(): Promise<void> {
  for (const { title, fn, skip } of tests) {
    if (skip || !fn) {
      send({ type: "skip", title });
      continue;
    }
    const t = new Assertions(title);
    try {
      await fn(t);
      await t.finish();
      send({ type: "pass", title });
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : show(e);
      send({ type: "fail", title, error, stack: e instanceof Error ? String(e.stack ?? "") : "" });
    }
  }
  send({ type: "done" });
}

(globalThis as unknown as Record<string, unknown>).__xsposRun = run;

export default test;
