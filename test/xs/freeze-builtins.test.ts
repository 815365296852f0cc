import test from "ava";
import { startXs } from "../../tools/xs-worker.ts";

// what the suites' code does on a Moddable host, in a strict script: the
// "override mistake" of assigning a property that Object.prototype holds
const OVERRIDE = `"use strict";
const send = (m) => issueCommand(new TextEncoder().encode(JSON.stringify(m)).buffer);
function Point() {}
try { Point.prototype.toString = () => "point"; send({ threw: null }); } catch (e) { send({ threw: String(e) }); }`;

const FROZEN = `"use strict";
const send = (m) => issueCommand(new TextEncoder().encode(JSON.stringify(m)).buffer);
const proto = Object.getPrototypeOf;
const objects = { "Object.prototype": Object.prototype, Object, "Function.prototype": Function.prototype, "Error.prototype": Error.prototype,
  Math, JSON, Reflect, "%TypedArray%": proto(Uint8Array), "%TypedArray%.prototype": proto(Uint8Array.prototype),
  "%IteratorPrototype%": proto(proto([][Symbol.iterator]())), "%ArrayIteratorPrototype%": proto([][Symbol.iterator]()),
  "%GeneratorFunction%.prototype": proto(function* () {}), "%AsyncFunction%.prototype": proto(async function () {}),
  "%ThrowTypeError%": Object.getOwnPropertyDescriptor(Function.prototype, "caller").get };
const open = Object.keys(objects).filter((k) => !Object.isFrozen(objects[k]));
globalThis.setTimeout ??= () => {};
send({ open, globalOpen: !Object.isFrozen(globalThis), setTimeout: typeof globalThis.setTimeout });`;

const NOT_WRITABLE = /^TypeError: .*set toString: not writable$/;

async function override(freezeBuiltins: boolean): Promise<unknown> {
  const worker = await startXs(undefined, { freezeBuiltins });
  try {
    const run = await worker.evaluate(OVERRIDE);
    return (run.messages[0] as { threw: unknown }).threw;
  } finally {
    await worker.close();
  }
}

test("in the XS worker, assigning toString on a plain prototype throws TypeError, as on a Moddable host", async (t) => {
  const threw = await override(true);
  t.is(typeof threw, "string");
  t.regex(threw as string, NOT_WRITABLE);
});

test("with freezeBuiltins false, the same assignment succeeds", async (t) => {
  t.is(await override(false), null);
});

test("the XS worker's built-ins, named and unnamed, are frozen; the global object stays open to new properties", async (t) => {
  const worker = await startXs();
  try {
    const run = await worker.evaluate(FROZEN);
    t.deepEqual(run.messages, [{ open: [], globalOpen: true, setTimeout: "function" }]);
  } finally {
    await worker.close();
  }
});
