/**
 * Benchmark cases of bench/ inside the Moddable simulator
 * (`hosts/sim/bench/manifest.json`, `mcconfig -m -p lin -i -t build
 * hosts/sim/bench/manifest.json`, then `mcsim`): the same operations
 * `npm run bench` times on xsnap and Node, here on the SDK's own XS
 * build. Each case runs with the software crypto backend (bench/env.ts),
 * as on xsnap, and, when it ciphers or digests, again with the board's
 * backend on the SDK's native `crypt` (hosts/esp32/crypt-crypto.ts). Before
 * that second run, the case's setup and one operation go through
 * {@link ComparedCrypto}: every cipher and digest call is made by both
 * backends, and a difference fails the case. Each run is timed with
 * `Date.now()` until it lasts {@link MIN_MS} ms and traced as one JSON
 * line, `bench: {"name":…,"backend":"software"|"crypt","meanUs":…,"iterations":…}`
 * (`comparedCalls` on the crypt line: the calls checked); `bench: done`
 * ends the run. Cases: the manifest's `config.bench`, a comma-separated
 * list of names (`mcconfig … bench=emv.tlv.parseTree`); empty, every case.
 */
import config from "mc/config";
import Timer from "timer";
import type { BenchCase } from "../../bench/case.ts";
import { CASES } from "../../bench/cases/index.ts";
import { benchEnv } from "../../bench/env.ts";
import { CryptCrypto } from "../esp32/crypt-crypto.ts";
import { ComparedCrypto } from "./compared-crypto.ts";

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

/** The mean of `op` once warmed up: the run grows until the millisecond clock has enough to measure. */
async function mean(op: () => unknown): Promise<{ meanUs: number; iterations: number }> {
  await timed(op, 1);
  let n = 1;
  let ms = await timed(op, n);
  while (ms < MIN_MS) {
    n = Math.ceil(n * Math.min(50, (MIN_MS * 1.2) / Math.max(ms, 1)));
    ms = await timed(op, n);
  }
  return { meanUs: Math.round((ms * 100_000) / n) / 100, iterations: n };
}

function report(line: Record<string, unknown>): void {
  trace(`bench: ${JSON.stringify(line)}\n`);
}

async function software(c: BenchCase): Promise<void> {
  try {
    report({ name: c.name, backend: "software", ...(await mean(c.setup(benchEnv()))) });
  } catch (e) {
    report({ name: c.name, backend: "software", error: String(e) });
  }
}

/** The case on the `crypt` backend, checked against the software one first; nothing when the case neither ciphers nor digests. */
async function crypt(c: BenchCase): Promise<void> {
  try {
    const reference = benchEnv().crypto;
    // the same seeded fill bytes as the software run
    const compared = new ComparedCrypto(
      new CryptCrypto((n) => reference.random(n)),
      reference,
    );
    const op = c.setup({ crypto: compared });
    const first = op();
    if (first instanceof Promise) await first;
    if (compared.compared === 0) return;
    compared.checking = false;
    report({ name: c.name, backend: "crypt", ...(await mean(op)), comparedCalls: compared.compared });
  } catch (e) {
    report({ name: c.name, backend: "crypt", error: String(e) });
  }
}

async function run(names: string[]): Promise<void> {
  for (const name of names) {
    const c = CASES.find((k) => k.name === name);
    if (!c) {
      report({ name, error: "no such case" });
      continue;
    }
    await software(c);
    await crypt(c);
  }
  trace("bench: done\n");
}

const listed = String(config.bench ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
// after the first turn: the simulator is up before the long synchronous runs start
Timer.set(() => void run(listed.length > 0 ? listed : CASES.map((c) => c.name)), 10);
