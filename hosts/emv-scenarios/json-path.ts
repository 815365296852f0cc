/**
 * The overrides of a scenario: `{ "applications[0].data.9F07": "A900",
 * "removeAfterCommand": 7 }` applied to a card profile or a terminal
 * configuration as JSON. A path is names joined by dots, a list item
 * written `[n]`; the value replaces what is there (objects and lists
 * whole), `null` removes it (a list item is taken out, the items after it
 * move up). Paths apply in the order given.
 */
import { ScenarioError } from "./error.ts";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One step of a path: a name or a list index. */
const SEGMENT = /^([^.[\]]+)((?:\[\d{1,4}\])*)$/;
const INDEX = /\[(\d{1,4})\]/g;

function segments(path: string, where: string): (string | number)[] {
  if (!path) throw new ScenarioError("SCENARIO_FIELD", where, "an empty path");
  const out: (string | number)[] = [];
  for (const part of path.split(".")) {
    const m = SEGMENT.exec(part);
    if (!m) throw new ScenarioError("SCENARIO_FIELD", where, `"${path}" is not a path (names joined by dots, list items as [n])`);
    if (m[1] === "__proto__" || m[1] === "constructor" || m[1] === "prototype") throw new ScenarioError("SCENARIO_FIELD", where, `"${m[1]}" cannot be set`);
    out.push(m[1]);
    for (const i of m[2].matchAll(INDEX)) out.push(Number(i[1]));
  }
  return out;
}

function isObject(value: unknown): value is { [key: string]: Json } {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * A deep copy of `target` with the overrides applied.
 * @param where - the overrides' own path in the scenario, for messages
 * @throws ScenarioError `SCENARIO_FIELD` for a path that is malformed or goes through something that is not there
 */
export function applyOverrides<T>(target: T, overrides: Record<string, unknown>, where: string): T {
  const root = structuredClone(target) as unknown as Json;
  for (const [path, value] of Object.entries(overrides)) {
    const at = `${where}["${path}"]`;
    const steps = segments(path, at);
    let node: Json = root;
    for (let i = 0; i < steps.length - 1; i++) {
      const step = steps[i];
      const next: Json | undefined = typeof step === "number" ? (Array.isArray(node) ? node[step] : undefined) : isObject(node) ? node[step] : undefined;
      if (next === undefined || next === null || typeof next !== "object") throw new ScenarioError("SCENARIO_FIELD", at, `nothing at "${steps.slice(0, i + 1).join(".")}" to go into`);
      node = next;
    }
    const last = steps[steps.length - 1];
    if (typeof last === "number") {
      if (!Array.isArray(node) || last > node.length || (value === null && last >= node.length)) throw new ScenarioError("SCENARIO_FIELD", at, "no such list item");
      if (value === null) node.splice(last, 1);
      else node[last] = structuredClone(value) as Json;
    } else {
      if (!isObject(node)) throw new ScenarioError("SCENARIO_FIELD", at, "the path does not end in an object's field");
      if (value === null) delete node[last];
      else node[last] = structuredClone(value) as Json;
    }
  }
  return root as unknown as T;
}
