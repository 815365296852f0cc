/**
 * The acquirer client on any engine (these suites also run on XS), against
 * a small host behind a loopback link and a virtual clock, with its
 * journal on a memory flash.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import type { WallClock } from "../../../modules/core/ports.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A } from "../../../modules/iso8583/dialect.ts";
import { responseMti, text, bytes, type IsoMessage } from "../../../modules/iso8583/message.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../../modules/journal/transaction-journal.ts";
import { AcquirerClient, type AcquirerConfig } from "../../../modules/uplink/acquirer-client.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { macValid, packWithMac } from "../../../modules/uplink/message-mac.ts";
import { parseTlv } from "../../../modules/emv/tlv.ts";
import { completionChipData } from "../../../modules/uplink/chip-advice.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

const crypto = testCrypto(3);
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");

/** A host that signs on with a fixed MAC key and approves everything (settlement: 95 first when asked), keeping what it saw. */
function host() {
  const seen: IsoMessage[] = [];
  let silent = false;
  let reconcileOnce = false;
  let rrn = 41;
  const answer = (request: IsoMessage, fields: Record<number, string>) => {
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], ...Object.entries(fields).map(([k, v]) => [Number(k), v] as [number, string])]) };
    return request.mti === "0800" ? pack(ISO87A, response) : packWithMac(crypto, ISO87A, response, TAK);
  };
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    seen.push(request);
    if (silent) return [];
    if (request.mti === "0800") {
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      return [answer(request, { 39: "00", 48: toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv })];
    }
    if (!macValid(crypto, ISO87A, raw, request, TAK)) return [answer(request, { 39: "96" })];
    if (request.mti === "0500" && reconcileOnce) {
      reconcileOnce = false;
      return [answer(request, { 39: "95" })];
    }
    if (request.mti !== "0200" && request.mti !== "0100") return [answer(request, { 39: "00" })];
    rrn++;
    return [answer(request, { 39: "00", 37: String(rrn).padStart(12, "0"), 38: String(rrn).padStart(6, "0") })];
  });
  return {
    link,
    seen,
    mtis: () => seen.map((m) => m.mti),
    silence: (on: boolean) => (silent = on),
    reconcileOnce: () => (reconcileOnce = true),
  };
}

/** 2026-11-25 23:30:05 UTC; the terminal two hours east (already the 26th there). */
const NOV_25 = Date.UTC(2026, 10, 25, 23, 30, 5);
const wallClock = (utcMs = NOV_25, offsetMinutes = 120): WallClock => ({ utcMs: () => utcMs, offsetMinutes: () => offsetMinutes });

/** What a restart keeps: the flash (a new MemoryFlash with the same bytes on `reboot`) and the key store. */
function durable(blocks = 16, blockSize = 4096) {
  return { flash: new MemoryFlash({ blocks, blockSize }), keys: new MemoryKeyStore() };
}

function client(link: LoopbackLink, clock: VirtualClock, state = durable(), extra: Partial<AcquirerConfig> = {}, wall = wallClock()) {
  return new AcquirerClient({
    link,
    clock,
    wallClock: wall,
    crypto,
    keys: state.keys,
    journal: TransactionJournal.open(state.flash, { crypto, keys: state.keys }),
    log: new RecordingLog(),
    config: { host: "acquirer", port: 8583, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: 5000, ...extra },
  });
}

async function signedOn(h = host(), state = durable(), extra: Partial<AcquirerConfig> = {}) {
  const clock = new VirtualClock();
  const c = client(h.link, clock, state, extra);
  c.loadMasterKey(TMK);
  await c.signOn();
  return { h, clock, c, state };
}

/** Lets promise jobs run, then moves the virtual clock. */
async function elapse(clock: VirtualClock, ms: number) {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  clock.advance(ms);
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

const PAN = "4111111111111111";
const SALE = { kind: "sale" as const, amountMinor: 1250, currency: "978", pan: PAN, expiry: "3012", entry: "swipe" as const };

test("sign-on, then a MACed sale approved: two journal records (intent; answered and completed) in two flash writes", async (t) => {
  const { h, c, state } = await signedOn();
  t.true(c.signedOn);
  const records = c.journal.storage.lastSequence;
  const writes = state.flash.writes;
  const r = await c.authorize(SALE);
  t.like(r, { status: "approved", rrn: "000000000042", authCode: "000042", stan: "000002", invoice: "000001" });
  t.deepEqual(h.mtis(), ["0800", "0200"]);
  t.deepEqual(c.pending, []);
  t.is(c.journal.totals().debitsMinor, 1250);
  t.is(c.journal.storage.lastSequence - records, 2);
  t.is(state.flash.writes - writes, 2, "each record is one flash write");
});

test("DE7 is the wall clock in GMT; DE12 and DE13 are the terminal's local time", async (t) => {
  // ISO 8583:1987: DE7 transmission date and time MMDDhhmmss in GMT, DE12 local hhmmss, DE13 local MMDD.
  // 23:30:05 GMT on 25 November is 01:30:05 on 26 November two hours east.
  const { h, c } = await signedOn();
  await c.authorize(SALE);
  const request = h.seen[1];
  t.is(text(request, 7), "1125233005");
  t.is(text(request, 12), "013005");
  t.is(text(request, 13), "1126");
});

test("no answer within the time-out: a durable reversal, sent first after a restart, naming the original by DE90", async (t) => {
  const { h, clock, c, state } = await signedOn();
  h.silence(true);
  const pending = c.authorize(SALE);
  await elapse(clock, 5000);
  t.like(await pending, { status: "failed", error: "HOST_TIMEOUT", prompt: "NO RESPONSE", reversalQueued: true });
  h.silence(false);
  const again = client(h.link, clock, state);
  t.deepEqual(again.pending, [{ mti: "0400", originalStan: "000002", reason: "no answer" }]);
  t.like(await again.authorize(SALE), { status: "approved" });
  t.deepEqual(h.mtis(), ["0800", "0200", "0400", "0200"]);
  const reversal = h.seen[2];
  t.is(text(reversal, 11), "000002");
  t.is(text(reversal, 39), "68");
  t.is(text(reversal, 90), "0200" + "000002" + "1125233005" + "0".repeat(22));
  t.is(text(reversal, 2), undefined, "a reversal carries no PAN");
  t.deepEqual(again.pending, []);
});

test("an unreachable host is retried once, then reported; nothing is journaled", async (t) => {
  const { h, c } = await signedOn();
  h.link.down = true;
  const before = h.link.connections;
  const sequence = c.journal.storage.lastSequence;
  t.like(await c.authorize(SALE), { status: "failed", error: "HOST_CONNECT", reversalQueued: false });
  t.is(h.link.connections, before);
  t.is(c.journal.storage.lastSequence, sequence);
});

test("thirty sales: the batch is the journal's records, no payload over 35 bytes, totals by scheme and type", async (t) => {
  const { c } = await signedOn();
  for (let i = 0; i < 30; i++) t.is((await c.authorize({ ...SALE, amountMinor: 100 + i, pan: i % 3 ? PAN : "5555555555554444" })).status, "approved");
  t.like(await c.authorize({ ...SALE, kind: "refund", amountMinor: 40 }), { status: "approved" });
  const totals = c.journal.totals();
  t.is(totals.debits, 30);
  t.is(totals.debitsMinor, 30 * 100 + (29 * 30) / 2);
  t.deepEqual(totals.byType.refund, { count: 1, amountMinor: 40 });
  t.is(totals.byScheme.mastercard!.debits, 10);
  t.is(totals.byScheme.visa!.debits, 20);
  t.is(totals.byScheme.visa!.credits, 1);
  t.is(c.journal.batch().length, 31);
  const sizes = [...c.journal.storage.records()].map((r) => r.payload.length);
  t.true(Math.max(...sizes) <= 35, `largest record payload ${Math.max(...sizes)} bytes`);
});

test("a deferred completion counts once complete() is called, its answer written with it (a second record); one a restart interrupts is reversed by recovery as unanswered", async (t) => {
  const { h, clock, c, state } = await signedOn();
  const records = c.journal.storage.lastSequence;
  const done = await c.authorize({ ...SALE, entry: "chip", deferCompletion: true });
  t.is(c.journal.totals().debits, 0, "not counted before its completion");
  t.is(c.journal.storage.lastSequence - records, 1, "the intent only: the answer waits for the completion");
  c.complete(done.stan);
  t.is(c.journal.storage.lastSequence - records, 2);
  t.like(c.journal.find(Number(done.stan)), { state: "completed", authCode: "000042", rrn: "000000000042" });
  t.is(c.journal.totals().debits, 1);
  const interrupted = await c.authorize({ ...SALE, amountMinor: 999, entry: "chip", deferCompletion: true });
  const rebooted = client(h.link, clock, state);
  t.deepEqual(rebooted.pending, [{ mti: "0400", originalStan: interrupted.stan, reason: "no answer" }]);
  t.deepEqual(await rebooted.recover(), { completed: 0, delivered: 1, pending: 0 });
  t.is(text(h.seen[h.seen.length - 1], 39), "68");
  t.like(rebooted.journal.totals(), { debits: 1, debitsMinor: 1250 });
});

test("an approval whose intent asks recovery to complete it is completed at boot, not reversed", async (t) => {
  const { h, clock, c, state } = await signedOn();
  await c.authorize({ ...SALE, deferCompletion: true, onPowerLoss: "complete" });
  const rebooted = client(h.link, clock, state);
  t.deepEqual(await rebooted.recover(), { completed: 1, delivered: 0, pending: 0 });
  t.like(rebooted.journal.totals(), { debits: 1, debitsMinor: 1250 });
  t.false(h.mtis().includes("0400"));
  t.like(client(h.link, clock, state).journal.totals(), { debits: 1 }, "the completion is on the flash");
});

test("an offline approval keeps its PAN and chip data sealed; the advice carries DE2 and DE55 without track-equivalent data", async (t) => {
  const { h, clock, c, state } = await signedOn();
  // EMV Book 3 tags: 9F26 application cryptogram, 57 track 2 equivalent data, 9F36 ATC
  const icc = fromHex("9F2608A1B2C3D4E5F60718" + "5713" + "4111111111111111D30121010000000000000F" + "9F36020012");
  h.silence(true);
  const advised = c.advise({ ...SALE, entry: "chip", iccData: icc, authCode: "Y1" });
  await elapse(clock, 5000);
  t.false(await advised);
  t.is(c.pending[0].mti, "0220");
  t.is(c.journal.totals().byType.offline.count, 1);
  h.silence(false);
  t.is(await c.drainPending(), 1);
  const advice = h.seen[h.seen.length - 1];
  t.is(advice.mti, "0220");
  t.is(text(advice, 2), PAN);
  t.is(text(advice, 38)?.trimEnd(), "Y1");
  t.deepEqual(parseTlv(bytes(advice, 55)!).map((x) => x.tag), ["9F26", "9F36"]);
  t.is(toHex(state.flash.image()).indexOf(toHex(new TextEncoder().encode(PAN))), -1);
});

test("a void on a link that wants the PAN sends the sale's PAN, unsealed from the journal", async (t) => {
  const { h, c } = await signedOn(host(), durable(), { voidCarriesPan: true });
  const sale = await c.authorize(SALE);
  const voided = await c.void(sale.stan);
  t.is(voided.status, "approved");
  const request = h.seen[h.seen.length - 1];
  t.is(text(request, 3), "020000");
  t.is(text(request, 2), PAN);
  t.is(text(request, 37), sale.rrn);
  t.like(c.journal.totals(), { debits: 0, byType: { void: { count: 1, amountMinor: 1250 } } });
});

test("STANs never repeat across restarts: intents, sign-ons and echoes", async (t) => {
  const h = host();
  const state = durable();
  const clock = new VirtualClock();
  for (let boot = 0; boot < 4; boot++) {
    const c = client(h.link, clock, state);
    if (boot === 0) c.loadMasterKey(TMK);
    await c.signOn();
    await c.echo();
    await c.authorize(SALE);
    await c.echo();
  }
  const stans = h.seen.map((m) => text(m, 11));
  t.is(new Set(stans).size, stans.length, stans.join(" "));
});

test("settlement answered 95: every transaction uploaded, the batch closed in one record, the journal compacted", async (t) => {
  const { h, c, state } = await signedOn();
  await c.authorize(SALE);
  await c.authorize({ ...SALE, kind: "refund", amountMinor: 200 });
  h.reconcileOnce();
  const result = await c.settle();
  t.like(result, { balanced: false, uploaded: 2, totals: { debits: 1, debitsMinor: 1250, credits: 1, creditsMinor: 200 } });
  t.deepEqual(h.mtis().slice(-4), ["0500", "0320", "0320", "0500"]);
  t.is(text(h.seen[h.seen.length - 1], 3), "960000");
  t.like(c.journal.lastSettlement, { batch: 1, debits: 1, credits: 1, uploaded: 2, balanced: false });
  t.is(c.journal.batchNumber, 2);
  t.deepEqual(c.journal.batch(), []);
  t.deepEqual([...c.journal.storage.records()].map((r) => r.type), [0x19, 0x1a, 0x1d], "what a compaction keeps: the settlement, the counters and the day's totals");
  const rebooted = client(h.link, new VirtualClock(), state);
  t.is(rebooted.journal.batchNumber, 2);
  const next = await rebooted.authorize(SALE);
  t.is(text(h.seen[h.seen.length - 1], 60), "000002" + next.invoice);
  t.is(next.invoice, "000003", "invoice numbers run on across batches");
});

test("a full journal refuses a sale with JOURNAL_FULL before anything is sent; settlement makes room again", async (t) => {
  // 4 blocks of 512 bytes, one for compactions: room for a handful of sales
  const { h, c } = await signedOn(host(), durable(4, 512));
  let sales = 0;
  while (c.journal.canStart()) {
    t.is((await c.authorize(SALE)).status, "approved");
    sales++;
  }
  t.true(sales >= 5, `${sales} sales fit`);
  const seen = h.seen.length;
  await t.throwsAsync(() => c.authorize(SALE), { code: "JOURNAL_FULL" });
  t.is(h.seen.length, seen, "nothing left the terminal");
  t.like(await c.settle(), { balanced: true, totals: { debits: sales } });
  t.true(c.journal.canStart());
  t.is((await c.authorize(SALE)).status, "approved");
});

test("pre-authorization messages, China UnionPay-style: 0100 processing 03 DE25 06; completion 0200 processing 00 DE25 06 with DE38, DE61, DE90; cancellation 0100 processing 20; their reversals 0400 DE25 06", async (t) => {
  // conventions documented in modules/uplink/README.md (China UnionPay POS practice for ISO 8583:1987)
  const { h, clock, c } = await signedOn();
  const hold = await c.authorize({ ...SALE, kind: "preauth", amountMinor: 30_000 });
  t.like(hold, { status: "approved", authCode: "000042", stan: "000002" });
  const pre = h.seen[1];
  t.is(pre.mti, "0100");
  t.is(text(pre, 3), "030000");
  t.is(text(pre, 25), "06");
  t.is(text(pre, 2), PAN, "the authorization message carries the PAN");
  t.is(c.journal.totals().debits, 0);

  const done = await c.completePreauth(hold.stan, 25_000);
  t.is(done.status, "approved");
  const completion = h.seen[2];
  t.is(completion.mti, "0200");
  t.is(text(completion, 3), "000000");
  t.is(text(completion, 4), "000000025000");
  t.is(text(completion, 25), "06");
  t.is(text(completion, 38), "000042");
  // batch 000001, the hold's STAN 000002, its local date 26 November (two hours east of 23:30 GMT)
  t.is(text(completion, 61), "000001" + "000002" + "1126");
  t.is(text(completion, 90), "0100" + "000002" + "1125233005" + "0".repeat(22));
  t.is(text(completion, 2), undefined, "the completion names the hold, not the card");
  t.like(c.journal.totals(), { debits: 1, debitsMinor: 25_000 });

  const second = await c.authorize({ ...SALE, kind: "preauth", amountMinor: 7_000 });
  h.silence(true);
  const pending = c.cancelPreauth(second.stan);
  await elapse(clock, 5000);
  t.like(await pending, { status: "failed", reversalQueued: true });
  h.silence(false);
  const cancel = h.seen[4];
  t.is(cancel.mti, "0100");
  t.is(text(cancel, 3), "200000");
  t.is(text(cancel, 4), "000000007000");
  t.is(text(cancel, 25), "06");
  t.is(await c.drainPending(), 1);
  const reversal = h.seen[5];
  t.is(reversal.mti, "0400");
  t.is(text(reversal, 3), "200000");
  t.is(text(reversal, 25), "06");
  t.is(text(reversal, 90)!.slice(0, 10), "0100" + text(cancel, 11));
  t.is(c.journal.find(Number(second.stan))!.state, "completed", "the reversed cancellation leaves the hold open");
});

test("an offline pre-auth completion is one journal record (intent and advice queued) and goes as a 0220 with the completion's fields (processing 00, DE25 06, DE38, DE61, DE90) and no PAN", async (t) => {
  const { h, clock, c, state } = await signedOn();
  const hold = await c.authorize({ ...SALE, kind: "preauth", amountMinor: 30_000 });
  h.silence(true);
  const writes = state.flash.writes;
  const pending = c.completePreauth(hold.stan, 20_000, { offline: true });
  await elapse(clock, 5000);
  t.like(await pending, { status: "approved", authCode: "000042" });
  t.is(state.flash.writes - writes, 1, "one flash write while the host is silent");
  h.silence(false);
  t.is(await c.drainPending(), 1);
  const advice = h.seen.at(-1)!;
  t.is(advice.mti, "0220");
  t.is(text(advice, 3), "000000");
  t.is(text(advice, 4), "000000020000");
  t.is(text(advice, 25), "06");
  t.is(text(advice, 38), "000042");
  t.is(text(advice, 61), "000001" + "000002" + "1126");
  t.is(text(advice, 90)!.slice(0, 10), "0100000002");
  t.is(text(advice, 2), undefined);
  t.like(c.journal.totals(), { debits: 1, debitsMinor: 20_000 });
});

/**
 * The kernel's DE55 after a second GENERATE AC that gave a TC (EMV 4.4
 * Book 3 Annex A tags): 9F26 TC, 9F27 40 (TC), 9F36 ATC, 9F10 IAD, 95 TVR,
 * 9A, 9C, 9F02, 5F2A, 82 AIP, 9F1A, 5A and 57 (card data the advices must
 * not carry), 9F5B one script's results (Book 4 Annex A5: 20 = processed,
 * then its identifier).
 */
const TC_DE55 = fromHex(
  "9F2608AB12CD34EF5600789F2701409F360200129F1007060A0A03A000009505000000800" +
    "09A032611259C01009F02060000000015005F2A020978820239009F1A020276" +
    "5A0847617390010100285713" + "4761739001010028D28122011234567890000F" +
    "9F5B0520A1B2C3D4",
);

test("a chip sale completed with its TC: one journal record completes it and queues the 0320 TC upload and the 0620 script results, sent with DE55 and DE90, MACed, without PAN or track data", async (t) => {
  const { h, c, state } = await signedOn();
  const sale = await c.authorize({ ...SALE, entry: "chip", deferCompletion: true });
  t.is(sale.status, "approved");
  const writes = state.flash.writes;
  c.complete(sale.stan, { iccData: completionChipData(TC_DE55, fromHex("E800"), "00") });
  t.is(state.flash.writes - writes, 1, "the completion and the queued advices are one flash write");
  t.like(c.journal.totals(), { debits: 1, debitsMinor: 1250 });
  t.deepEqual(c.pending.map((p) => [p.mti, p.originalStan]), [["0320", sale.stan], ["0620", sale.stan]]);
  t.is(await c.drainPending(), 2);
  const [upload, scripts] = h.seen.slice(-2);
  t.deepEqual([upload.mti, scripts.mti], ["0320", "0620"]);
  for (const m of [upload, scripts]) {
    t.is(text(m, 11), sale.stan, "the sale's own STAN");
    t.is(text(m, 90)?.slice(0, 10), "0200" + sale.stan, "DE90 names the 0200 of the sale");
    t.is(text(m, 37), sale.rrn);
    t.is(text(m, 2), undefined, "no PAN");
    t.is(text(m, 35), undefined, "no track 2");
    // DE90 sits in the secondary bitmap, so the MAC is DE128; the host checked it (it answers 96 otherwise, and the client would not record the delivery)
    t.true(m.fields.has(128), "MACed");
    const tags = parseTlv(bytes(m, 55)!).map((x) => x.tag);
    // the kernel's objects less 5A and 57, with the TSI and the ARC added
    t.deepEqual(tags, ["9F26", "9F27", "9F36", "9F10", "95", "9B", "8A", "9F02", "9F1A", "5F2A", "9A", "9C", "82", "9F5B"]);
  }
  t.deepEqual(c.pending, []);
  t.is(await c.drainPending(), 0, "sent once");
  t.is(h.seen.filter((m) => m.mti === "0320" || m.mti === "0620").length, 2);
  t.is(toHex(state.flash.image()).indexOf(toHex(new TextEncoder().encode("4761739001010028"))), -1, "no PAN in ASCII on the flash");
});

test("a chip sale whose card ran no script queues the TC upload only; it survives a reboot and goes before the next sale as a repeat (0321)", async (t) => {
  const { h, clock, c, state } = await signedOn();
  const sale = await c.authorize({ ...SALE, entry: "chip", deferCompletion: true });
  const noScripts = TC_DE55.subarray(0, TC_DE55.length - 8);
  c.complete(sale.stan, { iccData: noScripts });
  t.deepEqual(c.pending.map((p) => p.mti), ["0320"]);
  const rebooted = client(h.link, clock, { flash: state.flash.reboot(), keys: state.keys });
  t.deepEqual(rebooted.pending.map((p) => p.mti), ["0320"]);
  await rebooted.authorize(SALE);
  // queued before the boot, it may have reached the host already: ISO 8583:1987 message function 1, "repeat"
  t.deepEqual(h.mtis().slice(-2), ["0321", "0200"]);
  t.deepEqual(rebooted.pending, []);
});

test("chip data that is not BER-TLV completes the sale without an advice", async (t) => {
  const { c } = await signedOn();
  const sale = await c.authorize({ ...SALE, entry: "chip", deferCompletion: true });
  c.complete(sale.stan, { iccData: fromHex("9F2608AB") });
  t.is(c.journal.find(Number(sale.stan))!.state, "completed");
  t.deepEqual(c.pending, []);
});
