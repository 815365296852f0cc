/**
 * The power-cut harness of the terminal-level suites
 * (terminal-power-cut*.test.ts), against the acquirer emulator over real
 * sockets on 127.0.0.1, with the real drivers over virtual devices
 * (terminal-device.ts). For each script the power is cut at every write
 * and every erase its transaction makes on the journal's flash; a new
 * terminal booted on the same flash, key store and DUKPT registers
 * recovers, and its books are compared with the emulator's ledger: no
 * transaction lost, none booked twice, every approval the terminal did not
 * complete reversed at the host, and reversed exactly once (the 0400s the
 * emulator received for it counted, a repeat allowed only after a boot
 * that was cut between sending it and recording its answer), every one it
 * kept standing never reversed, the holds it keeps open equal to those the
 * ledger holds, and the totals it settles equal to what the ledger booked,
 * every booked transaction settled. Each suite asserts how many cut points
 * and runs it covered, so that a matrix that shrinks fails.
 */
import test from "ava";
import { isXsposError } from "../../modules/core/error.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import type { MemoryKeyStore } from "../../modules/core/key-store.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { bytes, text } from "../../modules/iso8583/message.ts";
import { toHex } from "../../modules/core/hex.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../modules/journal/transaction-journal.ts";
import type { LedgerEntry } from "../../hosts/acquirer/ledger.ts";
import { DEBIT, crypto, device, menu, type Device, type DeviceOptions } from "./terminal-device.ts";

export const TID = "TERM0001";
export const DEBIT_SWIPE = `${DEBIT}=31061201234567890`;

export interface Script {
  name: string;
  /** journal geometry (default 16 blocks of 4 KB); a small one makes settlement's compaction erase blocks, and the test asserts it does */
  geometry?: { blocks: number; blockSize: number };
  /** device options of every boot of the run (e.g. `voidCarriesPan`) */
  options?: Pick<DeviceOptions, "voidCarriesPan">;
  /** what is done before the cut is armed (uncut) */
  setup?(d: Device): Promise<void>;
  /** the transaction whose every flash operation is cut in turn */
  act(d: Device): Promise<void>;
  /** what the run without a cut must leave: the act did what it is for (a run that never got an approval would prove nothing) */
  done(d: Device): boolean;
  /** what the rebooted terminal does before the audit (uncut): a PIN sale, so that its KSN is compared with those the cut boot sent */
  afterReboot?(d: Device): Promise<string[]>;
  /**
   * The fewest flash operations the act may make: the records it cannot do
   * without (an online transaction's intent and answer and its receipt's
   * print-job record; a settlement's record and its compaction). Fewer
   * means the script no longer reaches its transaction: the matrix shrank.
   */
  minCuts: number;
  /** the script sends PIN blocks: the run without a cut sends at least two KSNs (its own, the sale's after the reboot) */
  pin?: boolean;
}

/** Debits are sales and pre-authorization completions; credits are refunds. */
const booked = (e: LedgerEntry) => e.responseCode === "00" && !e.reversed && (e.kind === "refund" || e.kind === "preauthCompletion" || (e.kind === "sale" && !e.voided));
const isDebit = (e: LedgerEntry) => e.kind === "sale" || e.kind === "preauthCompletion";

/**
 * The rebooted terminal against the emulator's ledger, then a settlement
 * of what is open; `startBatch` is the batch the cut run started in,
 * `openings` the accounts' balances before the run, `repeats` per STAN
 * the boots cut after the emulator took its reversal and before they
 * recorded the answer.
 */
async function audit(d: Device, startBatch: number, openings: Map<string, number>, repeats: Map<string, number>): Promise<string[]> {
  const problems: string[] = [];
  const journal = d.terminal.journal;
  if (d.terminal.state !== "idle") problems.push(`the rebooted terminal is ${d.terminal.state}, not idle`);
  // a reversal recovery sent may be refused A0 (the host lost the session key): the terminal signs on, and the reversal goes before its next message, here the final settlement's
  const refused = d.log.lines.includes("uplink: the host asks for a sign-on") && d.terminal.acquirer.signedOn;
  if (journal.pending().length && !refused) problems.push(`${journal.pending().length} reversal(s) or advice(s) still pending after recovery`);
  const ledger = d.acquirer.ledger;
  const mine = () => [...ledger.entries.values()].filter((e) => e.terminalId === TID);
  const stans = mine().map((e) => e.stan);
  if (new Set(stans).size !== stans.length) problems.push(`a STAN booked twice: ${stans.join(" ")}`);
  for (const e of mine()) {
    if (e.responseCode !== "00" || e.offline) continue;
    const row = journal.find(Number(e.stan));
    if (!row) {
      // gone from the journal: settled in the batch the cut settlement closed
      if (e.reversed || !e.settled) problems.push(`STAN ${e.stan}: not on the journal, yet ${e.reversed ? "reversed" : "not settled"} at the host`);
      continue;
    }
    const stands = row.state === "completed" || row.state === "voided" || row.state === "captured" || row.state === "released";
    if (stands === e.reversed) problems.push(`STAN ${e.stan}: ${row.state} at the terminal, ${e.reversed ? "reversed" : "not reversed"} at the host`);
  }
  // money moved once: each account's balance is its opening balance less what the ledger says moved and holds
  for (const [pan, opening] of openings) {
    const balance = d.acquirer.accounts.get(pan)!.balanceMinor;
    const expected = opening - ledger.net(pan) - ledger.held(pan);
    if (balance !== expected) problems.push(`account ${pan.slice(-4)}: balance ${balance}, the ledger says ${expected}`);
  }
  const terminalHeld = journal.openHolds().reduce((n, h) => n + h.amountMinor, 0);
  const ledgerHeld = [...openings.keys()].reduce((n, pan) => n + ledger.held(pan), 0);
  if (terminalHeld !== ledgerHeld) problems.push(`the terminal holds ${terminalHeld} open, the ledger ${ledgerHeld}`);
  // a settlement the cut run recorded closed its batch: its totals count with the final one
  const closed = journal.batchNumber > startBatch ? journal.lastSettlement : undefined;
  // where each transaction stands before the final settlement, which sends any reversal still pending first
  const states = new Map(journal.transactions().map((x) => [String(x.stan).padStart(6, "0"), x.state]));
  const shown = d.shown.length;
  await d.press("MENU", menu("SETTLEMENT"));
  await d.until("idle");
  if (journal.pending().length) problems.push(`${journal.pending().length} reversal(s) or advice(s) still pending after the final settlement`);
  // reversed exactly once: the 0400s the emulator took per original, not the ledger's flag (the emulator applies a repeat as nothing)
  const received = accepted(d);
  for (const stan of new Set([...received.keys(), ...mine().filter((e) => !e.offline).map((e) => e.stan)])) {
    const state = states.get(stan);
    const expected = state === "reversed" || state === "reversing" ? 1 + (repeats.get(stan) ?? 0) : 0;
    const n = received.get(stan) ?? 0;
    if (n !== expected) problems.push(`STAN ${stan}: ${state ?? "not on the journal"} at the terminal, ${n} reversal(s) received, ${expected} expected`);
  }
  const final = d.shown.slice(shown).find((m) => m.id === "SETTLEMENT_TOTALS");
  if (!final || final.id !== "SETTLEMENT_TOTALS") {
    problems.push(`the final settlement did not close the batch: ${d.shown.slice(shown).map((m) => m.id).join(" ")}`);
    return problems;
  }
  const done = mine().filter(booked);
  const books = {
    debits: done.filter(isDebit).length,
    debitsMinor: done.filter(isDebit).reduce((n, e) => n + e.amountMinor, 0),
    credits: done.filter((e) => e.kind === "refund").length,
    creditsMinor: done.filter((e) => e.kind === "refund").reduce((n, e) => n + e.amountMinor, 0),
  };
  const terminal = {
    debits: (closed?.debits ?? 0) + final.sales.count,
    debitsMinor: (closed?.debitsMinor ?? 0) + final.sales.amount.minor,
    credits: (closed?.credits ?? 0) + final.refunds.count,
    creditsMinor: (closed?.creditsMinor ?? 0) + final.refunds.amount.minor,
  };
  if (JSON.stringify(terminal) !== JSON.stringify(books)) problems.push(`the terminal settled ${JSON.stringify(terminal)}, the ledger booked ${JSON.stringify(books)}`);
  for (const e of done) if (!e.settled) problems.push(`STAN ${e.stan} booked, not settled`);
  return problems;
}

const flashOf = (script: Script, seed: number) => new MemoryFlash({ ...(script.geometry ?? { blocks: 16, blockSize: 4096 }), random: seededRandom(seed) });

/** The reversals the emulator took (their MAC verified) per original STAN of this terminal, so far. */
function accepted(d: Device): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, n] of d.acquirer.ledger.reversalsReceived) {
    const [tid, stan] = key.split(":");
    if (tid === TID) out.set(stan, (out.get(stan) ?? 0) + n);
  }
  return out;
}

/**
 * The STANs whose reversal the emulator took during a boot that was cut
 * (`before` its count when the boot started, `after` when it was cut)
 * while its flash does not hold the answer (the transaction still
 * reversing on a copy of the flash as the cut left it): the next boot
 * sends that reversal again, and that repeat is the only one allowed.
 */
function unansweredReversals(before: Map<string, number>, after: Map<string, number>, flash: MemoryFlash, keys: MemoryKeyStore): string[] {
  const taken = [...after].filter(([stan, n]) => n > (before.get(stan) ?? 0)).map(([stan]) => stan);
  if (!taken.length) return [];
  const copy = new MemoryFlash({ blocks: flash.blocks, blockSize: flash.blockSize, contents: flash.image() });
  const pending = TransactionJournal.open(copy, { crypto, keys }).pending();
  return pending.filter((p) => p.state === "reversing").map((p) => String(p.stan).padStart(6, "0")).filter((s) => taken.includes(s));
}

export interface RunResult {
  operations: number;
  erases: number;
  cut: boolean;
  done: boolean;
  /** flash operations the first reboot made (recovery, sign-on, receipts finished) */
  recoveryOperations: number;
  problems: string[];
  /** the KSN (DE62) of every PIN block the run's boots sent to the emulator, in order */
  ksns: string[];
}

/**
 * One run: setup, then the act with the power cut at its operation `cut`
 * (none when 0; a torn byte or a bare prefix), then a reboot, cut in turn
 * at its own operation `recoveryCut` when not 0 (then one more reboot),
 * and the audit.
 */
export async function run(script: Script, cut: number, tornByte = true, recoveryCut = 0): Promise<RunResult> {
  const d = await device({ ...script.options, flash: flashOf(script, cut * 2 + Number(tornByte)) });
  let again: Device | undefined;
  try {
    const openings = new Map([...d.acquirer.accounts.values()].map((a) => [a.pan, a.balanceMinor]));
    await script.setup?.(d);
    const batch = d.terminal.journal.batchNumber;
    const before = d.flash.operations;
    const erasesBefore = d.flash.erases;
    const atAct = accepted(d);
    if (cut) d.flash.cutPowerAt(before + cut, { tornByte });
    await script.act(d);
    const operations = d.flash.operations - before;
    const erases = d.flash.erases - erasesBefore;
    const wasCut = !d.flash.powered;
    const done = !wasCut && script.done(d);
    const problems: string[] = [];
    if (wasCut && d.terminal.state !== "halted") problems.push(`the terminal is ${d.terminal.state} after the cut, not halted`);
    await d.close(true);
    const repeats = new Map<string, number>();
    const repeat = (stans: string[]) => stans.forEach((s) => repeats.set(s, (repeats.get(s) ?? 0) + 1));
    let took = accepted(d);
    if (wasCut) repeat(unansweredReversals(atAct, took, d.flash, d.keys));
    let flash = d.flash.reboot();
    let cutUplink: Uint8Array[] = [];
    if (recoveryCut) {
      flash.cutPowerAt(recoveryCut, { tornByte });
      try {
        const cutAgain = await device({ ...script.options, flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
        cutUplink = cutAgain.uplink;
        await cutAgain.close(true);
      } catch (e) {
        // cut while the journal opens (a settled batch's compaction): the terminal never comes up, as on the device
        if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
      }
      if (flash.powered) problems.push(`the reboot never reached its operation ${recoveryCut}`);
      else repeat(unansweredReversals(took, (took = accepted(d)), flash, d.keys));
      flash = flash.reboot();
    }
    again = await device({ ...script.options, flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
    const recoveryOperations = flash.operations;
    if (script.afterReboot) problems.push(...(await script.afterReboot(again)));
    problems.push(...(await audit(again, batch, openings, repeats)));
    const ksns = [...d.uplink, ...cutUplink, ...again.uplink].flatMap(ksnOf);
    return { operations, erases, cut: wasCut, done, recoveryOperations, problems, ksns };
  } finally {
    if (again) await again.close();
    else await d.close();
  }
}

/** A KSN the run's boots sent twice: a restart that reused one. */
function reusedKsns(r: RunResult, what: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const k of r.ksns) {
    if (seen.has(k)) out.push(`${what}: KSN ${k} sent twice (${r.ksns.join(" ")})`);
    seen.add(k);
  }
  return out;
}

/** What a script's cuts covered. */
export interface Coverage {
  /** the act's flash operations, each cut with a torn byte and with a bare prefix */
  cutPoints: number;
  erases: number;
  /** cuts of the reboot that follows a torn-byte cut */
  rebootCuts: number;
  /** runs in all: the uncut one, two per cut point, one per reboot cut */
  runs: number;
  ksns: number;
}

/**
 * Registers one serial test per script (runs on real sockets share the
 * machine's cores), then one that checks what the file covered; returns
 * the coverage per script name, filled as the tests run.
 */
export function cutEveryOperation(scripts: Script[]): Map<string, Coverage> {
  const covered = new Map<string, Coverage>();
  for (const script of scripts) {
    test.serial(`${script.name}: a power cut at every journal write and erase (at least ${script.minCuts}), then a reboot, recovery and settlement agree with the emulator's ledger, each unfinished approval reversed exactly once`, async (t) => {
      const clean = await run(script, 0);
      t.deepEqual(clean.problems, [], "the run without a cut");
      t.true(clean.done, "the run without a cut did what the transaction is for");
      t.true(clean.operations >= script.minCuts, `the act made ${clean.operations} flash operations, at least ${script.minCuts} expected: the matrix shrank`);
      if (script.geometry) t.true(clean.erases > 0, `the settlement's compaction erases blocks (${clean.erases} erases)`);
      if (script.pin) t.true(clean.ksns.length >= 2, `the PIN blocks of the act and of the sale after the reboot reached the emulator (${clean.ksns.length} KSNs)`);
      const failures: string[] = [];
      let rebootCuts = 0;
      let runs = 1;
      let ksns = clean.ksns.length;
      failures.push(...reusedKsns(clean, "the run without a cut"));
      for (let k = 1; k <= clean.operations; k++) {
        for (const tornByte of [true, false]) {
          const r = await run(script, k, tornByte);
          runs++;
          ksns += r.ksns.length;
          failures.push(...reusedKsns(r, `cut at operation ${k}${tornByte ? " (torn byte)" : ""}`));
          if (!r.cut) failures.push(`cut ${k}: the transaction did not reach it`);
          for (const p of r.problems) failures.push(`cut at operation ${k}${tornByte ? " (torn byte)" : ""}: ${p}`);
          if (!tornByte) continue;
          // the reboot after this cut, cut in turn at each of its own writes and erases
          for (let j = 1; j <= r.recoveryOperations; j++) {
            const again = await run(script, k, true, j);
            rebootCuts++;
            runs++;
            ksns += again.ksns.length;
            failures.push(...reusedKsns(again, `cut at operation ${k}, reboot cut at ${j}`));
            for (const p of again.problems) failures.push(`cut at operation ${k}, reboot cut at ${j}: ${p}`);
          }
        }
      }
      covered.set(script.name, { cutPoints: clean.operations, erases: clean.erases, rebootCuts, runs, ksns });
      t.log(`${clean.operations} cut points (${clean.erases} of them erases), each with a torn byte and a bare prefix; ${rebootCuts} more with the reboot cut too; ${runs} runs; ${ksns} KSNs sent, none twice in a run`);
      // every boot signs on and reserves its STANs on the journal (the boot sign-on test): each torn cut's reboot has a write to cut
      t.true(rebootCuts >= clean.operations, `${rebootCuts} reboot cuts, fewer than the ${clean.operations} cut points: the matrix shrank`);
      t.true(runs === 1 + 2 * clean.operations + rebootCuts, "every run was made");
      t.deepEqual(failures, []);
    });
  }
  return covered;
}

/** Registers the test that checks and logs what the file's scripts covered, against the sum of their bounds. */
export function coverageTest(scripts: Script[], covered: Map<string, Coverage>, extra: () => Record<string, number> = () => ({})): void {
  test.serial("the cut points and runs covered, per script and in all, no fewer than the scripts' bounds", (t) => {
    t.deepEqual([...covered.keys()], scripts.map((s) => s.name), "every script ran to its end");
    const list = [...covered.entries()];
    const cutPoints = list.reduce((n, [, c]) => n + c.cutPoints, 0) + Object.values(extra()).reduce((n, c) => n + c, 0);
    const rebootCuts = list.reduce((n, [, c]) => n + c.rebootCuts, 0);
    const runs = list.reduce((n, [, c]) => n + c.runs, 0);
    t.log(`${list.map(([k, c]) => `${k}: ${c.cutPoints} cut points, ${c.runs} runs`).join("; ")}${Object.entries(extra()).map(([k, v]) => `; ${k}: ${v} cut points`).join("")}`);
    t.log(`${cutPoints} cut points in all, ${rebootCuts} reboot cuts, ${runs} runs`);
    const bound = scripts.reduce((n, s) => n + s.minCuts, 0);
    t.true(cutPoints >= bound, `${cutPoints} cut points, at least ${bound} expected`);
    for (const s of scripts.filter((x) => x.pin)) t.true((covered.get(s.name)?.ksns ?? 0) > 0, `${s.name}: its PIN blocks sent KSNs, so the check of no KSN twice ran on them`);
  });
}

/**
 * A swiped sale with PIN on the rebooted terminal: its KSN is compared
 * with those the boots before it sent. The problems when it moved no money.
 */
export async function pinSaleAfterReboot(d: Device): Promise<string[]> {
  const before = d.acquirer.ledger.net(DEBIT);
  await d.type("1000");
  await d.press("ENTER");
  await d.swipe(DEBIT_SWIPE);
  await d.type("1234");
  await d.press("ENTER");
  await d.until("idle");
  const moved = d.acquirer.ledger.net(DEBIT) - before;
  return moved === 1000 ? [] : [`the PIN sale after the reboot moved ${moved}, not 1000`];
}

/** DE62, the KSN of the PIN block, of a frame the terminal sent (2-byte length header); none when it has no PIN block. */
export function ksnOf(frame: Uint8Array): string[] {
  const m = unpack(ISO87A, frame.subarray(2));
  const ksn = text(m, 62) ?? (bytes(m, 62) ? toHex(bytes(m, 62)!) : undefined);
  return ksn ? [ksn.toUpperCase()] : [];
}

/** MTI and DE11 of a frame the terminal sent (2-byte length header). */
export function mtiStan(frame: Uint8Array): { mti: string; stan: string } {
  const m = unpack(ISO87A, frame.subarray(2));
  return { mti: m.mti, stan: text(m, 11) ?? "" };
}
