/**
 * Power cuts against the acquirer emulator over real sockets on
 * 127.0.0.1. For each kind of transaction the client makes, the power is
 * cut at every flash write and every erase the transaction makes; the
 * terminal restarts on the same flash (and key store), recovers (pending
 * reversals and advices first), settles, and its books are compared with
 * the emulator's ledger: no transaction lost, none counted twice, every
 * approval the terminal did not complete reversed, the settled totals
 * equal to what the ledger booked, and the pre-authorization holds the
 * terminal keeps open equal to those the ledger holds.
 */
import test from "ava";
import { isXsposError } from "../../modules/core/error.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../modules/core/key-store.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import type { SettlementTotals } from "../../modules/journal/totals.ts";
import { AcquirerClient, type AuthorizationRequest } from "../../modules/uplink/acquirer-client.ts";
import { startAcquirer, type Acquirer } from "../../hosts/acquirer/acquirer.ts";
import type { Fault } from "../../hosts/acquirer/faults.ts";
import type { LedgerEntry } from "../../hosts/acquirer/ledger.ts";
import { TEST_BDK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";

import { crypto, terminal, TID, type Durable } from "../support/socket-client.ts";


const sale = (amountMinor: number, extra: Partial<AuthorizationRequest> = {}): AuthorizationRequest => ({
  kind: "sale",
  amountMinor,
  currency: "978",
  pan: "4111111111111111",
  expiry: "3012",
  entry: "swipe",
  ...extra,
});

/** What the script's caller saw: approvals handed back to it, and those it undid itself (void, reversal). */
interface Seen {
  approved: Set<string>;
  undone: Set<string>;
}

interface Script {
  name: string;
  faults?: Fault[];
  /** the journal's flash (default 16 blocks of 4 KB); SMALL_FLASH makes the settlement's compaction erase blocks, and the test asserts it does */
  geometry?: { blocks: number; blockSize: number };
  run(c: AcquirerClient, seen: Seen): Promise<void>;
}

/**
 * Five blocks of 256 bytes: the batch spans more than one block when the
 * settlement compacts, so the compaction erases the blocks it frees (with
 * 4 × 512 every record fits in the first block and nothing is erased);
 * the fifth leaves room after a compaction that keeps a hold and the
 * day's totals for a transaction and the next settlement.
 */
const SMALL_FLASH = { blocks: 5, blockSize: 256 };

/** Authorizes; an approval the client completed (not deferred to the terminal) is the caller's to keep. */
async function approve(c: AcquirerClient, seen: Seen, request: AuthorizationRequest): Promise<string> {
  const r = await c.authorize(request);
  if (r.status === "approved" && request.kind !== "balance" && !request.deferCompletion) seen.approved.add(r.stan);
  return r.stan;
}

const SCRIPTS: Script[] = [
  { name: "sale", run: async (c, seen) => void (await approve(c, seen, sale(1000))) },
  { name: "refund", run: async (c, seen) => void (await approve(c, seen, sale(500, { kind: "refund" }))) },
  {
    name: "void",
    run: async (c, seen) => {
      const stan = await approve(c, seen, sale(1200));
      if ((await c.void(stan)).status === "approved") seen.undone.add(stan);
    },
  },
  { name: "balance inquiry", run: async (c, seen) => void (await approve(c, seen, sale(0, { kind: "balance" }))) },
  {
    name: "settlement with batch upload",
    faults: [{ on: "0500", kind: "reconcile" }],
    geometry: SMALL_FLASH,
    run: async (c, seen) => {
      await approve(c, seen, sale(1000));
      await approve(c, seen, sale(2000));
      await approve(c, seen, sale(300, { kind: "refund" }));
      await c.settle();
    },
  },
  {
    name: "reversal of an approval the card declined",
    run: async (c, seen) => {
      const stan = await approve(c, seen, sale(1500, { entry: "chip", deferCompletion: true }));
      if (await c.reverse(stan)) seen.undone.add(stan);
    },
  },
  {
    name: "reversal of a sale that got no answer, sent before the next sale",
    faults: [{ on: "0200", kind: "drop" }],
    run: async (c, seen) => {
      await approve(c, seen, sale(2500));
      await approve(c, seen, sale(700));
    },
  },
  { name: "pre-authorization", run: async (c, seen) => void (await approve(c, seen, sale(6000, { kind: "preauth" }))) },
  {
    name: "pre-authorization completion",
    run: async (c, seen) => {
      const hold = await approve(c, seen, sale(6000, { kind: "preauth" }));
      const done = await c.completePreauth(hold, 4500);
      if (done.status === "approved") seen.approved.add(done.stan);
    },
  },
  {
    name: "pre-authorization cancellation",
    run: async (c, seen) => {
      const hold = await approve(c, seen, sale(6000, { kind: "preauth" }));
      const cancelled = await c.cancelPreauth(hold);
      if (cancelled.status === "approved") seen.approved.add(cancelled.stan);
    },
  },
  {
    name: "pre-authorization held across a settlement, completed in the next batch",
    geometry: SMALL_FLASH,
    run: async (c, seen) => {
      const hold = await approve(c, seen, sale(6000, { kind: "preauth" }));
      await approve(c, seen, sale(1000));
      await c.settle();
      const done = await c.completePreauth(hold, 6000);
      if (done.status === "approved") seen.approved.add(done.stan);
    },
  },
  {
    name: "offline pre-authorization completion, advised late",
    faults: [{ on: "0220", kind: "drop" }],
    run: async (c, seen) => {
      const hold = await approve(c, seen, sale(6000, { kind: "preauth" }));
      await c.completePreauth(hold, 5000, { offline: true });
      await c.drainPending();
    },
  },
  {
    name: "chip sale completed with its TC: the TC upload and script results queued in the completion, delivered after",
    run: async (c, seen) => {
      // EMV 4.4 Book 3 Annex A tags: 9F26 TC, 9F27 40 (TC), 9F36 ATC, 95 TVR, 9B TSI, 8A ARC, 9F5B one script's results (Book 4 Annex A5)
      const stan = await approve(c, seen, sale(1300, { entry: "chip", deferCompletion: true }));
      c.complete(stan, { iccData: fromHex("9F260811223344556677889F2701409F360200129505000000800" + "09B02E8008A0230309F5B052000000001") });
      seen.approved.add(stan);
      await c.drainPending();
    },
  },
  {
    name: "advice of an offline approval, delivered late",
    faults: [{ on: "0220", kind: "drop" }],
    run: async (c) => {
      await c.advise({ ...sale(800), entry: "chip", authCode: "Y1" });
      await c.drainPending();
    },
  },
];

/** Debits are sales and pre-authorization completions; credits are refunds. */
const isDebit = (e: LedgerEntry) => e.kind === "sale" || e.kind === "preauthCompletion";
const sum = (entries: LedgerEntry[], side: "debit" | "credit") => entries.filter((e) => (side === "debit" ? isDebit(e) : e.kind === "refund")).reduce((n, e) => n + e.amountMinor, 0);

interface RunResult {
  /** flash operations the script made (up to the cut) */
  operations: number;
  /** of which erases */
  erases: number;
  /** flash operations the first recovery made (opening the journal, then `recover()`) */
  recoveryOperations: number;
  cut: boolean;
  problems: string[];
}

/**
 * One run of a script on a fresh emulator and terminal, cut at flash
 * operation `cutAt` of the script (none when 0) and, when `recoveryCut`,
 * at that operation of the recovery that follows; returns what is wrong.
 */
async function run(script: Script, cutAt: number, tornByte: boolean, recoveryCut = 0): Promise<RunResult> {
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK) });
  const problems: string[] = [];
  try {
    const state: Durable = { flash: new MemoryFlash({ ...(script.geometry ?? { blocks: 16, blockSize: 4096 }), random: seededRandom(cutAt * 2 + Number(tornByte)) }), keys: new MemoryKeyStore() };
    const first = terminal(acquirer, state);
    first.loadMasterKey(fromHex(TEST_TMK));
    await first.signOn();
    const base = state.flash.operations;
    const erasesBefore = state.flash.erases;
    for (const f of script.faults ?? []) acquirer.inject(f);
    if (cutAt) state.flash.cutPowerAt(base + cutAt, { tornByte });
    const seen: Seen = { approved: new Set(), undone: new Set() };
    let cut = false;
    try {
      await script.run(first, seen);
    } catch (e) {
      if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
      cut = true;
    }
    const operations = state.flash.operations - base;
    const erases = state.flash.erases - erasesBefore;

    // the power comes back: the same flash and key store, a new terminal, which recovers
    let flash = state.flash.reboot();
    if (recoveryCut) {
      flash.cutPowerAt(recoveryCut, { tornByte });
      try {
        await terminal(acquirer, { flash, keys: state.keys }).recover();
        problems.push(`recovery cut ${recoveryCut}: recovery did not reach it`);
      } catch (e) {
        if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
      }
      flash = flash.reboot();
    }
    const client = terminal(acquirer, { flash, keys: state.keys });
    await client.recover();
    const recoveryOperations = flash.operations;
    const journal = client.journal;
    const closed: SettlementTotals = journal.batchNumber === 2 ? journal.lastSettlement! : { debits: 0, debitsMinor: 0, credits: 0, creditsMinor: 0 };
    const rows = new Map(journal.transactions().map((r) => [String(r.stan).padStart(6, "0"), r]));
    // a hold outlives its batch: the journal keeps it where the open batch's view does not show it
    for (const e of acquirer.ledger.entries.values()) {
      const hold = e.terminalId === TID && e.kind === "preauth" && !rows.has(e.stan) ? journal.find(Number(e.stan)) : undefined;
      if (hold?.kind === "preauth") rows.set(e.stan, hold);
    }
    const terminalHeld = journal.openHolds().reduce((n, h) => n + h.amountMinor, 0);
    const ledgerHeld = acquirer.ledger.held("4111111111111111");
    if (terminalHeld !== ledgerHeld) problems.push(`the terminal holds ${terminalHeld} open, the ledger ${ledgerHeld}`);
    const settled = await client.settle();
    if (journal.pending().length) problems.push(`${journal.pending().length} reversal(s) or advice(s) still pending after settlement`);

    const mine = [...acquirer.ledger.entries.values()].filter((e) => e.terminalId === TID);
    const stans = mine.map((e) => e.stan);
    if (new Set(stans).size !== stans.length) problems.push(`a STAN booked twice: ${stans.join(" ")}`);
    const booked = mine.filter((e) => e.responseCode === "00" && !e.reversed && (e.kind === "refund" || e.kind === "preauthCompletion" || (e.kind === "sale" && !e.voided)));
    const ledgerTotals: SettlementTotals = {
      debits: booked.filter(isDebit).length,
      debitsMinor: sum(booked, "debit"),
      credits: booked.filter((e) => e.kind === "refund").length,
      creditsMinor: sum(booked, "credit"),
    };
    const terminalTotals: SettlementTotals = {
      debits: closed.debits + settled.totals.debits,
      debitsMinor: closed.debitsMinor + settled.totals.debitsMinor,
      credits: closed.credits + settled.totals.credits,
      creditsMinor: closed.creditsMinor + settled.totals.creditsMinor,
    };
    if (JSON.stringify(terminalTotals) !== JSON.stringify(ledgerTotals)) problems.push(`terminal settled ${JSON.stringify(terminalTotals)}, ledger booked ${JSON.stringify(ledgerTotals)}`);
    for (const e of booked) if (!e.settled) problems.push(`STAN ${e.stan} booked, not settled`);
    for (const e of mine) {
      if (e.responseCode !== "00" || e.offline) continue;
      const row = rows.get(e.stan);
      // gone from the journal: it was settled in a batch the script closed
      if (!row) {
        if (e.reversed || !e.settled) problems.push(`STAN ${e.stan}: not in the journal, yet ${e.reversed ? "reversed" : "not settled"}`);
        continue;
      }
      const kept = row.state === "completed" || row.state === "voided" || row.state === "captured" || row.state === "released";
      if (kept === e.reversed) problems.push(`STAN ${e.stan}: ${row.state} at the terminal, ${e.reversed ? "reversed" : "not reversed"} at the host`);
    }
    for (const stan of seen.approved) {
      if (seen.undone.has(stan)) continue;
      const e = mine.find((x) => x.stan === stan);
      if (!e || e.reversed || e.voided) problems.push(`STAN ${stan} was handed back approved, and the host ${e ? "undid it" : "never booked it"}`);
    }
    return { operations, erases, recoveryOperations, cut, problems };
  } finally {
    await acquirer.close();
  }
}

// serial: concurrent runs on real sockets share the 2-core machine, and the client's 1 s response time-out then fires on a busy emulator
for (const script of SCRIPTS) {
  test.serial(`${script.name}: a power cut at every flash write and erase, then recovery and settlement, agree with the acquirer's ledger`, async (t) => {
    const clean = await run(script, 0, false);
    t.deepEqual(clean.problems, [], "the run without a cut");
    t.false(clean.cut);
    if (script.geometry) t.true(clean.erases > 0, `the settlement's compaction erases blocks (${clean.erases} erases)`);
    const failures: string[] = [];
    let cuts = 0;
    let recoveryCuts = 0;
    for (let k = 1; k <= clean.operations; k++) {
      for (const tornByte of [false, true]) {
        const r = await run(script, k, tornByte);
        if (!r.cut) failures.push(`cut ${k}: the script did not reach it`);
        cuts++;
        for (const p of r.problems) failures.push(`cut at operation ${k}${tornByte ? " (torn byte)" : ""}: ${p}`);
        if (tornByte) continue;
        // the recovery after this cut, cut in turn at each of its own writes and erases
        for (let j = 1; j <= r.recoveryOperations; j++) {
          const again = await run(script, k, false, j);
          recoveryCuts++;
          for (const p of again.problems) failures.push(`cut at operation ${k}, recovery cut at ${j}: ${p}`);
        }
      }
    }
    t.log(`${clean.operations} flash operations in the script (${clean.erases} erases): ${cuts} cut runs, ${recoveryCuts} more with the recovery cut too`);
    t.deepEqual(failures, []);
  });
}
