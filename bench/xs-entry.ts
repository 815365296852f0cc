/**
 * The benchmark cases on the XS engine. `__bench(name, n)` runs a case n
 * times and reports the elapsed wall time as XS measures it.
 */
import { CASES } from "./cases/index.ts";

declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
declare class TextEncoder {
  encode(text: string): Uint8Array;
}

const prepared = new Map<string, () => unknown>();

(globalThis as Record<string, unknown>).__benchSetup = (name: string) => {
  const c = CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no case ${name}`);
  prepared.set(name, c.setup());
};

(globalThis as Record<string, unknown>).__bench = (name: string, n: number) => {
  const op = prepared.get(name)!;
  const start = Date.now();
  for (let i = 0; i < n; i++) op();
  const ms = Date.now() - start;
  issueCommand(new TextEncoder().encode(JSON.stringify({ ms })).buffer as ArrayBuffer);
};
