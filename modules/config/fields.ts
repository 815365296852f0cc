import { isDigits, isHexBytes, isLettersAndDigits, isPrintableAscii } from "../core/chars.ts";
import { fromHex } from "../core/hex.ts";
import { ConfigError } from "./error.ts";

/*
 * Readers of one JSON value each, against what the field allows. Each
 * throws a ConfigError naming the field's path and what was expected, and
 * never the value itself.
 */

// Module scope: XS compiles a regex literal each time it is evaluated.
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,39}$/;
const NOT_PRINTABLE = /[^\x20-\x7E]/g;
const DIGIT_RUN = /[0-9]{4,}/g;

/** The largest amount in minor units: what an `n 12` field (Amount, Authorised, 9F02) holds. */
export const MAX_AMOUNT = 999999999999;

/**
 * The path of `key` inside the object at `parent`. A key that is not a
 * plain name is quoted, cut to 40 characters and stripped of control
 * characters; runs of four or more digits become `#`, so that a PIN or a
 * PAN typed as a key does not reach a message.
 */
export function fieldPath(parent: string, key: string): string {
  const masked = key.replace(DIGIT_RUN, (run) => "#".repeat(run.length));
  if (masked === key && PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  const shown = masked.length > 40 ? masked.slice(0, 40) + "..." : masked;
  return `${parent}["${shown.replace(NOT_PRINTABLE, "?")}"]`;
}

/** The path of entry `index` of the list at `parent`. */
export function itemPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

function fail(path: string, expectation: string): never {
  throw new ConfigError("CONFIG_FIELD", path, expectation);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/**
 * The fields of an object whose every key is one of `fields`: a key the
 * configuration does not define is refused, so a misspelt field is found
 * rather than silently left at a default.
 * @throws ConfigError `CONFIG_FIELD` when `value` is not an object; `CONFIG_UNKNOWN_FIELD` for a key outside `fields`
 */
export function readObject(value: unknown, path: string, fields: readonly string[]): Record<string, unknown> {
  if (!isRecord(value)) fail(path, "an object expected");
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!fields.includes(key)) throw new ConfigError("CONFIG_UNKNOWN_FIELD", fieldPath(path, key), "unknown field");
  }
  return value;
}

/**
 * The value of a field that must be present.
 * @throws ConfigError `CONFIG_FIELD` when it is absent
 */
export function required(object: Record<string, unknown>, path: string, key: string): unknown {
  if (!Object.prototype.hasOwnProperty.call(object, key)) fail(fieldPath(path, key), "required field missing");
  return object[key];
}

/** The value of a field that may be left out (undefined then). */
export function optional(object: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

function countPhrase(min: number, max: number, unit: "bytes" | "digits" | "characters" | "entries"): string {
  if (min !== max) return `${min}-${max} ${unit}`;
  return min === 1 ? `1 ${unit === "entries" ? "entry" : unit.slice(0, -1)}` : `${min} ${unit}`;
}

/**
 * Bytes written as hex, either case, with no separators.
 * @throws ConfigError `CONFIG_FIELD` unless it is `min`-`max` bytes of hex
 */
export function readHex(value: unknown, path: string, min: number, max = min): Uint8Array {
  if (typeof value !== "string" || !isHexBytes(value, min, max)) {
    fail(path, `${countPhrase(min, max, "bytes")} of hex expected`);
  }
  return fromHex(value);
}

/**
 * The same bytes as `arrays`, each now a view on one buffer shared by
 * all: a configuration entry's byte fields (a CA key's RID, modulus,
 * exponent and checksum; an AID's) kept in one `ArrayBuffer` rather than
 * one each. The entries live as long as the terminal runs, and on XS an
 * `ArrayBuffer` is three slots of the heap besides its bytes.
 */
export function packBytes(arrays: readonly Uint8Array[]): Uint8Array[] {
  let length = 0;
  for (let i = 0; i < arrays.length; i++) {
    const a = arrays[i];
    length += a.length;
  }
  const buffer = new ArrayBuffer(length);
  let at = 0;
  return arrays.map((a) => {
    const view = new Uint8Array(buffer, at, a.length);
    view.set(a);
    at += a.length;
    return view;
  });
}

/**
 * A string of decimal digits.
 * @throws ConfigError `CONFIG_FIELD` unless it is `min`-`max` digits
 */
export function readDigits(value: unknown, path: string, min: number, max = min): string {
  if (typeof value !== "string" || !isDigits(value, min, max)) {
    fail(path, `${countPhrase(min, max, "digits")} expected`);
  }
  return value;
}

/**
 * A whole number within bounds (at most 2^53 - 1, so it is exact).
 * @throws ConfigError `CONFIG_FIELD` unless it is an integer from `min` to `max`
 */
export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `an integer from ${min} to ${max} expected`);
  }
  return value;
}

/**
 * Text of printable ASCII (EMV format ans), or of letters and digits only
 * (format an).
 * @throws ConfigError `CONFIG_FIELD` unless it is `min`-`max` characters of the set
 */
export function readText(value: unknown, path: string, min: number, max: number, set: "ans" | "an" = "ans"): string {
  if (typeof value !== "string" || !(set === "an" ? isLettersAndDigits(value, min, max) : isPrintableAscii(value, min, max))) {
    fail(path, `${countPhrase(min, max, "characters")} ${set === "an" ? "of letters and digits" : "of printable ASCII"} expected`);
  }
  return value;
}

/** @throws ConfigError `CONFIG_FIELD` unless it is `true` or `false` */
export function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== "boolean") fail(path, "true or false expected");
  return value;
}

/**
 * One of a few strings.
 * @throws ConfigError `CONFIG_FIELD` for any other value
 */
export function readChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value)) {
    fail(path, `one of ${choices.map((c) => `"${c}"`).join(", ")} expected`);
  }
  return value as T;
}

/**
 * A list, each entry read by `read` at its own path.
 * @throws ConfigError `CONFIG_FIELD` unless it is a list of `min`-`max` entries, or whatever `read` throws
 */
export function readList<T>(value: unknown, path: string, min: number, max: number, read: (entry: unknown, path: string) => T): T[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) {
    fail(path, `a list of ${countPhrase(min, max, "entries")} expected`);
  }
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) out.push(read(value[i], itemPath(path, i)));
  return out;
}

/**
 * Refuses a list whose entries repeat a key (two entries for one AID, one
 * CA key twice): which one wins would be a guess.
 * @throws ConfigError `CONFIG_DUPLICATE` naming the second entry
 */
export function refuseDuplicates<T>(entries: readonly T[], path: string, keyOf: (entry: T) => string, what: string): void {
  const seen = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const key = keyOf(entries[i]);
    const first = seen.get(key);
    if (first !== undefined) throw new ConfigError("CONFIG_DUPLICATE", itemPath(path, i), `the same ${what} as ${itemPath(path, first)}`);
    seen.set(key, i);
  }
}
