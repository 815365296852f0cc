/**
 * A chip sale's advices on the journal: the record that completes the
 * approval and queues the TC upload and the issuer script results, the
 * record of each delivered, recovery from them, the room a chip sale
 * keeps, settlement's compaction and power cuts at every write.
 */
import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { recover } from "../../../modules/journal/recover.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import {
  CHIP_ADVICE_MAX_DATA,
  TX_TYPE,
  decodeTransactionRecord,
  encodeChipAdvice,
  encodeChipAdviceDelivered,
  encodeDelivered,
} from "../../../modules/journal/transaction-records.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(11);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
/** Chip data as a TC upload carries it: TC, CID 40 (TC), ATC, TVR, TSI, Issuer Script Results (one script, 9F5B format of EMV 4.4 Book 4 Annex A5: 20 = processed, sequence 0) */
const ICC = fromHex("9F26081122334455667788" + "9F270140" + "9F36020012" + "95050000008000" + "9B02E800" + "9F5B052000000000");

function open(flash: MemoryFlash, keys = new MemoryKeyStore()) {
  return TransactionJournal.open(flash, { crypto, keys });
}

const chipSale = (amountMinor: number): NewTransaction => ({ kind: "sale", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "chip", pan: "4761739001010028" });

/** An approved chip sale waiting for its second GENERATE AC. */
function approvedChipSale(j: TransactionJournal, amountMinor = 1500): number {
  const { stan } = j.begin(chipSale(amountMinor));
  j.sent(stan);
  j.answered({ stan, approved: true, completed: false, responseCode: "00", authCode: "123456", rrn: "600000000001" });
  return stan;
}

test("the chip advice record round-trips its STAN, flags and chip data; the delivered record names the advice", (t) => {
  const bytes = encodeChipAdvice({ stan: 4242, completes: true, tcUpload: true, scriptResult: true, iccData: ICC });
  t.is(bytes.length, 4 + ICC.length);
  t.deepEqual(decodeTransactionRecord(TX_TYPE.chipAdvice, bytes), { type: "chipAdvice", stan: 4242, completes: true, tcUpload: true, scriptResult: true, iccData: ICC });
  t.deepEqual(decodeTransactionRecord(TX_TYPE.chipAdviceDelivered, encodeChipAdviceDelivered(4242, "scriptResult")), { type: "chipAdviceDelivered", stan: 4242, advice: "scriptResult" });
});

test("encoding refuses with TX_INPUT chip data that is empty or over the limit, and a record that sends nothing", (t) => {
  const code = (f: () => unknown) => {
    try {
      f();
      return "none";
    } catch (e) {
      return isXsposError(e) ? e.code : "other";
    }
  };
  t.is(code(() => encodeChipAdvice({ stan: 1, completes: true, tcUpload: true, scriptResult: false, iccData: new Uint8Array(0) })), "TX_INPUT");
  t.is(code(() => encodeChipAdvice({ stan: 1, completes: true, tcUpload: true, scriptResult: false, iccData: new Uint8Array(CHIP_ADVICE_MAX_DATA + 1) })), "TX_INPUT");
  t.is(code(() => encodeChipAdvice({ stan: 1, completes: true, tcUpload: false, scriptResult: false, iccData: ICC })), "TX_INPUT");
  t.is(code(() => encodeChipAdvice({ stan: 0, completes: true, tcUpload: true, scriptResult: false, iccData: ICC })), "TX_INPUT");
});

test("decoding a damaged chip advice record (bad flags, no chip data, unknown advice) throws TX_RECORD", (t) => {
  const good = encodeChipAdvice({ stan: 7, completes: false, tcUpload: true, scriptResult: false, iccData: ICC });
  const noAdvice = good.slice();
  noAdvice[3] = 1;
  const unknownFlag = good.slice();
  unknownFlag[3] |= 0x80;
  for (const p of [noAdvice, unknownFlag, good.subarray(0, 4)]) {
    t.throws(() => decodeTransactionRecord(TX_TYPE.chipAdvice, p), { code: "TX_RECORD" } as never);
  }
  const delivered = encodeChipAdviceDelivered(7, "tcUpload");
  delivered[3] = 3;
  t.throws(() => decodeTransactionRecord(TX_TYPE.chipAdviceDelivered, delivered), { code: "TX_RECORD" } as never);
});

test("the completion with chip advice completes the sale in one record and queues both advices; each delivery clears one with no write of its own; the next intent carries both marks", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const j = open(flash);
  const stan = approvedChipSale(j);
  const writes = flash.writes;
  j.completedWithChipAdvice(stan, { iccData: ICC, scriptResult: true });
  t.is(flash.writes - writes, 1, "one flash write");
  t.like(j.find(stan), { state: "completed", chipAdvice: { tcUpload: true, scriptResult: true } });
  t.like(j.totals(), { debits: 1, debitsMinor: 1500 });
  t.deepEqual(j.pending().map((p) => p.stan), [stan]);
  t.deepEqual(j.chipAdviceData(stan), ICC);
  const beforeDelivery = flash.writes;
  j.chipAdviceDelivered(stan, "tcUpload");
  t.like(j.find(stan), { chipAdvice: { tcUpload: false, scriptResult: true } });
  t.throws(() => j.chipAdviceDelivered(stan, "tcUpload"), { code: "TX_STATE" } as never);
  j.chipAdviceDelivered(stan, "scriptResult");
  t.is(flash.writes, beforeDelivery, "no write of their own");
  t.deepEqual(j.undeliveredMarks, [{ stan, advice: "tcUpload" }, { stan, advice: "scriptResult" }]);
  t.is(j.find(stan)!.chipAdvice, undefined);
  t.deepEqual(j.pending(), []);
  t.throws(() => j.chipAdviceData(stan), { code: "TX_STATE" } as never);
  // a power cut before the next record: both are pending again (the uplink sends them as repeats)
  const cut = open(flash.reboot());
  t.like(cut.find(stan), { state: "completed", chipAdvice: { tcUpload: true, scriptResult: true } });
  // the next intent carries both marks: one write, and a reboot finds nothing pending
  const next = j.begin(chipSale(700));
  t.is(flash.writes, beforeDelivery + 1, "the intent is the only write");
  t.deepEqual(j.undeliveredMarks, []);
  const again = open(flash.reboot());
  // the unanswered intent is reversed; the chip sale has nothing left to advise
  t.deepEqual(again.pending().map((p) => [p.stan, p.state]), [[next.stan, "reversing"]]);
  t.like(again.find(stan), { state: "completed" });
  t.is(again.find(stan)!.chipAdvice, undefined);
});

test("a delivered record decodes as its marks and the record it carries, and refuses marks out of layout with TX_RECORD", (t) => {
  const inner = encodeChipAdviceDelivered(9, "scriptResult");
  const p = encodeDelivered([{ stan: 7, advice: "tcUpload" }, { stan: 8, advice: "scriptResult" }], TX_TYPE.chipAdviceDelivered, inner);
  // count 2, marks 07 00 00 01 and 08 00 00 02, the carried record's type 1F, its payload 09 00 00 02
  t.is(toHex(p), "0207000001080000021F09000002");
  t.deepEqual(decodeTransactionRecord(TX_TYPE.delivered, p), {
    type: "delivered",
    marks: [{ stan: 7, advice: "tcUpload" }, { stan: 8, advice: "scriptResult" }],
    record: { type: "chipAdviceDelivered", stan: 9, advice: "scriptResult" },
  });
  const badAdvice = p.slice();
  badAdvice[4] = 3;
  for (const bad of [badAdvice, p.subarray(0, 9), Uint8Array.of(0, TX_TYPE.intent)]) {
    t.throws(() => decodeTransactionRecord(TX_TYPE.delivered, bad), { code: "TX_RECORD" } as never);
  }
  t.throws(() => encodeDelivered([], TX_TYPE.intent, inner), { code: "TX_INPUT" } as never);
});

test("a completion with chip advice is refused with TX_STATE for a refund and for a sale already completed", (t) => {
  const j = open(new MemoryFlash({ blocks: 8, blockSize: 1024 }));
  const stan = approvedChipSale(j);
  j.completed(stan);
  t.throws(() => j.completedWithChipAdvice(stan, { iccData: ICC, scriptResult: false }), { code: "TX_STATE" } as never);
  const refund = j.begin({ ...chipSale(300), kind: "refund" });
  j.sent(refund.stan);
  j.answered({ stan: refund.stan, approved: true, completed: false, responseCode: "00", authCode: "", rrn: "600000000002" });
  t.throws(() => j.completedWithChipAdvice(refund.stan, { iccData: ICC, scriptResult: false }), { code: "TX_STATE" } as never);
});

test("recovery after a reboot finds the queued advices pending with their chip data, and counts the sale", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const j = open(flash);
  const stan = approvedChipSale(j, 2200);
  j.completedWithChipAdvice(stan, { iccData: ICC, scriptResult: false });
  const records = [...open(flash.reboot()).storage.records()];
  const r = recover(records);
  t.deepEqual(r.pendingChipAdvices.map((v) => [v.stan, v.chipAdvice]), [[stan, { tcUpload: true, scriptResult: false }]]);
  t.deepEqual(r.pendingReversals, []);
  t.like(r.totals, { debits: 1, debitsMinor: 2200 });
  const again = open(flash.reboot());
  t.deepEqual(again.chipAdviceData(stan), ICC);
});

test("a power cut at every write of the completion leaves the sale either reversed with nothing to advise, or completed with its TC upload pending", (t) => {
  const outcomes = new Set<string>();
  for (const tornByte of [false, true]) {
    for (let cut = 1; cut <= 2; cut++) {
      const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
      const j = open(flash);
      const stan = approvedChipSale(j);
      flash.cutPowerAt(flash.operations + cut, { tornByte });
      try {
        j.completedWithChipAdvice(stan, { iccData: ICC, scriptResult: true });
      } catch (e) {
        if (!isXsposError(e, "FLASH_POWER_CUT")) throw e;
      }
      const after = open(flash.reboot());
      const row = after.find(stan)!;
      const pendingMtis = after.pending().map((p) => (p.state === "reversing" ? "reversal" : p.chipAdvice ? "chip" : p.state));
      if (row.state === "reversing") t.deepEqual(pendingMtis, ["reversal"], `cut ${cut}: a reversal and no advice`);
      else {
        t.is(row.state, "completed", `cut ${cut}`);
        t.deepEqual(pendingMtis, ["chip"], `cut ${cut}: the advices and no reversal`);
      }
      outcomes.add(row.state);
    }
  }
  t.true(outcomes.has("reversing"), "a cut inside the record's write loses the completion");
});

test("settlement's compaction keeps a sale whose TC upload is still pending, with its chip data; the closed batch no longer counts it", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const j = open(flash);
  const stan = approvedChipSale(j, 900);
  j.completedWithChipAdvice(stan, { iccData: ICC, scriptResult: true });
  j.chipAdviceDelivered(stan, "tcUpload");
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.like(j.lastSettlement, { debits: 1, debitsMinor: 900 });
  for (const k of [j, open(flash.reboot())]) {
    t.deepEqual(k.pending().map((p) => [p.stan, p.chipAdvice]), [[stan, { tcUpload: false, scriptResult: true }]]);
    t.deepEqual(k.chipAdviceData(stan), ICC);
    t.like(k.totals(), { debits: 0, debitsMinor: 0 });
  }
});

test("a chip sale keeps room for its completion with chip advice: begin refuses JOURNAL_FULL where a swiped sale still fits", (t) => {
  const j = open(new MemoryFlash({ blocks: 4, blockSize: 1024 }));
  let swiped = 0;
  for (;;) {
    if (!j.canStart(0, true)) break;
    const { stan } = j.begin({ ...chipSale(100), entry: "swipe" });
    j.sent(stan);
    j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "1", rrn: "1" });
    swiped++;
  }
  t.true(swiped > 0);
  t.true(j.canStart(0, false), "a swiped sale still fits");
  t.throws(() => j.begin(chipSale(100)), { code: "JOURNAL_FULL" } as never);
});

test("one answer record answers, completes, queues the TC upload and opens the receipt job: a reboot finds the sale completed, its advice pending, its receipt's data and its first copy to print", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const { stan } = j.begin(chipSale(2500));
  const writes = flash.writes;
  const receipt = { cvm: "pin" as const, chip: { aid: "A0000000031010", label: "VISA CREDIT", tvr: "0000008000", tsi: "E800", cryptogram: "1122334455667788", cryptogramType: "TC" as const } };
  j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "123456", rrn: "600000000001", chipAdvice: { tcUpload: true, scriptResult: true, iccData: ICC }, receipt });
  t.is(flash.writes - writes, 1, "one flash write");
  const stored = [...j.storage.records()].at(-1)!;
  const decoded = decodeTransactionRecord(stored.type, stored.payload);
  t.like(decoded, { type: "answered", stan, approved: true, completed: true, chipAdvice: { tcUpload: true, scriptResult: true } });
  t.deepEqual(decoded?.type === "answered" ? decoded.chipAdvice?.iccData : undefined, ICC);
  const rebooted = flash.reboot();
  const again = open(rebooted, keys);
  t.like(again.find(stan), { state: "completed", authCode: "123456", chipAdvice: { tcUpload: true, scriptResult: true } });
  t.deepEqual(again.chipAdviceData(stan), ICC);
  t.deepEqual(again.receiptDataOf(stan), { stan, ...receipt });
  t.deepEqual(again.pendingPrints(), [{ stan, merchant: "printing", customer: "queued" }], "the first copy not recorded printed is the one in progress");
  again.printJob({ stan, merchant: "done", customer: "queued" });
  t.deepEqual(open(rebooted.reboot(), keys).pendingPrints(), [{ stan, merchant: "done", customer: "printing" }]);
  t.like(again.totals(), { debits: 1, debitsMinor: 2500 });
});

test("an answer's chip advice part on a refund, or without the completion, is refused; a damaged one is skipped by recovery", (t) => {
  const j = open(new MemoryFlash({ blocks: 8, blockSize: 1024 }));
  const refund = j.begin({ ...chipSale(100), kind: "refund" });
  t.throws(() => j.answered({ stan: refund.stan, approved: true, completed: true, responseCode: "00", authCode: "", rrn: "", chipAdvice: { tcUpload: true, scriptResult: false, iccData: ICC } }), { code: "TX_STATE" } as never);
  const sale = j.begin(chipSale(100));
  t.throws(() => j.answered({ stan: sale.stan, approved: true, completed: false, responseCode: "00", authCode: "", rrn: "", chipAdvice: { tcUpload: true, scriptResult: false, iccData: ICC } }), { code: "TX_INPUT" } as never);
  // a chip part whose length runs past the record
  const r = recover([
    { type: TX_TYPE.intent, payload: [...j.storage.records()][1].payload },
    { type: TX_TYPE.answered, payload: Uint8Array.from([sale.stan & 0xff, sale.stan >> 8, 0, 0x07, 0x30, 0x30, ...new Array(18).fill(0x20), 0x02, 0xff, 0x00, 0x01]) },
  ]);
  t.is(r.skipped, 1);
  t.is(r.pendingChipAdvices.length, 0);
});
