/**
 * Power cuts at the terminal level, for every transaction type, against
 * the acquirer emulator over real sockets on 127.0.0.1, with the real
 * drivers over virtual devices (terminal-device.ts). For each type the
 * power is cut at every write and every erase the transaction makes on
 * the journal's flash; a new terminal booted on the same flash, key store
 * and DUKPT registers recovers, and its books are compared with the
 * emulator's ledger: no transaction lost, none booked twice, every
 * approval the terminal did not complete reversed at the host and every
 * one it kept standing, the holds it keeps open equal to those the
 * ledger holds, and the totals it settles equal to what the ledger
 * booked, every booked transaction settled.
 */
import test from "ava";
import { isXsposError } from "../../modules/core/error.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { bytes, text } from "../../modules/iso8583/message.ts";
import { toHex } from "../../modules/core/hex.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import type { LedgerEntry } from "../../hosts/acquirer/ledger.ts";
import { CHIP, DEBIT, VISA, device, menu, swiped, type Device } from "./terminal-device.ts";

const TID = "TERM0001";
const SWIPE = `${VISA}=30121011234567890`;

interface Script {
  name: string;
  /** journal geometry (default 16 blocks of 4 KB); a small one makes settlement's compaction erase blocks, and the test asserts it does */
  geometry?: { blocks: number; blockSize: number };
  /** what is done before the cut is armed (uncut) */
  setup?(d: Device): Promise<void>;
  /** the transaction whose every flash operation is cut in turn */
  act(d: Device): Promise<void>;
  /** what the run without a cut must leave: the act did what it is for (a run that never got an approval would prove nothing) */
  done(d: Device): boolean;
}

const SCRIPTS: Script[] = [
  { name: "sale by swipe", act: (d) => swiped(d, "1500"), done: (d) => d.acquirer.ledger.net(VISA) === 1500 },
  {
    name: "chip sale",
    act: async (d) => {
      await d.type("15000");
      await d.press("ENTER");
      const card = await d.insert("signature");
      await d.until("remove-card", "idle");
      card.pull();
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(CHIP) === 15000,
  },
  {
    // the signature card approves offline (TC) up to 50.00 under the floor limit of 100.00 (test/emv/cards/signature.json): an advice tells the host
    name: "chip sale approved offline (advice)",
    act: async (d) => {
      await d.type("2000");
      await d.press("ENTER");
      const card = await d.insert("signature");
      await d.until("remove-card", "idle");
      card.pull();
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(CHIP) === 2000 && [...d.acquirer.ledger.entries.values()].some((e) => e.offline),
  },
  {
    name: "basket sale with a cash part",
    act: async (d) => {
      // F1: two items at 5.00, then 3.00 in cash: the card pays 7.00
      await d.press("F1");
      await d.type("2");
      await d.press("ENTER");
      await d.type("500");
      await d.press("ENTER", "ENTER");
      await d.type("300");
      await d.press("ENTER");
      await d.swipe(SWIPE);
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 700,
  },
  {
    name: "balance inquiry",
    act: async (d) => {
      await d.press("MENU", menu("BALANCE"));
      await d.swipe(`${DEBIT}=31061201234567890`);
      await d.type("1234");
      await d.press("ENTER");
      await d.until("idle");
    },
    done: (d) => d.shown.some((m) => m.id === "BALANCE"),
  },
  {
    name: "void",
    setup: (d) => swiped(d, "1200"),
    act: async (d) => {
      await d.press("MENU", menu("VOID"));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 0 && [...d.acquirer.ledger.entries.values()].some((e) => e.kind === "void" && e.responseCode === "00"),
  },
  { name: "refund", act: (d) => swiped(d, "500", "REFUND"), done: (d) => d.acquirer.ledger.net(VISA) === -500 },
  { name: "pre-authorization", act: (d) => swiped(d, "6000", "PREAUTH"), done: (d) => d.acquirer.ledger.held(VISA) === 6000 },
  {
    name: "pre-authorization completion",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: async (d) => {
      await d.press("MENU", menu("PREAUTH_COMPLETION"));
      await d.press("ENTER");
      await d.type("4500");
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.held(VISA) === 0 && d.acquirer.ledger.net(VISA) === 4500,
  },
  {
    name: "pre-authorization cancellation",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: async (d) => {
      await d.press("MENU", menu("PREAUTH_CANCEL"));
      await d.press("ENTER", "ENTER");
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.held(VISA) === 0 && d.acquirer.ledger.net(VISA) === 0 && d.terminal.journal.openHolds().length === 0,
  },
  {
    // the reprint's print-job records (its start, its end): a cut leaves the books as they were
    name: "reprint",
    setup: (d) => swiped(d, "1300"),
    act: async (d) => {
      await d.press("MENU", menu("REPRINT"));
      await d.until("idle");
    },
    done: (d) => d.acquirer.ledger.net(VISA) === 1300 && d.paper().some((l) => l.includes("REPRINT")),
  },
  {
    name: "settlement",
    // blocks of 512: the reserve must hold what the compaction keeps and a chip transaction's sealed intent
    geometry: { blocks: 10, blockSize: 512 },
    setup: async (d) => {
      await swiped(d, "1000");
      await swiped(d, "2000");
      await swiped(d, "300", "REFUND");
    },
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
    done: (d) => [...d.acquirer.ledger.entries.values()].every((e) => e.settled) && d.terminal.journal.batchNumber === 2,
  },
];

/** Debits are sales and pre-authorization completions; credits are refunds. */
const booked = (e: LedgerEntry) => e.responseCode === "00" && !e.reversed && (e.kind === "refund" || e.kind === "preauthCompletion" || (e.kind === "sale" && !e.voided));
const isDebit = (e: LedgerEntry) => e.kind === "sale" || e.kind === "preauthCompletion";

/**
 * The rebooted terminal against the emulator's ledger, then a settlement
 * of what is open; `startBatch` is the batch the cut run started in.
 */
async function audit(d: Device, startBatch: number): Promise<string[]> {
  const problems: string[] = [];
  const journal = d.terminal.journal;
  if (d.terminal.state !== "idle") problems.push(`the rebooted terminal is ${d.terminal.state}, not idle`);
  if (journal.pending().length) problems.push(`${journal.pending().length} reversal(s) or advice(s) still pending after recovery`);
  const mine = () => [...d.acquirer.ledger.entries.values()].filter((e) => e.terminalId === TID);
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
  for (const [pan, opening] of [[VISA, 500_000], [CHIP, 500_000]] as const) {
    const balance = d.acquirer.accounts.get(pan)!.balanceMinor;
    const expected = opening - d.acquirer.ledger.net(pan) - d.acquirer.ledger.held(pan);
    if (balance !== expected) problems.push(`account ${pan.slice(-4)}: balance ${balance}, the ledger says ${expected}`);
  }
  const terminalHeld = journal.openHolds().reduce((n, h) => n + h.amountMinor, 0);
  if (terminalHeld !== d.acquirer.ledger.held(VISA)) problems.push(`the terminal holds ${terminalHeld} open, the ledger ${d.acquirer.ledger.held(VISA)}`);
  // a settlement the cut run recorded closed its batch: its totals count with the final one
  const closed = journal.batchNumber > startBatch ? journal.lastSettlement : undefined;
  const shown = d.shown.length;
  await d.press("MENU", menu("SETTLEMENT"));
  await d.until("idle");
  const final = d.shown.slice(shown).find((m) => m.id === "SETTLEMENT_TOTALS");
  if (!final || final.id !== "SETTLEMENT_TOTALS") {
    problems.push(`the final settlement did not close the batch: ${d.shown.slice(shown).map((m) => m.id).join(" ")}`);
    return problems;
  }
  const done = mine().filter(booked);
  const ledger = {
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
  if (JSON.stringify(terminal) !== JSON.stringify(ledger)) problems.push(`the terminal settled ${JSON.stringify(terminal)}, the ledger booked ${JSON.stringify(ledger)}`);
  for (const e of done) if (!e.settled) problems.push(`STAN ${e.stan} booked, not settled`);
  return problems;
}

const flashOf = (script: Script, seed: number) => new MemoryFlash({ ...(script.geometry ?? { blocks: 16, blockSize: 4096 }), random: seededRandom(seed) });

interface RunResult {
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
async function run(script: Script, cut: number, tornByte = true, recoveryCut = 0): Promise<RunResult> {
  const d = await device({ flash: flashOf(script, cut * 2 + Number(tornByte)) });
  let again: Device | undefined;
  try {
    await script.setup?.(d);
    const batch = d.terminal.journal.batchNumber;
    const before = d.flash.operations;
    const erasesBefore = d.flash.erases;
    if (cut) d.flash.cutPowerAt(before + cut, { tornByte });
    await script.act(d);
    const operations = d.flash.operations - before;
    const erases = d.flash.erases - erasesBefore;
    const wasCut = !d.flash.powered;
    const done = !wasCut && script.done(d);
    const problems: string[] = [];
    if (wasCut && d.terminal.state !== "halted") problems.push(`the terminal is ${d.terminal.state} after the cut, not halted`);
    await d.close(true);
    let flash = d.flash.reboot();
    let cutUplink: Uint8Array[] = [];
    if (recoveryCut) {
      flash.cutPowerAt(recoveryCut, { tornByte });
      try {
        const cutAgain = await device({ flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
        cutUplink = cutAgain.uplink;
        await cutAgain.close(true);
      } catch (e) {
        // cut while the journal opens (a settled batch's compaction): the terminal never comes up, as on the device
        if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
      }
      if (flash.powered) problems.push(`the reboot never reached its operation ${recoveryCut}`);
      flash = flash.reboot();
    }
    again = await device({ flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
    const recoveryOperations = flash.operations;
    problems.push(...(await audit(again, batch)));
    const ksns = [...d.uplink, ...cutUplink, ...again.uplink].flatMap(ksnOf);
    return { operations, erases, cut: wasCut, done, recoveryOperations, problems, ksns };
  } finally {
    if (again) await again.close();
    else await d.close();
  }
}

const counts: Record<string, number> = {};
const recoveryCounts: Record<string, number> = {};
/** KSNs sent per type, over all its cut runs (each run a terminal of its own, its DUKPT registers kept across its reboots) */
const ksnCounts: Record<string, number> = {};

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

// serial: runs on real sockets share the 2-core machine
for (const script of SCRIPTS) {
  test.serial(`${script.name}: a power cut at every journal write and erase, then a reboot, recovery and settlement agree with the emulator's ledger`, async (t) => {
    const clean = await run(script, 0);
    t.deepEqual(clean.problems, [], "the run without a cut");
    t.true(clean.done, "the run without a cut did what the transaction is for");
    t.true(clean.operations > 0, "the transaction writes to the journal");
    if (script.geometry) t.true(clean.erases > 0, `the settlement's compaction erases blocks (${clean.erases} erases)`);
    const failures: string[] = [];
    let recoveryCuts = 0;
    let ksnsSent = clean.ksns.length;
    failures.push(...reusedKsns(clean, "the run without a cut"));
    for (let k = 1; k <= clean.operations; k++) {
      for (const tornByte of [true, false]) {
        const r = await run(script, k, tornByte);
        ksnsSent += r.ksns.length;
        failures.push(...reusedKsns(r, `cut at operation ${k}${tornByte ? " (torn byte)" : ""}`));
        if (!r.cut) failures.push(`cut ${k}: the transaction did not reach it`);
        for (const p of r.problems) failures.push(`cut at operation ${k}${tornByte ? " (torn byte)" : ""}: ${p}`);
        if (!tornByte) continue;
        // the reboot after this cut, cut in turn at each of its own writes and erases
        for (let j = 1; j <= r.recoveryOperations; j++) {
          const again = await run(script, k, true, j);
          recoveryCuts++;
          ksnsSent += again.ksns.length;
          failures.push(...reusedKsns(again, `cut at operation ${k}, reboot cut at ${j}`));
          for (const p of again.problems) failures.push(`cut at operation ${k}, reboot cut at ${j}: ${p}`);
        }
      }
    }
    counts[script.name] = clean.operations;
    recoveryCounts[script.name] = recoveryCuts;
    ksnCounts[script.name] = ksnsSent;
    t.log(`${clean.operations} cut points (${clean.erases} of them erases), each with a torn byte and a bare prefix; ${recoveryCuts} more with the reboot cut too; ${ksnsSent} KSNs sent, none twice in a run`);
    t.deepEqual(failures, []);
  });
}

test.serial("sign-on at boot: a power cut at every journal write of the boot's sign-on (its STAN reservation); the next boot signs on with STANs never used before", async (t) => {
  const first = await device();
  await first.close(true);
  const probe = first.flash.reboot();
  const booted = await device({ flash: probe, keys: first.keys, store: first.store, acquirer: first.acquirer });
  const operations = probe.operations;
  await booted.close(true);
  t.true(operations > 0, "the boot's sign-on reserves STANs on the journal");
  await first.acquirer.close();
  const failures: string[] = [];
  for (let k = 1; k <= operations; k++) {
    const d = await device();
    await d.close(true);
    const flash = d.flash.reboot();
    flash.cutPowerAt(k);
    const cut = await device({ flash, keys: d.keys, store: d.store, acquirer: d.acquirer });
    if (cut.terminal.state !== "halted") failures.push(`cut ${k}: the terminal is ${cut.terminal.state}, not halted`);
    await cut.close(true);
    const again = await device({ flash: flash.reboot(), keys: d.keys, store: d.store, acquirer: d.acquirer });
    try {
      if (!again.terminal.acquirer.signedOn) failures.push(`cut ${k}: not signed on after the reboot`);
      await swiped(again, "1000");
      if (again.acquirer.ledger.net(VISA) !== 1000) failures.push(`cut ${k}: the sale after the reboot moved ${again.acquirer.ledger.net(VISA)}`);
      const sent = [...d.uplink, ...cut.uplink, ...again.uplink].map(mtiStan);
      const signOns = new Set(sent.filter((m) => m.mti === "0800").map((m) => m.stan));
      for (const m of sent) if (m.mti === "0200" && signOns.has(m.stan)) failures.push(`cut ${k}: the sale reused a sign-on's STAN ${m.stan}`);
    } finally {
      await again.close();
    }
  }
  counts["sign-on"] = operations;
  t.log(`${operations} cut points`);
  t.deepEqual(failures, []);
});

test.serial("the cut points covered, per type and in all", (t) => {
  const total = Object.values(counts).reduce((n, c) => n + c, 0);
  const reboots = Object.values(recoveryCounts).reduce((n, c) => n + c, 0);
  t.log(`${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}; ${total} in all (${2 * total} cut runs with and without a torn byte), and ${reboots} cuts of the reboot that follows`);
  t.is(Object.keys(counts).length, SCRIPTS.length + 1, "every type ran");
  t.log(`KSNs sent, per type: ${Object.entries(ksnCounts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  t.true((ksnCounts["balance inquiry"] ?? 0) > 0, "the balance inquiry's online PIN sent KSNs: the check of no KSN twice ran on them");
});

/** DE62, the KSN of the PIN block, of a frame the terminal sent (2-byte length header); none when it has no PIN block. */
function ksnOf(frame: Uint8Array): string[] {
  const m = unpack(ISO87A, frame.subarray(2));
  const ksn = text(m, 62) ?? (bytes(m, 62) ? toHex(bytes(m, 62)!) : undefined);
  return ksn ? [ksn.toUpperCase()] : [];
}

/** MTI and DE11 of a frame the terminal sent (2-byte length header). */
function mtiStan(frame: Uint8Array): { mti: string; stan: string } {
  const m = unpack(ISO87A, frame.subarray(2));
  return { mti: m.mti, stan: text(m, 11) ?? "" };
}
