// The firmware's array and object literals in the forms XS compiles
// smallest (tools/build.mjs applies it to the Moddable programs'
// preloaded module; test/tools/xs-literals.test.ts runs its output).
import { parse } from "@babel/parser";

/** AST nodes whose body runs when called (or for each object made), not once when the module is evaluated. */
const DEFERRED_NODES = new Set([
  "FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod",
  "ClassProperty", "ClassPrivateProperty", "ClassAccessorProperty", "StaticBlock",
]);

/** The globals the rewritten literals call: the module must not declare these names. */
const CALLED = new Set(["Array", "JSON"]);

/** Keys of a node that hold a binding's name (declarations, parameters, imports). */
const BINDING_KEYS = new Set(["id", "params", "param", "local"]);

/**
 * The value a literal node stands for, when it is data that JSON keeps
 * exactly (strings, finite numbers but -0, booleans, null, arrays without
 * holes or spreads, objects of plain keyed properties, no key twice, no
 * `__proto__`); `undefined` otherwise.
 */
function dataOf(node) {
  switch (node.type) {
    case "StringLiteral":
    case "BooleanLiteral":
      return node.value;
    case "NullLiteral":
      return null;
    case "NumericLiteral":
      return Number.isFinite(node.value) ? node.value : undefined;
    case "UnaryExpression":
      if (node.operator !== "-" || node.argument.type !== "NumericLiteral" || node.argument.value === 0 || !Number.isFinite(node.argument.value)) return undefined;
      return -node.argument.value;
    case "TemplateLiteral":
      return node.expressions.length === 0 && typeof node.quasis[0].value.cooked === "string" ? node.quasis[0].value.cooked : undefined;
    case "ArrayExpression": {
      const out = [];
      for (const element of node.elements) {
        const value = element === null ? undefined : dataOf(element);
        if (value === undefined) return undefined;
        out.push(value);
      }
      return out;
    }
    case "ObjectExpression": {
      const entries = [];
      for (const property of node.properties) {
        if (property.type !== "ObjectProperty" || property.computed || property.shorthand) return undefined;
        const key = property.key.type === "Identifier" ? property.key.name : property.key.type === "StringLiteral" ? property.key.value : undefined;
        if (key === undefined || key === "__proto__") return undefined;
        const value = dataOf(property.value);
        if (value === undefined) return undefined;
        entries.push([key, value]);
      }
      if (new Set(entries.map(([key]) => key)).size !== entries.length) return undefined;
      return Object.fromEntries(entries);
    }
    default:
      return undefined;
  }
}

/**
 * About the bytes of XS bytecode that make a data value as a literal (its
 * arrays as `Array.of` calls): a string is its op, length, UTF-8 bytes and
 * terminator; an object, its creation and, for each property, the object,
 * the value, the property's name and flags.
 */
function literalBytes(value) {
  if (typeof value === "string") return 3 + Buffer.byteLength(value);
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 128 ? 2 : Number.isInteger(value) && Math.abs(value) < 32768 ? 3 : 9;
  if (value === null || typeof value === "boolean") return 1;
  if (Array.isArray(value)) return 10 + value.reduce((sum, element) => sum + literalBytes(element), 0);
  return 5 + Object.values(value).reduce((sum, property) => sum + 7 + literalBytes(property), 0);
}

/** About the bytes of XS bytecode of `JSON.parse(text)`: the call (the global, its method, the run) and the string. */
function parseBytes(text) {
  return 11 + 3 + Buffer.byteLength(text);
}

/** True for an array literal that `Array.of` makes the same: no holes, no spreads. */
function isPlainArray(node) {
  return node.type === "ArrayExpression" && node.elements.every((element) => element !== null && element.type !== "SpreadElement");
}

/**
 * Rewrites the literals of a bundle into forms that XS (Moddable SDK
 * 8.2.3, xsCode.c) compiles to less bytecode, each making the same value:
 *
 * - an array or object literal evaluated once, at the module's top level,
 *   that holds only data (see {@link dataOf}) becomes `JSON.parse` of its
 *   JSON text, when that is the smaller ({@link parseBytes},
 *   {@link literalBytes}): XS compiles a literal into code that builds it element by
 *   element (an array of tuples takes about twice its source text), where
 *   a string is its bytes. On a preloaded module the parse runs once, when
 *   the firmware is preloaded, and its objects are kept in flash as the
 *   literal's would be. Those in functions and class bodies stay literals
 *   (each call would parse again);
 * - every other array literal without holes or spreads becomes a call of
 *   `Array.of` with its elements as the arguments: XS sets an array
 *   literal's length and then each element by its index from a temporary
 *   (8 bytes an element besides its value), where the call's arguments
 *   are their values.
 *
 * Throws when the module declares `Array` or `JSON` anywhere. Returns the
 * new text and the counts of the literals rewritten each way.
 */
export function xsLiterals(code, fileName) {
  const ast = parse(code, { sourceType: "module", sourceFilename: fileName });
  const edits = [];
  let json = 0;
  let arrays = 0;
  const skipped = (key) => key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments");
  const visit = (node, key, deferred) => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, key, deferred));
    if (!node || typeof node.type !== "string") return;
    if (node.type === "Identifier" && BINDING_KEYS.has(key) && CALLED.has(node.name)) throw new Error(`${fileName} declares ${node.name}`);
    if (!deferred && (node.type === "ArrayExpression" || node.type === "ObjectExpression")) {
      const value = dataOf(node);
      const text = value === undefined ? undefined : JSON.stringify(value);
      if (text !== undefined && parseBytes(text) < literalBytes(value)) {
        edits.push({ start: node.start, end: node.end, text: `JSON.parse(${JSON.stringify(text)})` });
        json++;
        return;
      }
    }
    if (isPlainArray(node) && node.elements.length > 0) {
      // the brackets become the call's parentheses; what is between them stays, rewritten in its turn
      const before = node.start > 0 && /[\w$]/.test(code[node.start - 1]) ? " " : "";
      edits.push({ start: node.start, end: node.start + 1, text: `${before}Array.of(` });
      edits.push({ start: node.end - 1, end: node.end, text: ")" });
      arrays++;
    }
    const inside = deferred || DEFERRED_NODES.has(node.type);
    for (const [childKey, child] of Object.entries(node)) if (!skipped(childKey) && child && typeof child === "object") visit(child, childKey, inside);
  };
  visit(ast.program, "program", false);
  edits.sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const edit of edits) {
    out += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return { text: out + code.slice(at), json, arrays };
}
