/**
 * A module evaluated when the image is built: its exports computed here,
 * on Node, and written back as a module of literals. For a module whose
 * top level only computes data (the board's configuration, read and
 * checked by modules/config): the image then holds the data, and not the
 * code that computed it, which on the board would run once, when the
 * image is linked, and then lie unused in flash. A module that throws
 * (a configuration at fault) fails the build with its error.
 *
 * Usage: `node --import tsx tools/build-time-module.ts <module.ts>`
 * writes the module's source on stdout (tools/build.mjs).
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { toHex } from "../modules/core/hex.ts";

/** The module whose `fromHex` turns the written hex back into bytes. */
const HEX_MODULE = resolve(import.meta.dirname, "../modules/core/hex.ts");

/** A value the written module cannot give back as it was. */
export class UnwritableValueError extends Error {
  constructor(path: string, what: string) {
    super(`${path}: ${what} cannot be written as a literal`);
    this.name = "UnwritableValueError";
  }
}

/** A value as a JavaScript expression: `h` is `fromHex`, `f` is `Object.freeze`. */
function literal(value: unknown, path: string): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Object.is(value, -0)) throw new UnwritableValueError(path, Object.is(value, -0) ? "-0" : String(value));
    return JSON.stringify(value);
  }
  if (value instanceof Uint8Array) return `h(${JSON.stringify(toHex(value))})`;
  if (typeof value !== "object") throw new UnwritableValueError(path, `a ${typeof value}`);
  let text: string;
  if (Array.isArray(value)) {
    text = `[${value.map((item, i) => literal(item, `${path}[${i}]`)).join(",")}]`;
  } else {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) throw new UnwritableValueError(path, `a ${prototype?.constructor?.name ?? "object"}`);
    const fields = Object.keys(value).map((key) => `${JSON.stringify(key)}:${literal((value as Record<string, unknown>)[key], `${path}.${key}`)}`);
    text = `{${fields.join(",")}}`;
  }
  return Object.isFrozen(value) ? `f(${text})` : text;
}

/**
 * The source of a module that exports the same values as `exports`:
 * plain objects and lists (frozen where they were), strings, finite
 * numbers, booleans, `null`, `undefined` and `Uint8Array`s, which it
 * makes with `fromHex` from `modules/core/hex.ts` (imported by its
 * absolute path, for a bundler).
 * @throws UnwritableValueError naming the first value of another kind (a Map, a class instance, a function...)
 */
export function literalModuleSource(exports: Record<string, unknown>): string {
  const lines = [`import { fromHex as h } from ${JSON.stringify(HEX_MODULE)};`, "const f = Object.freeze;"];
  for (const name of Object.keys(exports)) {
    if (name === "default") throw new UnwritableValueError(name, "a default export");
    lines.push(`export const ${name} = ${literal(exports[name], name)};`);
  }
  return `${lines.join("\n")}\n`;
}

if (process.argv[1] !== undefined && import.meta.filename === resolve(process.argv[1])) {
  const file = process.argv[2];
  if (file === undefined) {
    process.stderr.write("usage: node --import tsx tools/build-time-module.ts <module.ts>\n");
    process.exit(2);
  }
  const exports = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
  process.stdout.write(literalModuleSource({ ...exports }));
}
