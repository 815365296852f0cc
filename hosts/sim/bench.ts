/**
 * Benchmark cases of bench/ inside the Moddable simulator
 * (`hosts/sim/bench/manifest.json`, `mcconfig -m -p lin -i -t build
 * hosts/sim/bench/manifest.json`, then `mcsim`): the same operations
 * `npm run bench` times on xsnap and Node, here on the SDK's own XS
 * build, with the same software crypto backend (bench/env.ts). Each case
 * is timed with `Date.now()` until a run lasts {@link MIN_MS} ms and
 * traced as one JSON line, `bench: {"name":…,"meanUs":…,"iterations":…}`;
 * `bench: done` ends the run. Cases: the manifest's `config.bench`, a
 * comma-separated list of names (`mcconfig … bench=emv.tlv.parseTree`).
 */
import config from "mc/config";
import Timer from "timer";
import { CASES } from "../../bench/cases/index.ts";
import { benchEnv } from "../../bench/env.ts";

/** How long the timed run of a case lasts at least, ms (as bench/run.ts). */
const MIN_MS = 400;

/** Runs `op` n times, one after the other, and returns the elapsed ms. */
async function timed(op: () => unknown, n: number): Promise<number> {
  const start = Date.now();
  for (let i = 0; i < n; i++) {
    const r = op();
    if (r instanceof Promise) await r;
  }
  return Date.now() - start;
}

async function run(names: string[]): Promise<void> {
  for (const name of names) {
    const c = CASES.find((k) => k.name === name);
    if (!c) {
      trace(`bench: ${JSON.stringify({ name, error: "no such case" })}\n`);
      continue;
    }
    try {
      const op = c.setup(benchEnv());
      await timed(op, 1);
      let n = 1;
      let ms = await timed(op, n);
      // grow the run until the millisecond clock has enough to measure
      while (ms < MIN_MS) {
        n = Math.ceil(n * Math.min(50, (MIN_MS * 1.2) / Math.max(ms, 1)));
        ms = await timed(op, n);
      }
      trace(`bench: ${JSON.stringify({ name, meanUs: Math.round((ms * 100_000) / n) / 100, iterations: n })}\n`);
    } catch (e) {
      trace(`bench: ${JSON.stringify({ name, error: String(e) })}\n`);
    }
  }
  trace("bench: done\n");
}

const names = String(config.bench ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
// after the first turn: the simulator is up before the long synchronous runs start
Timer.set(() => void run(names), 10);
