/**
 * The benchmark cases on the XS engine. `__bench(name, n)` runs a case n
 * times and reports the elapsed wall time as XS measures it.
 */
import { CASES } from "./cases/index.ts";
import { benchEnv } from "./env.ts";
import { sendToParent } from "../tools/xs-send.ts";

const prepared = new Map<string, () => unknown>();

(globalThis as Record<string, unknown>).__benchSetup = (name: string) => {
  const c = CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no case ${name}`);
  prepared.set(name, c.setup(benchEnv()));
};

(globalThis as Record<string, unknown>).__bench = (name: string, n: number) => {
  const op = prepared.get(name)!;
  const report = (ms: number) => void sendToParent({ ms });
  const start = Date.now();
  const first = op();
  if (!(first instanceof Promise)) {
    for (let i = 1; i < n; i++) op();
    return report(Date.now() - start);
  }
  // asynchronous operations (the card protocols) are awaited one after the other; xsnap runs the jobs before the evaluation returns
  void (async () => {
    await first;
    for (let i = 1; i < n; i++) await op();
    report(Date.now() - start);
  })();
};
