import test from "ava";
import { runInNewContext } from "node:vm";
// @ts-expect-error a JavaScript build tool without declarations
import { xsLiterals } from "../../tools/xs-literals.mjs";
import { startXs } from "../../tools/xs-worker.ts";

const rewrite = xsLiterals as (code: string, fileName: string) => { text: string; json: number; arrays: number };

/** A bundle as esbuild writes one: module-scope tables, literals in functions and in a class, literals JSON cannot keep. */
const BUNDLE = `
var ROWS = [["42", "Issuer Identification Number (IIN)", "n", 3, 3], ["4F", "Application Dedicated File (ADF) Name", "b", 5, 16], ["50", "Application Label", "ans", 1, 16]];
var LABELS = { SALE: [["SALE", 1]], PREAUTH_COMPLETION: [["PRE-AUTH COMPLETION", 2], ["COMPLETION", 3]], "with space": [[-1.5, 0], [2e21, null], [true, \`plain\`]] };
var SMALL = ["x"];
var EMPTY = [];
var NEGATIVE_ZERO = [-0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
var PROTO = { __proto__: { inherited: 1 }, own: "a long enough string for JSON" };
var REPEATED = { a: 1, b: "a long enough string for JSON", a: 2 };
var HOLES = [1, , 3];
var SPREAD = [...ROWS[0], "more"];
var MIXED = [ROWS.length, "two", [3, 4]];
var COMPUTED = { ["k" + 1]: "a long enough string for JSON, not a table" };
function make(n) { return [n, [n + 1, "x"], { list: [n] }]; }
class Box { items = [1, 2, 3]; get pair() { return [this.items[0], this.items.at(-1)]; } }
`;

/** What the module makes: every value the literals above make, and what tells a literal from its rewrite (prototypes, property order, signs). */
const RESULT = `
var result = JSON.stringify({
  ROWS, LABELS, SMALL, EMPTY, PROTO: [PROTO.own, PROTO.inherited, Object.keys(PROTO)], REPEATED: [Object.keys(REPEATED), REPEATED.a],
  zero: Object.is(NEGATIVE_ZERO[0], -0), HOLES: [HOLES.length, 1 in HOLES], SPREAD, MIXED, COMPUTED, made: make(5), box: new Box().pair,
  arrays: [ROWS, LABELS.SALE, SMALL, EMPTY, MIXED, make(1), make(1)[1]].every((a) => Array.isArray(a) && Object.getPrototypeOf(a) === Array.prototype),
  objects: [LABELS, make(1)[2]].every((o) => Object.getPrototypeOf(o) === Object.prototype),
  fresh: make(1)[1] !== make(1)[1],
});
`;

function evaluateInNode(code: string): unknown {
  const context: { result?: string } = {};
  runInNewContext(`${code}${RESULT}globalThis.result = result;`, context);
  return JSON.parse(context.result ?? "null");
}

test("module-scope data tables become JSON.parse, other arrays Array.of, what JSON or Array.of would change stays a literal", (t) => {
  const out = rewrite(BUNDLE, "bundle.js");
  t.regex(out.text, /^var ROWS = JSON\.parse\("\[\[\\"42\\",/m);
  t.regex(out.text, /^var LABELS = JSON\.parse\(/m);
  // too small for the call to pay: Array.of; empty: left as it is
  t.regex(out.text, /^var SMALL = Array\.of\("x"\);$/m);
  t.regex(out.text, /^var EMPTY = \[\];$/m);
  t.regex(out.text, /^var NEGATIVE_ZERO = Array\.of\(-0, 1,/m);
  t.regex(out.text, /^var PROTO = \{ __proto__:/m);
  t.regex(out.text, /^var REPEATED = \{ a: 1,/m);
  t.regex(out.text, /^var HOLES = \[1, , 3\];$/m);
  t.regex(out.text, /^var SPREAD = \[\.\.\.ROWS\[0\], "more"\];$/m);
  t.regex(out.text, /^var MIXED = Array\.of\(ROWS\.length, "two", Array\.of\(3, 4\)\);$/m);
  t.regex(out.text, /^var COMPUTED = \{ \["k" \+ 1\]:/m);
  // in a function or a class body a literal runs each time: never parsed from JSON
  t.true(out.text.includes('function make(n) { return Array.of(n, Array.of(n + 1, "x"), { list: Array.of(n) }); }'));
  t.true(out.text.includes("items = Array.of(1, 2, 3);"));
  t.true(out.text.includes("return Array.of(this.items[0], this.items.at(-1));"));
  t.is(out.json, 2);
});

test("the rewritten bundle makes the same values as the original in Node", (t) => {
  const original = evaluateInNode(BUNDLE);
  t.deepEqual(evaluateInNode(rewrite(BUNDLE, "bundle.js").text), original);
  t.like(original as object, { zero: true, HOLES: [3, false], arrays: true, objects: true, fresh: true, REPEATED: [["a", "b"], 2] });
});

test("the rewritten bundle makes the same values as the original on XS with the built-ins frozen", async (t) => {
  const xs = await startXs();
  try {
    const send = "issueCommand(new TextEncoder().encode(result).buffer);";
    const original = await xs.evaluate(`${BUNDLE}${RESULT}${send}`);
    const rewritten = await xs.evaluate(`${rewrite(BUNDLE, "bundle.js").text}${RESULT}${send}`);
    t.deepEqual(rewritten.messages, original.messages);
    t.deepEqual(original.messages, [evaluateInNode(BUNDLE)]);
  } finally {
    await xs.close();
  }
});

test("a bracket right after a word gets a space before Array.of", (t) => {
  t.is(rewrite("function f(a) { return[a, 2]; }", "bundle.js").text, "function f(a) { return Array.of(a, 2); }");
});

test("a bundle that declares Array or JSON is refused", (t) => {
  t.throws(() => rewrite("var Array = 1; var x = [1];", "bundle.js"), { message: /declares Array/ });
  t.throws(() => rewrite("function f(JSON) { return JSON; }", "bundle.js"), { message: /declares JSON/ });
});
