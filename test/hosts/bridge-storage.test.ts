/**
 * The simulator's storage across the XS↔Node channel, on Node: a
 * stand-in for xsnap's issueCommand frames each request as
 * tools/xs-worker.ts does (JSON, a 0 byte, the payload) and hands it to
 * the front end's SimStorage on a scratch directory.
 */
import test from "ava";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BridgeKeyStore, BridgeStore } from "../../hosts/desktop/bridge-storage.ts";
import { SimStorage } from "../../hosts/desktop/sim-storage.ts";
import type { SimMessage } from "../../hosts/desktop/xs-channel.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { tdesDeriveWorkingKey, tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";

const crypto = new NodeCrypto();
// ANSI X9.24-1:2009 annex A.4 test key set.
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const IKSN = fromHex("FFFF9876543210E00000");
const decoder = new TextDecoder();

class PowerCut extends Error {}

interface Channel {
  /** every request buffer the XS side handed over, as it is now */
  requests: ArrayBuffer[];
  /** a copy of each request as it was when handed over */
  copies: Uint8Array[];
  /** every answer buffer handed back */
  answers: ArrayBuffer[];
  /** the power goes at the next store-write: before the front end has it, or after it wrote the file */
  cutNextWrite?: "before" | "after";
}

/** Installs the stand-in channel to `storage`. */
function channel(storage: () => SimStorage): Channel {
  const c: Channel = { requests: [], copies: [], answers: [] };
  (globalThis as { issueCommand?: unknown }).issueCommand = (request: ArrayBuffer): ArrayBuffer => {
    c.requests.push(request);
    const bytes = new Uint8Array(request);
    c.copies.push(bytes.slice());
    const end = bytes.indexOf(0);
    const message = JSON.parse(decoder.decode(end < 0 ? bytes : bytes.subarray(0, end))) as SimMessage & { bytes?: Uint8Array };
    if (end >= 0) message.bytes = bytes.slice(end + 1);
    const cut = message.type === "store-write" ? c.cutNextWrite : undefined;
    if (cut === "before") throw new PowerCut();
    const answer = storage().handle(message);
    if (!answer) throw new Error(`no answer to ${message.type}`);
    if (cut === "after") throw new PowerCut();
    const out = answer.slice().buffer;
    c.answers.push(out);
    return out;
  };
  return c;
}

function scratch(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "xspos-bridge-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test.serial("a key goes over as bytes after the JSON header, the request buffer is wiped once answered, and the file keeps it as hex", (t) => {
  const dir = scratch(t);
  const storage = new SimStorage(dir, true);
  const c = channel(() => storage);
  const keys = new BridgeKeyStore(new BridgeStore("keys"));
  const tmk = fromHex("0123456789ABCDEFFEDCBA9876543210");
  keys.put("tmk", tmk);
  const seen = toHex(c.copies[0]);
  t.true(seen.endsWith("00" + toHex(tmk)), "the request is the JSON header, a 0 byte and the key's bytes");
  t.false(seen.includes(toHex(new TextEncoder().encode("0123456789"))), "the key is not in the request as hex text");
  t.true(new Uint8Array(c.requests[0]).every((b) => b === 0), "the request buffer is wiped after the call");
  t.is(toHex(tmk), "0123456789ABCDEFFEDCBA9876543210", "the caller's key is left as it was");
  t.deepEqual(JSON.parse(readFileSync(join(dir, "keys.json"), "utf8")), { tmk: "0123456789abcdeffedcba9876543210" });
  storage.close();
});

test.serial("a key read back is a view on the answer's buffer: the caller's fill(0) wipes the only copy on the XS side; a missing key is undefined", (t) => {
  const dir = scratch(t);
  writeFileSync(join(dir, "keys.json"), JSON.stringify({ tmk: "0123456789abcdeffedcba9876543210" }));
  const storage = new SimStorage(dir, false);
  const c = channel(() => storage);
  const keys = new BridgeKeyStore(new BridgeStore("keys"));
  const key = keys.get("tmk")!;
  t.is(toHex(key), "0123456789ABCDEFFEDCBA9876543210");
  t.is(key.buffer, c.answers[0], "no copy: the answer's buffer");
  key.fill(0);
  t.true(new Uint8Array(c.answers[0]).subarray(1).every((b) => b === 0));
  t.is(keys.get("dek"), undefined);
  storage.close();
});

/**
 * DUKPT transactions on the file store until the power goes during a
 * register write (before the front end has it, or after it wrote the
 * file), a leftover half-written `dukpt.json.new` as a process killed
 * inside writeFileSync leaves, then a new front end on the directory and
 * more transactions; every KSN handed out.
 */
function fileCutRun(dir: string, cutAtTransaction: number, when: "before" | "after"): string[] {
  let storage = new SimStorage(dir, true);
  const c = channel(() => storage);
  const ksns: string[] = [];
  const take = (terminal: TdesDukptTerminal) => {
    const { ksn, keys } = terminal.nextTransaction(["pin"]);
    if (toHex(keys.pin!) !== toHex(tdesDeriveWorkingKey(crypto, BDK, ksn, "pin"))) throw new Error(`the PIN key of KSN ${toHex(ksn)} is not the host's`);
    ksns.push(toHex(ksn));
  };
  const terminal = new TdesDukptTerminal(crypto, new BridgeStore("dukpt"));
  terminal.loadInitialKey(tdesIpek(crypto, BDK, IKSN), IKSN);
  try {
    for (let i = 1; ; i++) {
      if (i === cutAtTransaction) c.cutNextWrite = when;
      take(terminal);
    }
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
  }
  storage.close();
  writeFileSync(join(dir, "dukpt.json.new"), '{"dukpt.tdes":"01');
  storage = new SimStorage(dir, false);
  c.cutNextWrite = undefined;
  const restarted = new TdesDukptTerminal(crypto, new BridgeStore("dukpt"));
  for (let i = 0; i < 5; i++) take(restarted);
  storage.close();
  return ksns;
}

test.serial("a power cut during the file store's register write, before or after the file was replaced, with a torn temporary file left: the restarted terminal hands out no KSN twice", (t) => {
  const problems: string[] = [];
  for (let cut = 1; cut <= 12; cut++) {
    for (const when of ["before", "after"] as const) {
      const dir = scratch(t);
      const ksns = fileCutRun(dir, cut, when);
      if (ksns.length !== cut - 1 + 5) problems.push(`cut at transaction ${cut} (${when}): ${ksns.length} transactions`);
      if (new Set(ksns).size !== ksns.length) problems.push(`cut at transaction ${cut} (${when}): a KSN twice in ${ksns.join(" ")}`);
      if (!existsSync(join(dir, "dukpt.json"))) problems.push(`cut at transaction ${cut} (${when}): no dukpt.json`);
    }
  }
  t.deepEqual(problems, []);
});

test.serial("the file cut run's first KSN after a cut before the write is the one the cut transaction never handed out", (t) => {
  const ksns = fileCutRun(scratch(t), 3, "before");
  t.deepEqual(ksns.slice(0, 3), ["FFFF9876543210E00001", "FFFF9876543210E00002", "FFFF9876543210E00003"]);
});
