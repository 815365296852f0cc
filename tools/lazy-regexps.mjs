// The firmware's module-scope RegExps as objects compiled in RAM on first
// use (tools/build.mjs applies it to the Moddable programs' preloaded
// module; test/tools/lazy-regexps.test.ts runs its output).
import { parse } from "@babel/parser";

/** AST nodes whose body runs when called, not when the module is evaluated. */
const FUNCTION_NODES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod"]);

/** The class, put first in the firmware module, whose objects stand for its module-scope RegExps. */
export const LAZY_REGEXP = "XsposLazyRegExp";
/** The firmware's table of the RegExps made so far, in RAM: `undefined` until main calls the function the build exports for it (tools/build.mjs, xsposRegExpsToRam). */
export const REGEXP_TABLE = "xsposRegExpTable";

/**
 * Each RegExp is compiled in RAM the first time it is used, then kept in
 * {@link REGEXP_TABLE} (a Map that main makes at start, so that it is in
 * RAM, not preloaded); the object itself, made at preload, holds only its
 * key and source text and stays in flash. It forwards what the firmware
 * does with a RegExp: `test`, `exec`, `lastIndex`, and the protocol of the
 * string methods (`replace`, `split`, `match`, `matchAll`, `search` call
 * the argument's `Symbol.replace` ... method). Before main makes the table
 * (while the module is preloaded) each use compiles a RegExp and drops it.
 */
const LAZY_REGEXP_CLASS = `/** A module-scope RegExp, compiled in RAM on first use (tools/build.mjs, lazyRegExps). */
var ${REGEXP_TABLE};
class ${LAZY_REGEXP} {
  constructor(key, source, flags) { this.key = key; this.source = source; this.flags = flags; }
  get regExp() {
    const table = ${REGEXP_TABLE};
    if (table === undefined) return new RegExp(this.source, this.flags);
    let made = table.get(this.key);
    if (made === undefined) table.set(this.key, (made = new RegExp(this.source, this.flags)));
    return made;
  }
  get global() { return this.flags.includes("g"); }
  get lastIndex() { return this.regExp.lastIndex; }
  set lastIndex(value) { this.regExp.lastIndex = value; }
  test(text) { return this.regExp.test(text); }
  exec(text) { return this.regExp.exec(text); }
  [Symbol.match](text) { return this.regExp[Symbol.match](text); }
  [Symbol.matchAll](text) { return this.regExp[Symbol.matchAll](text); }
  [Symbol.replace](text, replacement) { return this.regExp[Symbol.replace](text, replacement); }
  [Symbol.search](text) { return this.regExp[Symbol.search](text); }
  [Symbol.split](text, limit) { return this.regExp[Symbol.split](text, limit); }
  toString() { return \`/\${this.source}/\${this.flags}\`; }
}
`;

/**
 * Replaces each RegExp literal at module scope in the firmware bundle by a
 * {@link LAZY_REGEXP}, compiled in RAM on first use. A preloaded RegExp
 * does not work on the Moddable SDK 8.2.3: the linker freezes it (a
 * global one throws "lastIndex: not writable" in `replace`), and its
 * `exec` keeps its match data in `c_malloc` memory in a slot the garbage
 * collector takes for a chunk (xsre.c `fxAllocateRegExpData`), so a
 * collection during a match corrupts the heap (seen as a crash in
 * `fx_RegExp_prototype_exec` on the simulator). Copying every one to RAM
 * at start held some seventy (28.7 KB in the simulator) whether or not
 * anything used them; now the heap holds those used so far. Literals with
 * the same source and flags, neither `g` nor `y` (whose `lastIndex` is
 * state), share one object and one compiled RegExp. Literals inside
 * functions are left as they are (tools/check-regex-scope.mjs keeps them
 * out of modules/ and drivers/). Returns the new text and the count of
 * literals and of distinct objects.
 */
export function lazyRegExps(code, fileName) {
  if (code.includes(LAZY_REGEXP) || code.includes(REGEXP_TABLE)) throw new Error(`${fileName} already names ${LAZY_REGEXP} or ${REGEXP_TABLE}`);
  const ast = parse(code, { sourceType: "module", sourceFilename: fileName });
  const literals = [];
  const skipped = (key) => key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments");
  const visit = (node, inFunction) => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inFunction));
    if (!node || typeof node.type !== "string") return;
    if (node.type === "RegExpLiteral" && !inFunction) literals.push(node);
    const inside = inFunction || FUNCTION_NODES.has(node.type);
    for (const [key, child] of Object.entries(node)) if (!skipped(key) && child && typeof child === "object") visit(child, inside);
  };
  visit(ast.program, false);
  const keys = new Map();
  const declarations = [];
  const names = literals.map((node) => {
    const stateless = !/[gy]/.test(node.flags);
    const text = `${node.flags}/${node.pattern}`;
    if (stateless && keys.has(text)) return keys.get(text);
    const name = `${REGEXP_TABLE}${declarations.length}`;
    declarations.push(`var ${name} = new ${LAZY_REGEXP}(${declarations.length}, ${JSON.stringify(node.pattern)}, ${JSON.stringify(node.flags)});`);
    if (stateless) keys.set(text, name);
    return name;
  });
  let out = code;
  for (let i = literals.length - 1; i >= 0; i--) out = out.slice(0, literals[i].start) + names[i] + out.slice(literals[i].end);
  return { text: `${LAZY_REGEXP_CLASS}${declarations.join("\n")}\n${out}`, literals: literals.length, objects: declarations.length };
}
