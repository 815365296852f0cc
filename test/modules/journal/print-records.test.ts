/**
 * Print-job records: a receipt job's state per copy, what a reboot finds
 * unfinished, settlement dropping them, and their 5-byte layout; the
 * receipt record that keeps what a receipt prints beyond the journal.
 */
import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal } from "../../../modules/journal/transaction-journal.ts";
import { decodeTransactionRecord, encodePrint, RECORD_LENGTHS, TX_TYPE } from "../../../modules/journal/transaction-records.ts";
import { decodeReceipt, encodeReceipt } from "../../../modules/journal/receipt-record.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(7);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);

function open(flash: MemoryFlash, keys: MemoryKeyStore) {
  return TransactionJournal.open(flash, { crypto, keys });
}

function completedSale(j: TransactionJournal, amountMinor: number): number {
  const { stan } = j.begin({ kind: "sale", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "swipe", pan: "4111111111111111" });
  j.sent(stan);
  j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001" });
  return stan;
}

test("a print-job record is the STAN and one state byte per copy, and decodes to what was encoded", (t) => {
  const bytes = encodePrint({ stan: 0x010203, merchant: "done", customer: "printing" });
  t.deepEqual([...bytes], [0x03, 0x02, 0x01, 3, 2]);
  t.is(bytes.length, RECORD_LENGTHS.print);
  t.deepEqual(decodeTransactionRecord(TX_TYPE.print, bytes), { type: "print", stan: 0x010203, merchant: "done", customer: "printing" });
});

test("a print-job record with an unknown state is refused with TX_INPUT, and a damaged one decodes to TX_RECORD", (t) => {
  t.throws(() => encodePrint({ stan: 1, merchant: "lost" as never, customer: "done" }), { code: "TX_INPUT" });
  t.throws(() => encodePrint({ stan: 0, merchant: "done", customer: "done" }), { code: "TX_INPUT" });
  t.throws(() => decodeTransactionRecord(TX_TYPE.print, Uint8Array.of(1, 0, 0, 9, 0)), { code: "TX_RECORD" });
});

test("after a reboot, pendingPrints lists the jobs with a copy queued, printing or interrupted, and not those done or skipped", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const a = completedSale(j, 100);
  const b = completedSale(j, 200);
  const c = completedSale(j, 300);
  j.printJob({ stan: a, merchant: "printing", customer: "queued" });
  j.printJob({ stan: a, merchant: "done", customer: "done" });
  j.printJob({ stan: b, merchant: "done", customer: "interrupted" });
  j.printJob({ stan: c, merchant: "printing", customer: "queued" });
  const again = open(flash, keys);
  t.deepEqual(again.pendingPrints(), [
    { stan: b, merchant: "done", customer: "interrupted" },
    { stan: c, merchant: "printing", customer: "queued" },
  ]);
  t.is(again.skipped, 0, "recovery passes print-job records over without counting them as damaged");
  again.printJob({ stan: b, merchant: "done", customer: "skipped" });
  again.printJob({ stan: c, merchant: "done", customer: "done" });
  t.deepEqual(open(flash, keys).pendingPrints(), []);
});

test("settlement's compaction drops every print-job record", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const a = completedSale(j, 100);
  j.printJob({ stan: a, merchant: "done", customer: "done" });
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const types = [...j.storage.records()].map((r) => r.type);
  t.false(types.includes(TX_TYPE.print));
  t.deepEqual(open(flash, keys).pendingPrints(), []);
});

test("a print-job record is not written into the room kept for settlement: printJob returns false", (t) => {
  const flash = new MemoryFlash({ blocks: 3, blockSize: 512 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  let stan = 0;
  for (let i = 0; i < 100; i++) {
    try {
      stan = completedSale(j, 100 + i);
    } catch (e) {
      if (isXsposError(e) && e.code === "JOURNAL_FULL") break;
      throw e;
    }
  }
  let written = 0;
  while (written < 100 && j.printJob({ stan, merchant: "done", customer: "done" })) written++;
  t.true(written < 100, "printJob stops writing");
  t.notThrows(() => j.settle({ balanced: true, uploaded: 0, utcMs: T0 }), "settlement still fits");
});

test("a receipt record keeps the CVM, the chip's AID, label, TVR, TSI and cryptogram, the cash part and the basket, and decodes to them", (t) => {
  // AID A0000000041010 (Mastercard, EMV registered RID A000000004)
  const record = {
    stan: 42,
    cvm: "signature" as const,
    chip: { aid: "A0000000041010", label: "MASTERCARD", tvr: "0000008000", tsi: "E800", cryptogram: "8E1FA5C23B7D0946", cryptogramType: "TC" as const },
    cash: { tendered: 500, change: 0 },
    basket: { subtotal: 1900, lines: [{ quantity: 2, unitPrice: 350 }, { quantity: 1, unitPrice: 1200 }] },
  };
  const bytes = encodeReceipt(record);
  t.is(bytes.length, 5 + 1 + 7 + 1 + 10 + 5 + 2 + 8 + 1 + 12 + 7 + 2 * 8);
  t.deepEqual(decodeReceipt(bytes), record);
  t.deepEqual(decodeReceipt(encodeReceipt({ stan: 1, cvm: "none" })), { stan: 1, cvm: "none" });
});

test("a receipt record refuses a bad field with TX_INPUT and a damaged payload with TX_RECORD", (t) => {
  t.throws(() => encodeReceipt({ stan: 1, cvm: "pin", chip: { aid: "A0" } }), { code: "TX_INPUT" });
  t.throws(() => encodeReceipt({ stan: 1, cvm: "pin", chip: { aid: "A0000000041010", label: "\u001b@" } }), { code: "TX_INPUT" });
  t.throws(() => encodeReceipt({ stan: 1, cvm: "online" as never }), { code: "TX_INPUT" });
  const bytes = encodeReceipt({ stan: 1, cvm: "pin", cash: { tendered: 1, change: 0 } });
  t.throws(() => decodeReceipt(bytes.subarray(0, bytes.length - 1)), { code: "TX_RECORD" });
  t.throws(() => decodeReceipt(Uint8Array.of(...bytes, 0)), { code: "TX_RECORD" });
});

test("the receipt record survives a reboot and goes with settlement's compaction", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const a = completedSale(j, 100);
  t.true(j.receiptData({ stan: a, cvm: "pin" }));
  t.deepEqual(open(flash, keys).receiptDataOf(a), { stan: a, cvm: "pin" });
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.is(open(flash, keys).receiptDataOf(a), undefined);
});

// RFC 3629 section 7, its examples: "A≢Α." is 41 E2 89 A2 CE 91 2E; 日本語 is E6 97 A5 E6 9C AC E8 AA 9E; U+233B4 is F0 A3 8E B4
test("a basket line's name is kept as RFC 3629 UTF-8 after the lines (flag 40), and decodes to the name printed; a line keyed by price keeps none", (t) => {
  const record = { stan: 7, cvm: "none" as const, basket: { subtotal: 4000, lines: [{ quantity: 1, unitPrice: 1000, name: "A\u2262\u0391." }, { quantity: 2, unitPrice: 500 }, { quantity: 1, unitPrice: 2000, name: "\u65e5\u672c\u8a9e \u{233b4}" }] } };
  const bytes = encodeReceipt(record);
  t.is(bytes[4], 0x04 | 0x40, "flags: basket, names");
  const names = bytes.subarray(5 + 6 + 1 + 3 * 8);
  t.deepEqual([...names], [7, 0x41, 0xe2, 0x89, 0xa2, 0xce, 0x91, 0x2e, 0, 14, 0xe6, 0x97, 0xa5, 0xe6, 0x9c, 0xac, 0xe8, 0xaa, 0x9e, 0x20, 0xf0, 0xa3, 0x8e, 0xb4]);
  t.deepEqual(decodeReceipt(bytes), record);
  t.is(encodeReceipt({ ...record, basket: { subtotal: 1000, lines: [{ quantity: 2, unitPrice: 500 }] } })[4], 0x04, "no name, no flag 40 and no name bytes");
});

test("a name over 255 bytes of UTF-8 is refused with TX_INPUT; names that are not UTF-8, or without a basket, decode to TX_RECORD", (t) => {
  t.throws(() => encodeReceipt({ stan: 1, cvm: "none", basket: { subtotal: 1, lines: [{ quantity: 1, unitPrice: 1, name: "\u00e9".repeat(128) }] } }), { code: "TX_INPUT" });
  const good = encodeReceipt({ stan: 1, cvm: "none", basket: { subtotal: 1, lines: [{ quantity: 1, unitPrice: 1, name: "\u00e9" }] } });
  const overlong = good.slice();
  // C3 A9 (é) made an overlong form of a two-byte character: C1 is never a lead byte (RFC 3629 section 4)
  overlong[overlong.length - 2] = 0xc1;
  t.throws(() => decodeReceipt(overlong), { code: "TX_RECORD" });
  const truncated = Uint8Array.of(...good.subarray(0, good.length - 3), 1, 0xc3);
  t.throws(() => decodeReceipt(truncated), { code: "TX_RECORD" });
  t.throws(() => decodeReceipt(Uint8Array.of(1, 0, 0, 0, 0x40)), { code: "TX_RECORD" });
});
