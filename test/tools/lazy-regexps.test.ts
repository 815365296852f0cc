import test from "ava";
import { transform } from "esbuild";
import { runInNewContext } from "node:vm";
// @ts-expect-error a JavaScript build tool without declarations
import { lazyRegExps } from "../../tools/lazy-regexps.mjs";
import { startXs } from "../../tools/xs-worker.ts";

const lazy = lazyRegExps as (code: string, fileName: string) => { text: string; literals: number; objects: number };

/** A bundle as esbuild writes one: module-scope variables, an object of patterns, a literal inside a function. */
const BUNDLE = `
var WHITE_SPACE = /\\s+/g;
var HEX = /^[0-9A-F]*$/i;
var HEX_AGAIN = /^[0-9A-F]*$/i;
var PLACEHOLDER = /\\{(\\w+)\\}/g;
var CLASSES = { n: /^[0-9]*$/, an: [/^[A-Za-z0-9 ]*$/] };
var DATE = /^([0-9]{2})-([0-9]{2})$/;
var UNUSED = /^never$/;
function inside(text) { return /x/.test(text); }
`;

/** What the program does with each RegExp: the string methods' protocol, test, exec, lastIndex. */
const USES = `
const uses = () => [
  "a b  c".replace(WHITE_SPACE, ""),
  "a b  c".split(WHITE_SPACE).join("|"),
  [..."x{a}y{b}".matchAll(PLACEHOLDER)].map((m) => m[1]).join(","),
  "x{a}y{b}".replaceAll(PLACEHOLDER, (_, n) => n.toUpperCase()),
  ("x{a}y{b}".match(PLACEHOLDER) ?? []).join(","),
  String("zz12".search(CLASSES.an[0])),
  String(HEX.test("0aF") && !HEX_AGAIN.test("0g")),
  DATE.exec("12-34")?.[2],
  String(CLASSES.n.test("123")),
  String(inside("x")),
  String(DATE),
];
const before = uses().join(" ");
xsposRegExpTable = new Map();
const first = uses().join(" ");
PLACEHOLDER.lastIndex = 0;
PLACEHOLDER.exec("{a}{b}");
const index = PLACEHOLDER.lastIndex;
PLACEHOLDER.lastIndex = 0;
const second = uses().join(" ");
const result = { before, first, second, index, kept: xsposRegExpTable.size };
`;

const EXPECTED = "abc a|b|c a,b xAyB {a},{b} 0 true 34 true true /^([0-9]{2})-([0-9]{2})$/";

test("every module-scope RegExp literal becomes a lazy object, the same stateless pattern one object, a literal in a function stays as it is", (t) => {
  const out = lazy(BUNDLE, "bundle.js");
  t.is(out.literals, 8);
  // HEX_AGAIN shares HEX's object; the two global ones are their own
  t.is(out.objects, 7);
  t.false(/^var (WHITE_SPACE|HEX|PLACEHOLDER|DATE) = \//m.test(out.text));
  t.true(out.text.includes("return /x/.test(text)"));
  const hex = /^var HEX = (xsposRegExpTable\d+);$/m.exec(out.text)?.[1];
  t.is(new RegExp(`^var HEX_AGAIN = ${hex};$`, "m").test(out.text), true);
});

test("the lazy RegExps answer as RegExps in Node, compile nothing into the table before it exists, and keep only those used", (t) => {
  const context: { result?: unknown } = {};
  runInNewContext(`${lazy(BUNDLE, "bundle.js").text}${USES}globalThis.result = result;`, context);
  t.deepEqual(context.result, { before: EXPECTED, first: EXPECTED, second: EXPECTED, index: 3, kept: 6 });
});

test("the lazy RegExps answer as RegExps on XS with the built-ins frozen", async (t) => {
  const xs = await startXs();
  try {
    const run = await xs.evaluate(`${lazy(BUNDLE, "bundle.js").text}${USES}issueCommand(new TextEncoder().encode(JSON.stringify(result)).buffer);`);
    t.deepEqual(run.messages, [{ before: EXPECTED, first: EXPECTED, second: EXPECTED, index: 3, kept: 6 }]);
  } finally {
    await xs.close();
  }
});

test("a bundle minified by esbuild gets the same lazy objects, answering as the unminified bundle's", async (t) => {
  // the Moddable programs' bundles have their names shortened before the RegExps are made lazy (tools/build.mjs)
  const minified = (await transform(BUNDLE, { minify: true })).code;
  const out = lazy(minified, "bundle.js");
  t.is(out.literals, 8);
  t.is(out.objects, 7);
  const context: { result?: unknown } = {};
  runInNewContext(`${out.text}${USES}globalThis.result = result;`, context);
  t.deepEqual(context.result, { before: EXPECTED, first: EXPECTED, second: EXPECTED, index: 3, kept: 6 });
});

test("a bundle that already names the lazy class is refused", (t) => {
  t.throws(() => lazy("var XsposLazyRegExp = 1;", "bundle.js"), { message: /already names/ });
});
