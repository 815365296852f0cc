import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import type { Store } from "../../../modules/core/ports.ts";
import { tdesDeriveWorkingKey, tdesIpek } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
// ANSI X9.24-1:2009 annex A.4 test key set.
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const IKSN = fromHex("FFFF9876543210E00000");

class PowerCut extends Error {}

/**
 * A store whose power goes at its write number `cutAt` (1 = the initial
 * key's): the write is lost ("lost") or lands ("landed") and the call
 * never returns; both are what a store atomic per key can leave.
 */
class CuttingStore implements Store {
  writes = 0;
  constructor(readonly inner: Store, readonly cutAt: number, readonly mode: "lost" | "landed") {}

  read(key: string): Uint8Array | undefined {
    return this.inner.read(key);
  }

  write(key: string, value: Uint8Array): void {
    if (++this.writes === this.cutAt) {
      if (this.mode === "landed") this.inner.write(key, value);
      throw new PowerCut();
    }
    this.inner.write(key, value);
  }

  delete(key: string): void {
    this.inner.delete(key);
  }
}

/**
 * Transactions until the cut, a restart on what the store kept, then
 * `after` more; every KSN a transaction got (and so could have sent),
 * each with its PIN key checked against the host's derivation.
 */
function cutRun(cutAt: number, mode: "lost" | "landed", after: number): { ksns: string[]; wrongKeys: string[] } {
  const inner = new MemoryStore();
  const store = new CuttingStore(inner, cutAt, mode);
  const ksns: string[] = [];
  const wrongKeys: string[] = [];
  const take = (terminal: TdesDukptTerminal) => {
    const { ksn, keys } = terminal.nextTransaction(["pin"]);
    ksns.push(toHex(ksn));
    if (toHex(keys.pin!) !== toHex(tdesDeriveWorkingKey(crypto, BDK, ksn, "pin"))) wrongKeys.push(toHex(ksn));
    keys.pin!.fill(0);
  };
  try {
    const terminal = new TdesDukptTerminal(crypto, store);
    terminal.loadInitialKey(tdesIpek(crypto, BDK, IKSN), IKSN);
    for (;;) take(terminal);
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
  }
  const restarted = new TdesDukptTerminal(crypto, inner);
  if (!restarted.loaded) {
    // cut while the initial key was stored: the terminal needs its key injected again
    restarted.loadInitialKey(tdesIpek(crypto, BDK, IKSN), IKSN);
  }
  for (let i = 0; i < after; i++) take(restarted);
  return { ksns, wrongKeys };
}

test("a power cut at any DUKPT register write, lost or landed, then a restart: no KSN is handed out twice and every key is the host's", (t) => {
  const problems: string[] = [];
  let runs = 0;
  // 40 writes reach counter 0x27 and cross several register refills (counters 0x08, 0x10, 0x20)
  for (let cutAt = 1; cutAt <= 40; cutAt++) {
    for (const mode of ["lost", "landed"] as const) {
      const { ksns, wrongKeys } = cutRun(cutAt, mode, 10);
      runs++;
      if (ksns.length < 10) problems.push(`cut at write ${cutAt} (${mode}): only ${ksns.length} transactions`);
      const seen = new Set<string>();
      for (const k of ksns) {
        if (seen.has(k)) problems.push(`cut at write ${cutAt} (${mode}): KSN ${k} handed out twice`);
        seen.add(k);
      }
      for (const k of wrongKeys) problems.push(`cut at write ${cutAt} (${mode}): the PIN key of KSN ${k} is not the host's`);
    }
  }
  t.is(runs, 80);
  t.deepEqual(problems, []);
});

test("a cut write that landed makes the restarted terminal skip the KSN whose key was never handed out", (t) => {
  // write 1 stores the initial key; write 2 is the first transaction's (counter 1), cut after it landed
  const { ksns } = cutRun(2, "landed", 2);
  t.deepEqual(ksns, ["FFFF9876543210E00002", "FFFF9876543210E00003"]);
});

test("a cut write that was lost makes the restarted terminal hand out the same KSN it never handed out before", (t) => {
  const { ksns } = cutRun(2, "lost", 2);
  t.deepEqual(ksns, ["FFFF9876543210E00001", "FFFF9876543210E00002"]);
});

test("the check can fail: a store that keeps no write but the first reuses the KSNs of before the restart", (t) => {
  // a store that is not durable (writes after the initial key vanish at the restart)
  const inner = new MemoryStore();
  let first = true;
  const forgetful: Store = {
    read: (k) => inner.read(k),
    write: (k, v) => {
      if (first) inner.write(k, v);
      first = false;
    },
    delete: (k) => inner.delete(k),
  };
  const a = new TdesDukptTerminal(crypto, forgetful);
  a.loadInitialKey(tdesIpek(crypto, BDK, IKSN), IKSN);
  const before = toHex(a.nextTransaction(["pin"]).ksn);
  const b = new TdesDukptTerminal(crypto, forgetful);
  t.is(toHex(b.nextTransaction(["pin"]).ksn), before, "the KSN comes again");
});
