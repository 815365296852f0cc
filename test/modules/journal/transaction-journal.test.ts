/**
 * The transaction journal: its views after each step, refusals, the room
 * it keeps for settlement, and settlement's compaction under a power cut
 * at every flash write and erase.
 */
import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import { TX_TYPE } from "../../../modules/journal/transaction-records.ts";
import { DAY_TOTALS_LENGTH, decodeDayTotals, encodeDayTotals, localDay } from "../../../modules/journal/day-totals.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(7);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function open(flash: MemoryFlash, keys = new MemoryKeyStore()) {
  return TransactionJournal.open(flash, { crypto, keys });
}

const sale = (amountMinor: number, pan = "4111111111111111"): NewTransaction => ({ kind: "sale", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "swipe", pan });

/** A sale through every step the client writes: intent, sent, answered, completed. */
function completedSale(j: TransactionJournal, amountMinor: number, pan?: string): number {
  const { stan } = j.begin(sale(amountMinor, pan));
  j.sent(stan);
  j.answered({ stan, approved: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001" });
  j.completed(stan);
  return stan;
}

test("each step moves the views: a sale counts once completed, a void takes it out, a refund credits, a reversal queues and clears", (t) => {
  const j = open(new MemoryFlash({ blocks: 8, blockSize: 1024 }));
  const first = j.begin(sale(1000));
  t.like(first, { stan: 1, invoice: 1, batch: 1, state: "intended", truncatedPan: "411111******1111", scheme: "visa", utcSeconds: T0 / 1000, offsetMinutes: 60 });
  j.sent(1);
  j.answered({ stan: 1, approved: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001" });
  t.deepEqual(j.awaitingCompletion().map((x) => x.stan), [1]);
  t.is(j.totals().debits, 0);
  j.completed(1);
  t.like(j.find(1), { state: "completed", rrn: "600000000001", authCode: "A1B2C3", responseCode: "00" });
  t.like(j.totals(), { debits: 1, debitsMinor: 1000 });
  const refund = j.begin({ ...sale(250, "5555555555554444"), kind: "refund" });
  j.sent(refund.stan);
  j.answered({ stan: refund.stan, approved: true, responseCode: "00", authCode: "", rrn: "600000000002" });
  j.completed(refund.stan);
  const v = j.begin({ kind: "void", amountMinor: 1000, currency: "978", utcMs: T0, offsetMinutes: 60, originalStan: 1, scheme: "visa" });
  j.sent(v.stan);
  j.answered({ stan: v.stan, approved: true, responseCode: "00", authCode: "", rrn: "600000000003" });
  j.voided(v.stan);
  t.is(j.find(1)!.state, "voided");
  const totals = j.totals();
  t.like(totals, { debits: 0, debitsMinor: 0, credits: 1, creditsMinor: 250 });
  t.deepEqual(totals.byType.void, { count: 1, amountMinor: 1000 });
  t.deepEqual(totals.byScheme, { mastercard: { debits: 0, debitsMinor: 0, credits: 1, creditsMinor: 250 } });
  const lost = j.begin(sale(70));
  j.sent(lost.stan);
  j.reversalQueued(lost.stan, "68");
  t.deepEqual(j.pending().map((p) => [p.stan, p.state, p.reversalReason]), [[lost.stan, "reversing", "68"]]);
  j.reversalAnswered(lost.stan, "00");
  t.deepEqual(j.pending(), []);
  t.deepEqual(j.counters, { stan: 4, invoice: 4, batch: 1 });
  t.deepEqual(j.batch().map((x) => x.stan), [refund.stan]);
  t.deepEqual(j.transactions().map((x) => x.state), ["voided", "completed", "completed", "reversed"]);
});

test("a step the transaction is not in a state for is refused with TX_STATE and writes nothing", (t) => {
  const j = open(new MemoryFlash({ blocks: 8, blockSize: 1024 }));
  const { stan } = j.begin(sale(500));
  j.sent(stan);
  j.answered({ stan, approved: false, responseCode: "51", authCode: "", rrn: "" });
  const before = j.storage.lastSequence;
  t.throws(() => j.completed(stan), { code: "TX_STATE" }, "a decline is not completed");
  t.throws(() => j.answered({ stan, approved: true, responseCode: "00", authCode: "", rrn: "" }), { code: "TX_STATE" }, "answered twice");
  t.throws(() => j.reversalQueued(stan, "68"), { code: "TX_STATE" }, "a decline moved no money");
  t.throws(() => j.sent(99), { code: "TX_STATE" }, "no such STAN");
  t.throws(() => j.adviceQueued(stan, "Y1"), { code: "TX_STATE" }, "not an offline approval");
  const balance = j.begin({ ...sale(0), kind: "balance" });
  j.answered({ stan: balance.stan, approved: true, responseCode: "00", authCode: "", rrn: "" });
  const after = j.storage.lastSequence;
  t.throws(() => j.reversalQueued(balance.stan, "68"), { code: "TX_STATE" }, "a balance inquiry has nothing to reverse");
  t.throws(() => j.voided(balance.stan), { code: "TX_STATE" });
  t.is(after - before, 2);
  t.is(j.storage.lastSequence, after);
  t.throws(() => j.begin({ ...sale(1), currency: "EUR" }), { code: "TX_INPUT" });
  t.throws(() => j.begin({ ...sale(1), pan: "41111" }), { code: "TX_INPUT" });
  t.is(j.storage.lastSequence, after);
});

test("when a transaction and a settlement would no longer fit, begin refuses with JOURNAL_FULL; settlement still fits and frees the journal", (t) => {
  const flash = new MemoryFlash({ blocks: 4, blockSize: 512 });
  const j = open(flash);
  let n = 0;
  while (j.canStart()) {
    completedSale(j, 100 + n);
    n++;
  }
  t.true(n > 5, `${n} sales`);
  const before = j.storage.lastSequence;
  const error = t.throws(() => j.begin(sale(1)), { code: "JOURNAL_FULL" });
  t.regex(error!.message, /settle/);
  t.is(j.storage.lastSequence, before);
  j.nextStan(n + 2, true);
  const closed = j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.like(closed, { batch: 1, debits: n });
  t.true(j.canStart());
  // the day's amounts outlive the batch: the day's limits count them until local midnight
  t.deepEqual([...j.storage.records()].map((r) => r.type), [TX_TYPE.settled, TX_TYPE.counters, TX_TYPE.dayTotals]);
  t.deepEqual(open(flash.reboot()).counters, j.counters);
});

test("settlement keeps what is still pending: a reversal and an advice with its sealed PAN survive the compaction and a restart", (t) => {
  const flash = new MemoryFlash({ blocks: 6, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  completedSale(j, 900);
  const lost = j.begin(sale(40));
  j.sent(lost.stan);
  j.reversalQueued(lost.stan, "A0");
  const offline = j.begin({ ...sale(60, "4761739001010010"), kind: "offline", seal: true });
  j.adviceQueued(offline.stan, "Y1");
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const again = open(flash.reboot(), keys);
  t.deepEqual(again.pending().map((p) => [p.stan, p.state, p.reversalReason ?? p.authCode]), [
    [lost.stan, "reversing", "A0"],
    [offline.stan, "advising", "Y1"],
  ]);
  t.is(again.cardData(offline.stan).pan, "4761739001010010");
  t.is(again.batchNumber, 2);
  t.like(again.totals(), { batch: 2, debits: 0 }, "the settled batch's offline sale is not the new batch's");
  t.like(again.lastSettlement, { batch: 1, debits: 2, debitsMinor: 960 });
});

const SALES = 7;

/** Seven sales, then a settlement and its compaction, on a small flash whose compaction erases blocks. */
function settlementRun(flash: MemoryFlash): void {
  const j = open(flash);
  for (let i = 0; i < SALES; i++) completedSale(j, 100 + i);
  j.nextStan(SALES + 2, true);
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
}

test("a power cut at every write and erase of a settlement: after the restart the batch is either still open, whole, or closed, and the journal compacted", (t) => {
  const geometry = { blocks: 4, blockSize: 512 };
  const clean = new MemoryFlash(geometry);
  settlementRun(clean);
  const total = clean.operations;
  const salesDone = (() => {
    const f = new MemoryFlash(geometry);
    const j = open(f);
    for (let i = 0; i < SALES; i++) completedSale(j, 100 + i);
    return f.operations;
  })();
  t.true(clean.erases > 0, "the compaction erases blocks");
  const failures: string[] = [];
  for (let k = salesDone + 1; k <= total; k++) {
    const flash = new MemoryFlash({ ...geometry, random: seededRandom(k) });
    flash.cutPowerAt(k);
    try {
      settlementRun(flash);
      failures.push(`cut ${k}: the run did not reach it`);
    } catch (e) {
      if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
    }
    const after = open(flash.reboot());
    const records = [...after.storage.records()].map((r) => r.type);
    const stillOpen = after.batchNumber === 1 && after.totals().debits === SALES;
    const closed = after.batchNumber === 2 && after.totals().debits === 0 && after.lastSettlement?.debits === SALES && records.join() === [TX_TYPE.settled, TX_TYPE.counters, TX_TYPE.dayTotals].join();
    if (!stillOpen && !closed) failures.push(`cut ${k}: batch ${after.batchNumber}, ${after.totals().debits} debits, records ${records.join(",")}`);
    if (after.counters.stan < SALES) failures.push(`cut ${k}: STAN went back to ${after.counters.stan}`);
  }
  t.log(`${total - salesDone} cut points in the settlement (${clean.erases} erases in the clean run)`);
  t.deepEqual(failures, []);
});

test("settlement keeps each open hold, and a captured one whose offline completion is still to be advised; a restart finds them as they were", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const hold = (amountMinor: number) => {
    const { stan } = j.begin({ ...sale(amountMinor), kind: "preauth" });
    j.sent(stan);
    j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "H00" + stan, rrn: "70000000000" + stan });
    return stan;
  };
  const open1 = hold(5000);
  const captured = hold(7000);
  const closed = hold(2000);
  const done = j.begin({ kind: "preauthCompletion", amountMinor: 2000, currency: "978", utcMs: T0, offsetMinutes: 60, originalStan: closed });
  j.sent(done.stan);
  j.answered({ stan: done.stan, approved: true, completed: true, responseCode: "00", authCode: "H00" + closed, rrn: "" });
  const offline = j.begin({ kind: "preauthCompletion", amountMinor: 6500, currency: "978", utcMs: T0, offsetMinutes: 60, originalStan: captured });
  j.adviceQueued(offline.stan, "H00" + captured);
  t.like(j.totals(), { debits: 2, debitsMinor: 8500 });
  t.is(j.totals().byType.preauth.count, 3);
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const again = open(flash.reboot(), keys);
  t.deepEqual(again.openHolds().map((h) => h.stan), [open1]);
  t.like(again.find(open1), { kind: "preauth", state: "completed", authCode: "H00" + open1, rrn: "70000000000" + open1, amountMinor: 5000 });
  t.like(again.find(captured), { state: "captured" });
  t.is(again.find(closed), undefined, "a hold its completion closed in the settled batch is dropped");
  t.deepEqual(again.pending().map((p) => [p.stan, p.kind, p.state]), [[offline.stan, "preauthCompletion", "advising"]]);
  t.like(again.totals(), { batch: 2, debits: 0 }, "the kept records count in no batch that is open");
});

test("day totals: the local day's debits (sales, offline sales, completions) and credits outlive settlement and a reboot, count once, and a new local day starts from zero", (t) => {
  const flash = new MemoryFlash({ blocks: 6, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  // T0 is 10:00 at UTC+1; 23:30 UTC is already the next day there
  const day = localDay(T0, 60);
  const late = Date.UTC(2026, 0, 15, 23, 30, 0);
  t.is(localDay(late, 60), day + 1);
  completedSale(j, 900);
  const lost = j.begin(sale(5000));
  j.sent(lost.stan);
  j.reversalQueued(lost.stan, "68");
  const refund = j.begin({ ...sale(300), kind: "refund" });
  j.sent(refund.stan);
  j.answered({ stan: refund.stan, approved: true, completed: true, responseCode: "00", authCode: "R00001", rrn: "600000000002" });
  const offline = j.begin({ ...sale(60, "4761739001010010"), kind: "offline", seal: true });
  j.adviceQueued(offline.stan, "Y1");
  const hold = j.begin({ ...sale(2000), kind: "preauth" });
  j.answered({ stan: hold.stan, approved: true, completed: true, responseCode: "00", authCode: "H00001", rrn: "600000000003" });
  const completion = j.begin({ ...sale(1500), kind: "preauthCompletion", originalStan: hold.stan });
  j.answered({ stan: completion.stan, approved: true, completed: true, responseCode: "00", authCode: "H00001", rrn: "600000000004" });
  const nextDay = j.begin({ ...sale(70), utcMs: late });
  j.answered({ stan: nextDay.stan, approved: true, completed: true, responseCode: "00", authCode: "A00002", rrn: "600000000005" });
  const expected = { day, debitsMinor: 900 + 60 + 1500, creditsMinor: 300, holdsMinor: 2000 };
  t.deepEqual(j.dayTotals(day), expected, "the reversed sale does not count, the hold counts as a hold and not a debit; the next day's sale is not this day's");
  t.deepEqual(j.dayTotals(day + 1), { day: day + 1, debitsMinor: 70, creditsMinor: 0, holdsMinor: 0 });
  j.nextStan(10, true);
  j.settle({ balanced: true, uploaded: 0, utcMs: late });
  // the compaction carries the latest day only; the offline sale's advice is still pending and stays a row, counted once
  t.deepEqual(j.dayTotals(day + 1), { day: day + 1, debitsMinor: 70, creditsMinor: 0, holdsMinor: 0 });
  t.deepEqual(j.dayTotals(day), { day, debitsMinor: 60, creditsMinor: 0, holdsMinor: 0 }, "the earlier day is over: only its row still on the journal (the pending advice) is left");
  const again = open(flash.reboot(), keys);
  t.deepEqual(again.dayTotals(day + 1), { day: day + 1, debitsMinor: 70, creditsMinor: 0, holdsMinor: 0 }, "after a reboot");
  const more = again.begin({ ...sale(5), utcMs: late + 60_000 });
  again.answered({ stan: more.stan, approved: true, completed: true, responseCode: "00", authCode: "A00003", rrn: "600000000006" });
  t.deepEqual(again.dayTotals(day + 1), { day: day + 1, debitsMinor: 75, creditsMinor: 0, holdsMinor: 0 });
  t.deepEqual(again.dayTotals(day + 2), { day: day + 2, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 }, "the day after starts from zero");
});

test("a day-totals record is the day and three 48-bit amounts; a damaged one is TX_RECORD, an amount out of range TX_INPUT", (t) => {
  const d = { day: 20783, debitsMinor: 2 ** 48 - 1, creditsMinor: 12, holdsMinor: 0x0102030405 };
  const bytes = encodeDayTotals(d);
  t.is(bytes.length, DAY_TOTALS_LENGTH);
  t.is(DAY_TOTALS_LENGTH, 21);
  // holds after day (3), debits (6), credits (6), little-endian
  t.deepEqual(bytes.subarray(15), Uint8Array.of(0x05, 0x04, 0x03, 0x02, 0x01, 0x00));
  t.deepEqual(decodeDayTotals(bytes), d);
  t.deepEqual(decodeDayTotals(bytes.subarray(0, 15)), { ...d, holdsMinor: 0 }, "a record written before holds were counted has none");
  t.throws(() => decodeDayTotals(bytes.subarray(1)), { code: "TX_RECORD" });
  t.throws(() => encodeDayTotals({ ...d, debitsMinor: 2 ** 48 }), { code: "TX_INPUT" });
  t.throws(() => encodeDayTotals({ ...d, holdsMinor: -1 }), { code: "TX_INPUT" });
});

test("day totals take each transaction's own offset: 02:00 UTC on the 16th is still the 15th five hours west", (t) => {
  const j = open(new MemoryFlash({ blocks: 4, blockSize: 1024 }));
  const utcMs = Date.UTC(2026, 0, 16, 2, 0, 0);
  const { stan } = j.begin({ ...sale(400), utcMs, offsetMinutes: -300 });
  j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "A00001", rrn: "600000000001" });
  const fifteenth = localDay(Date.UTC(2026, 0, 15, 12, 0, 0), 0);
  t.deepEqual(j.dayTotals(fifteenth), { day: fifteenth, debitsMinor: 400, creditsMinor: 0, holdsMinor: 0 });
  t.deepEqual(j.dayTotals(fifteenth + 1), { day: fifteenth + 1, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 });
});

test("open holds filling the compaction reserve (16 blocks of 4 KB): new holds are refused with JOURNAL_FULL before settlement's compaction would not fit, a hold can still be completed or cancelled, and settlement compacts", (t) => {
  const flash = new MemoryFlash({ blocks: 16, blockSize: 4096 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const holds: number[] = [];
  const hold = () => {
    const { stan } = j.begin({ ...sale(5000), kind: "preauth" });
    j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "H00001", rrn: "700000000001" });
    holds.push(stan);
  };
  // 45 and more open holds used to overflow the one reserve block (about 100 bytes each): the compaction failed and nothing could start again
  let refused: unknown;
  for (let i = 0; i < 60 && !refused; i++) {
    try {
      hold();
      completedSale(j, 100 + i);
    } catch (e) {
      refused = e;
    }
  }
  t.true(isXsposError(refused, "JOURNAL_FULL"), "a new hold is refused: settle first");
  t.true(holds.length >= 30 && holds.length < 45, `${holds.length} holds open when refused`);
  t.false(j.canStart(), "no new transaction");
  // closing a hold needs no room in the compaction: a completion and a cancellation still go through
  const completion = j.begin({ kind: "preauthCompletion", amountMinor: 4000, currency: "978", utcMs: T0, offsetMinutes: 60, originalStan: holds[0] });
  j.answered({ stan: completion.stan, approved: true, completed: true, responseCode: "00", authCode: "H00001", rrn: "" });
  const cancel = j.begin({ kind: "preauthCancel", amountMinor: 5000, currency: "978", utcMs: T0, offsetMinutes: 60, originalStan: holds[1] });
  j.answered({ stan: cancel.stan, approved: true, completed: true, responseCode: "00", authCode: "H00001", rrn: "" });
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.false(j.compactionFailed, "settlement's compaction fitted");
  t.is(j.openHolds().length, holds.length - 2);
  t.true(j.canStart(), "the journal takes transactions again after settlement");
  const again = open(flash.reboot(), keys);
  t.is(again.openHolds().length, holds.length - 2);
  t.is(again.totals().debits, 0);
  t.true(again.storage.free() > 40_000, `${again.storage.free()} bytes free after the compaction`);
});

test("latest gives the open batch's newest transaction, or the newest a test accepts, and latestUtcSeconds its newest time; both nothing for an empty batch", (t) => {
  const j = open(new MemoryFlash({ blocks: 16, blockSize: 4096 }));
  t.is(j.latest(), undefined);
  t.is(j.latestUtcSeconds(), 0);
  const first = completedSale(j, 1000);
  const second = completedSale(j, 2000);
  const later = j.begin({ ...sale(3000), utcMs: T0 + 60_000 }).stan;
  j.sent(later);
  j.reversalQueued(later, "68");
  t.is(j.latest()?.stan, later);
  t.is(j.latest((v) => v.state === "completed")?.stan, second);
  t.is(j.latest((v) => v.amountMinor === 1000)?.stan, first);
  t.is(j.latest((v) => v.amountMinor === 5)?.stan, undefined);
  t.is(j.latestUtcSeconds(), (T0 + 60_000) / 1000);
});

test("batchCount and batchEntries give what batch gives, in its order, the entries one view at a time", (t) => {
  const j = open(new MemoryFlash({ blocks: 16, blockSize: 4096 }));
  t.is(j.batchCount(), 0);
  t.deepEqual([...j.batchEntries()], []);
  completedSale(j, 1000);
  const reversed = j.begin(sale(2000)).stan;
  j.sent(reversed);
  j.reversalQueued(reversed, "68");
  completedSale(j, 3000);
  t.is(j.batchCount(), j.batch().length);
  t.is(j.batchCount(), 2);
  t.deepEqual([...j.batchEntries()], j.batch());
});
