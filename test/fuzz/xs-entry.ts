/**
 * The harness on the XS engine: the Node runner evaluates this bundle in
 * an xsnap worker, then calls `__fuzz(name, inputs, seed)` per parser or
 * `__replay(name, hex)`; results go back through `issueCommand`. Time is
 * XS's own `performance.now` (xsnap has it), else `Date.now`.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { sendToParent } from "../../tools/xs-send.ts";
import { fuzzTarget, runInput } from "./harness.ts";
import { targetNamed } from "./targets/index.ts";

const clock = (globalThis as { performance?: { now(): number } }).performance;
const now = clock && typeof clock.now === "function" ? () => clock.now() : () => Date.now();

function target(name: string) {
  const t = targetNamed(name);
  if (!t) throw new Error(`no fuzz target ${name}`);
  return t;
}

const api = globalThis as Record<string, unknown>;

api.__fuzz = (name: string, inputs: number, seed: number) => {
  fuzzTarget(target(name), { inputs, seed, now, onFailure: (failure) => void sendToParent({ type: "failure", failure }) }).then(
    (report) => void sendToParent({ type: "report", report }),
    (e) => void sendToParent({ type: "error", error: String(e) }),
  );
};

api.__replay = (name: string, hex: string) => {
  const t0 = now();
  Promise.resolve(runInput(target(name), fromHex(hex))).then(
    (outcome) => void sendToParent({ type: "replay", outcome, ms: now() - t0 }),
    (e) => void sendToParent({ type: "error", error: String(e) }),
  );
};
