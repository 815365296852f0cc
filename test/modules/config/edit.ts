/**
 * Copies of the sample configuration with one field changed, for the
 * refusal tests. A path is written as the validator names fields:
 * `aids[2].tacDenial`, `limits.dailyTotals.sale`.
 */
import { SAMPLE_CONFIG } from "../../../modules/config/sample-config.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const STEP = /([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

function steps(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(STEP)) out.push(m[1] !== undefined ? m[1] : Number(m[2]));
  return out;
}

/** A deep copy of the sample, as plain JSON. */
export function sample(): Record<string, Json> {
  return JSON.parse(JSON.stringify(SAMPLE_CONFIG));
}

/** The sample with the field at `path` set to `value`, or removed when `value` is undefined. */
export function withField(path: string, value: unknown, base: Record<string, Json> = sample()): Record<string, Json> {
  const s = steps(path);
  let at: Record<string | number, unknown> = base;
  for (const step of s.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  const last = s[s.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return base;
}

/** The value at `path` in `base`. */
export function fieldAt(path: string, base: unknown = sample()): unknown {
  let at = base as Record<string | number, unknown>;
  for (const step of steps(path)) at = at[step] as Record<string | number, unknown>;
  return at;
}

/** Every path in `value` that leads to an object (not a list), the root as "". */
export function objectPaths(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectPaths(v, `${path}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return [path, ...Object.entries(value).flatMap(([k, v]) => objectPaths(v, path ? `${path}.${k}` : k))];
}

/** Every path in `value`, containers and leaves, the root excluded. */
export function allPaths(value: unknown, path = ""): string[] {
  const children = Array.isArray(value)
    ? value.map((v, i) => [`${path}[${i}]`, v] as const)
    : typeof value === "object" && value !== null
      ? Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const)
      : [];
  return children.flatMap(([p, v]) => [p, ...allPaths(v, p)]);
}
