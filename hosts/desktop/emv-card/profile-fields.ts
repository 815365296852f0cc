import { fromHex } from "../../../modules/core/hex.ts";
import { EmvCardError } from "./error.ts";

/*
 * Readers of one JSON value each, against what the profile field allows.
 * Each throws an EmvCardError naming the field's path and what was
 * expected, never the value (a profile holds a PAN, a PIN and keys).
 */

// Module scope: XS compiles a regex literal each time it is evaluated.
const HEX_PAIRS = /^(?:[0-9A-Fa-f]{2})*$/;
const PRINTABLE = /^[\x20-\x7E]*$/;
const PLAIN_KEY = /^[A-Za-z0-9_]{1,40}$/;
const NOT_PRINTABLE = /[^\x20-\x7E]/g;

/** A JSON object, as the readers take it. */
export type JsonObject = Record<string, unknown>;

/** The path of `key` inside the object at `parent`. */
export function fieldPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  const shown = key.length > 40 ? key.slice(0, 40) + "..." : key;
  return `${parent}["${shown.replace(NOT_PRINTABLE, "?")}"]`;
}

/** The path of entry `index` of the list at `parent`. */
export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** @throws EmvCardError `CARD_PROFILE_FIELD` */
export function fail(path: string, expectation: string): never {
  throw new EmvCardError("CARD_PROFILE_FIELD", path, expectation);
}

/** @throws EmvCardError `CARD_PROFILE_DATA` */
export function inconsistent(path: string, problem: string): never {
  throw new EmvCardError("CARD_PROFILE_DATA", path, problem);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * An object whose every key is one of `fields` (a misspelt field is
 * refused rather than left at its default).
 * @throws EmvCardError `CARD_PROFILE_FIELD`
 */
export function readObject(value: unknown, path: string, fields: readonly string[]): JsonObject {
  if (!isObject(value)) fail(path || "profile", "an object expected");
  for (const key of Object.keys(value)) if (!fields.includes(key)) fail(fieldPath(path, key), "unknown field");
  return value;
}

/** An object with any keys (the data objects by tag). @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readMap(value: unknown, path: string): JsonObject {
  if (!isObject(value)) fail(path, "an object expected");
  return value;
}

/** @throws EmvCardError `CARD_PROFILE_MISSING` when the field is absent */
export function required(object: JsonObject, path: string, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(object, key)) throw new EmvCardError("CARD_PROFILE_MISSING", fieldPath(path, key), "required field missing");
  return object[key];
}

/** The value of a field that may be left out (undefined then). */
export function optional(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** Bytes in hex, either case, no separators. @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readHex(value: unknown, path: string, min: number, max = min): Uint8Array {
  if (typeof value !== "string" || value.length < 2 * min || value.length > 2 * max || !HEX_PAIRS.test(value)) {
    fail(path, min === max ? `${min} bytes of hex expected` : `${min}-${max} bytes of hex expected`);
  }
  return fromHex(value);
}

/** An integer in a range. @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) fail(path, `an integer ${min}-${max} expected`);
  return value;
}

/** @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, "true or false expected");
  return value;
}

/** Printable ASCII text of `min`-`max` characters. @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readText(value: unknown, path: string, min: number, max: number): string {
  if (typeof value !== "string" || value.length < min || value.length > max || !PRINTABLE.test(value)) {
    fail(path, `${min}-${max} printable ASCII characters expected`);
  }
  return value;
}

/** Text matching `pattern` (a module-scope regex), `what` saying what it is. @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readPattern(value: unknown, path: string, pattern: RegExp, what: string): string {
  if (typeof value !== "string" || !pattern.test(value)) fail(path, `${what} expected`);
  return value;
}

/** One of `choices`. @throws EmvCardError `CARD_PROFILE_FIELD` */
export function readChoice<T extends string | number>(value: unknown, path: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) fail(path, `one of ${choices.map((c) => JSON.stringify(c)).join(", ")} expected`);
  return value as T;
}

/** A list of `min`-`max` entries, each read by `read`. @throws EmvCardError `CARD_PROFILE_FIELD` and what `read` throws */
export function readList<T>(value: unknown, path: string, min: number, max: number, read: (item: unknown, path: string) => T): T[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) fail(path, `a list of ${min}-${max} entries expected`);
  return value.map((item, i) => read(item, itemPath(path, i)));
}

/** A field read by `read` when present, `fallback` otherwise. */
export function withDefault<T>(object: JsonObject, path: string, key: string, fallback: T, read: (value: unknown, path: string) => T): T {
  const value = optional(object, key);
  return value === undefined ? fallback : read(value, fieldPath(path, key));
}
