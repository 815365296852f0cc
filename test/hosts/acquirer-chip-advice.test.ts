/**
 * A chip sale's TC upload (0320) and issuer script results (0620)
 * against the acquirer emulator over real sockets on 127.0.0.1: the
 * emulator checks the TC with its issuer master key and records both in
 * its ledger without moving money; each arrives once, also when the
 * power is cut between the completion and the advice, and at every flash
 * write of the completion and of the advice's delivery.
 */
import test from "ava";
import { isXsposError } from "../../modules/core/error.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { applicationCryptogram, commonSessionKey, iccMasterKey } from "../../modules/emv/cryptogram.ts";
import { encodeTlv } from "../../modules/emv/tlv.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { startAcquirer, type Acquirer } from "../../hosts/acquirer/acquirer.ts";
import { TEST_BDK, TEST_IMK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";

import { crypto, durable, terminal, TID } from "../support/socket-client.ts";

const VISA = "4111111111111111";

/**
 * A card under the emulator's convention for `imk` (hosts/acquirer: an
 * application cryptogram over EMV Book 2's minimum data set, under the
 * common session key of the option A master key): its ARQC for the
 * request and its TC for the completion, the TC over the TVR after
 * completion. Computed here as the card would; what the test shows is
 * that the emulator finds the TC valid, and a changed one wrong.
 */
function card(amountMinor: number, atcHex: string) {
  const mk = iccMasterKey(crypto, fromHex(TEST_IMK), VISA, "01");
  const atc = fromHex(atcHex);
  const r = new Uint8Array(8);
  r.set(atc);
  const key = commonSessionKey(crypto, mk, r);
  const objects = (tvr: string): [string, string][] => [
    ["9F02", String(amountMinor).padStart(12, "0")],
    ["9F03", "000000000000"],
    ["9F1A", "0978"],
    ["95", tvr],
    ["5F2A", "0978"],
    ["9A", "261125"],
    ["9C", "00"],
    ["9F37", "5D0F8A3A"],
    ["82", "3900"],
    ["9F36", atcHex],
  ];
  const cryptogramOf = (tvr: string) => applicationCryptogram(crypto, key, fromHex(objects(tvr).map(([, v]) => v).join("")));
  const tlv = (pairs: [string, string][]) => pairs.map(([tag, v]) => toHex(encodeTlv(tag, fromHex(v)))).join("");
  const arqc = cryptogramOf("0000008000");
  const tc = cryptogramOf("0000008000");
  return {
    request: fromHex(tlv([["9F26", toHex(arqc)], ["9F27", "80"], ...objects("0000008000"), ["5F34", "01"]])),
    /** the kernel's DE55 after the second GENERATE AC; `scripts`: 9F5B of one script run (EMV 4.4 Book 4 Annex A5: 20 = processed) */
    completion: (options: { forged?: boolean; scripts?: boolean } = {}) => {
      const cryptogram = tc.slice();
      if (options.forged) cryptogram[0] ^= 1;
      return fromHex(tlv([["9F26", toHex(cryptogram)], ["9F27", "40"], ["9F10", "06010A03A00000"], ...objects("0000008000"), ["9B", "E800"], ["8A", "3030"], ["5F34", "01"], ...(options.scripts ? ([["9F5B", "2000000001"]] as [string, string][]) : [])]));
    },
  };
}

async function rig() {
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), imk: fromHex(TEST_IMK) });
  const state = durable();
  const client = terminal(acquirer, state);
  client.loadMasterKey(fromHex(TEST_TMK));
  await client.signOn();
  return { acquirer, state, client };
}

const chipSale = (amountMinor: number, icc: Uint8Array) => ({ kind: "sale" as const, amountMinor, currency: "978", pan: VISA, expiry: "3012", entry: "chip" as const, panSequence: "01", iccData: icc, deferCompletion: true });

test.serial("the TC upload and the script results reach the emulator once: the TC checked valid with its issuer master key, the script results recorded, no money moved", async (t) => {
  const { acquirer, client } = await rig();
  try {
    const c = card(2500, "001C");
    const sale = await client.authorize(chipSale(2500, c.request));
    t.is(sale.status, "approved");
    client.complete(sale.stan, { iccData: c.completion({ scripts: true }) });
    t.is(await client.drainPending(), 2);
    t.is(await client.drainPending(), 0);
    const tc = acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`)!;
    t.like(tc, { advice: "tcUpload", tcValid: true, cid: "40", received: 1, scriptResults: "2000000001" });
    t.truthy(tc.of && acquirer.ledger.entries.get(tc.of)?.kind === "sale", "DE90 names the sale the ledger holds");
    t.like(acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:scriptResult`), { advice: "scriptResult", scriptResults: "2000000001", received: 1 });
    t.is(acquirer.ledger.net(VISA), 2500, "the advices moved no money");
    t.is(acquirer.ledger.entries.size, 1, "nothing but the sale in the money ledger");
    const settled = await client.settle();
    t.true(settled.balanced, "the advices change no settlement total");
  } finally {
    await acquirer.close();
  }
});

test.serial("a TC that is not the card's is recorded as wrong, and the sale stands", async (t) => {
  const { acquirer, client } = await rig();
  try {
    const c = card(1800, "0021");
    const sale = await client.authorize(chipSale(1800, c.request));
    client.complete(sale.stan, { iccData: c.completion({ forged: true }) });
    t.is(await client.drainPending(), 1);
    t.like(acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`), { tcValid: false, received: 1 });
    t.is(acquirer.ledger.chipAdvices.has(`${TID}:${sale.stan}:scriptResult`), false, "no scripts ran: no 0620");
    t.is(acquirer.ledger.net(VISA), 1800);
  } finally {
    await acquirer.close();
  }
});

test.serial("the power cut between the completion and the advice: after the reboot, recovery sends the TC upload and it arrives once", async (t) => {
  const { acquirer, state, client } = await rig();
  try {
    const c = card(900, "0030");
    const sale = await client.authorize(chipSale(900, c.request));
    client.complete(sale.stan, { iccData: c.completion({ scripts: true }) });
    // the power goes before anything is sent: the terminal restarts on the same flash and key store
    const rebooted = terminal(acquirer, { flash: state.flash.reboot(), keys: state.keys });
    t.deepEqual(rebooted.pending.map((p) => p.mti), ["0320", "0620"]);
    t.like(await rebooted.recover(), { delivered: 2, pending: 0 });
    t.like(acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`), { received: 1, tcValid: true });
    t.like(acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:scriptResult`), { received: 1 });
    t.is(acquirer.ledger.net(VISA), 900);
  } finally {
    await acquirer.close();
  }
});

test.serial("a power cut after the host answered the advices and before the next record: at boot they go again as repeats (0321, 0621), acknowledged, and the ledger records each once", async (t) => {
  const lines: string[] = [];
  const acquirer = await startAcquirer({ dialect: ISO87A, bdk: fromHex(TEST_BDK), tmk: fromHex(TEST_TMK), imk: fromHex(TEST_IMK), log: (line) => lines.push(line) });
  const state = durable();
  try {
    const client = terminal(acquirer, state);
    client.loadMasterKey(fromHex(TEST_TMK));
    await client.signOn();
    const c = card(1100, "0050");
    const sale = await client.authorize(chipSale(1100, c.request));
    client.complete(sale.stan, { iccData: c.completion({ scripts: true }) });
    const writes = state.flash.writes;
    t.is(await client.drainPending(), 2);
    t.is(state.flash.writes, writes, "the answers wrote nothing: their marks wait for the next record");
    t.deepEqual(client.pending, []);
    // the power goes now: the marks were in no record
    const flash = state.flash.reboot();
    const rebooted = terminal(acquirer, { flash, keys: state.keys });
    t.deepEqual(rebooted.pending.map((p) => p.mti), ["0320", "0620"]);
    t.like(await rebooted.recover(), { delivered: 2, pending: 0 });
    const tc = acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`)!;
    const scripts = acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:scriptResult`)!;
    t.like(tc, { received: 2, repeats: 1, tcValid: true });
    t.like(scripts, { received: 2, repeats: 1, scriptResults: "2000000001" });
    t.is(acquirer.ledger.chipAdvices.size, 2, "one record per advice");
    t.true(lines.some((l) => l === `acquirer: tcUpload of ${TID} STAN ${sale.stan} again (repeat), recorded once`), "the second TC upload came as a repeat");
    t.is(acquirer.ledger.net(VISA), 1100, "no money moved twice");
    // the next record carries the repeats' marks: a second boot sends nothing
    await rebooted.authorize({ ...chipSale(200, card(200, "0051").request), deferCompletion: false });
    const again = terminal(acquirer, { flash: flash.reboot(), keys: state.keys });
    t.deepEqual(again.pending, []);
    t.is(tc.received, 2);
  } finally {
    await acquirer.close();
  }
});

test.serial("a TC upload the host never got goes again as a repeat (0321), and the emulator records that repeat as the original", async (t) => {
  const { acquirer, client } = await rig();
  try {
    const c = card(1300, "0060");
    const sale = await client.authorize(chipSale(1300, c.request));
    client.complete(sale.stan, { iccData: c.completion() });
    // the 0320 is lost on the way: not processed, not answered
    acquirer.inject({ on: "0320", kind: "drop", process: false });
    await t.throwsAsync(client.drainPending(), { code: "REVERSAL_PENDING" } as never);
    t.is(acquirer.ledger.chipAdvices.size, 0);
    t.is(await client.drainPending(), 1);
    t.like(acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`), { received: 1, repeats: 1, tcValid: true });
  } finally {
    await acquirer.close();
  }
});

test.serial("a power cut at every flash write from the completion to the next sale's answer (its intent carries the advices' delivery marks): the sale is either reversed with no advice recorded, or stands with its TC upload and script results recorded once each, a repeat among them when the marks were lost", async (t) => {
  const failures: string[] = [];
  const outcomes = { reversed: 0, advised: 0, repeated: 0 };
  let operations = 0;
  for (let cut = 1; cut <= 8; cut++) {
    for (const tornByte of [false, true]) {
      const { acquirer, state, client } = await rig();
      try {
        const c = card(700, "0040");
        const sale = await client.authorize(chipSale(700, c.request));
        const base = state.flash.operations;
        state.flash.cutPowerAt(base + cut, { tornByte });
        let wasCut = false;
        try {
          client.complete(sale.stan, { iccData: c.completion({ scripts: true }) });
          await client.drainPending();
          // the next sale: its intent is the record that carries the two delivery marks
          await client.authorize({ ...chipSale(300, card(300, "0041").request), deferCompletion: false });
        } catch (e) {
          if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
          wasCut = true;
        }
        if (!wasCut) {
          operations = state.flash.operations - base;
          continue;
        }
        const rebooted = terminal(acquirer, { flash: state.flash.reboot(), keys: state.keys });
        await rebooted.recover();
        await rebooted.settle();
        const row = rebooted.journal.find(Number(sale.stan));
        const tc = acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:tcUpload`);
        const scripts = acquirer.ledger.chipAdvices.get(`${TID}:${sale.stan}:scriptResult`);
        const booked = [...acquirer.ledger.entries.values()][0];
        const where = `cut ${cut}${tornByte ? " (torn byte)" : ""}`;
        if (booked.reversed) {
          outcomes.reversed++;
          if (tc || scripts) failures.push(`${where}: reversed, yet an advice was recorded`);
        } else {
          outcomes.advised++;
          if (!tc || !scripts) failures.push(`${where}: the sale stands, an advice is missing`);
          if (tc && tc.tcValid !== true) failures.push(`${where}: the TC was not found valid`);
          if (tc && scripts && tc.repeats !== scripts.repeats) failures.push(`${where}: one advice repeated, not the other`);
          if (tc?.repeats) outcomes.repeated++;
          if (tc && tc.received !== 1 + tc.repeats) failures.push(`${where}: the TC upload arrived ${tc.received} times with ${tc.repeats} repeats`);
        }
        if ([...acquirer.ledger.entries.values()].filter((e) => e.stan === sale.stan).length !== 1) failures.push(`${where}: the sale booked more than once`);
        if (row && row.state !== "reversed" && booked.reversed) failures.push(`${where}: ${row.state} at the terminal, reversed at the host`);
        if (rebooted.journal.pending().length) failures.push(`${where}: still pending after settlement`);
      } finally {
        await acquirer.close();
      }
    }
  }
  t.log(`${operations} flash writes from the completion to the next sale's answer; ${outcomes.reversed} cut runs reversed, ${outcomes.advised} advised, ${outcomes.repeated} of them with repeats`);
  t.is(operations, 3, "the completion, then the next sale's intent (with the delivery marks) and its answer: no delivered record of their own");
  t.true(outcomes.reversed > 0 && outcomes.advised > 0, "cuts fall both before and after the completion");
  t.true(outcomes.repeated > 0, "a cut at the intent that carries the marks sends the advices again, as repeats");
  t.deepEqual(failures, []);
});
