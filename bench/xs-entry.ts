/**
 * The benchmark cases on the XS engine. `__bench(name, n)` runs a case n
 * times and reports the elapsed wall time as XS measures it.
 */
import { CASES } from "./cases/index.ts";
import { SoftwareCrypto } from "../modules/crypto/software-crypto.ts";
import { seededRandom } from "../drivers/magstripe/encode.ts";

declare const issueCommand: (message: ArrayBuffer) => ArrayBuffer;
declare class TextEncoder {
  encode(text: string): Uint8Array;
}

const prepared = new Map<string, () => unknown>();

(globalThis as Record<string, unknown>).__benchSetup = (name: string) => {
  const c = CASES.find((k) => k.name === name);
  if (!c) throw new Error(`no case ${name}`);
  // the benchmark needs fill bytes, not secrets: a seeded generator stands in for the host's source
  const next = seededRandom(1);
  const crypto = new SoftwareCrypto((n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)));
  prepared.set(name, c.setup({ crypto }));
};

(globalThis as Record<string, unknown>).__bench = (name: string, n: number) => {
  const op = prepared.get(name)!;
  const report = (ms: number) => issueCommand(new TextEncoder().encode(JSON.stringify({ ms })).buffer as ArrayBuffer);
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
