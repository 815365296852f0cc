/**
 * Sealed card data and a chip sale's advice data stay on the flash: a
 * transaction's row keeps where the record holding them is, and the
 * journal reads that record back (its CRC checked) when a void, an
 * advice, a TC upload or a compaction needs the bytes; a compaction
 * moves the records and the rows follow them.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { recover } from "../../../modules/journal/recover.ts";
import { TABLE_ROW_BYTES } from "../../../modules/journal/transaction-table.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import { INTENT_SIZE, TX_TYPE } from "../../../modules/journal/transaction-records.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(11);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
/** Visa's test card PAN (Visa Smart Debit/Credit test card 4761739001010010) */
const PAN = "4761739001010010";
/** Chip data as a TC upload carries it: TC, CID 40 (TC), ATC, TVR, TSI (EMV 4.4 Book 3 Annex A tags) */
const ICC = fromHex("9F26081122334455667788" + "9F270140" + "9F36020012" + "95050000008000" + "9B02E800");

function open(flash: MemoryFlash, keys: MemoryKeyStore) {
  return TransactionJournal.open(flash, { crypto, keys });
}

const offline = (amountMinor: number): NewTransaction => ({
  kind: "offline", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "chip", pan: PAN, seal: true, advice: { authCode: "Y1" },
});

const chipSale = (amountMinor: number): NewTransaction => ({ kind: "sale", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "chip", pan: "4761739001010028" });

/** Where the last record of a type (or one carrying it) starts on the flash, -1 when none. */
function lastAddressOf(j: TransactionJournal, type: number): number {
  let address = -1;
  j.storage.forEachRecord((t, payload, _sequence, at) => {
    if (t === type || (t === TX_TYPE.delivered && payload.includes(type))) address = at;
  });
  return address;
}

/** Clears the lowest set bit of the first byte not zero in a range of the flash (a NOR write can only clear bits). */
function clearOneBit(flash: MemoryFlash, from: number, length: number): void {
  const bytes = flash.read(from, length);
  const k = bytes.findIndex((b) => b !== 0);
  flash.write(from + k, Uint8Array.of(bytes[k] & (bytes[k] - 1)));
}

/** A chip sale answered and completed with its TC upload queued in the answer. */
function chipSaleWithAdvice(j: TransactionJournal, amountMinor: number): number {
  const { stan } = j.begin(chipSale(amountMinor));
  j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "123456", rrn: "600000000001", chipAdvice: { tcUpload: true, scriptResult: false, iccData: ICC } });
  return stan;
}

test("a transaction's row is 72 bytes and the journal keeps no sealed card data in it: the PAN opens from the intent read back from the flash", (t) => {
  t.is(TABLE_ROW_BYTES, 72);
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const { stan } = j.begin(offline(2000));
  t.is(j.cardData(stan).pan, PAN);
  // the sealed bytes end the intent: clear a bit of them on the flash and the read-back's CRC fails
  const address = lastAddressOf(j, TX_TYPE.intent);
  // the sealed data's IV starts after the header (16), the intent (35) and the advice's code (6)
  clearOneBit(flash, address + 16 + INTENT_SIZE + 6, 32);
  t.throws(() => j.cardData(stan), { code: "TX_SEALED" });
  t.like(j.find(stan), { state: "advising", sealed: true }, "the views come from the row, not from the record");
});

test("a recovery without flash addresses (recover over records) knows a transaction is sealed but notes nowhere to read it from", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const { stan } = j.begin(offline(2000));
  const r = recover([...j.storage.records()]);
  const i = r.table.find(stan);
  t.true(r.table.isSealed(i));
  t.is(r.table.sealedAt(i), -1);
});

test("settlement's compaction moves a pending advice's intent: the running journal and a reboot read the sealed PAN from where the copy is", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  for (let n = 0; n < 3; n++) {
    const { stan } = j.begin({ kind: "sale", amountMinor: 100 + n, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "swipe", pan: "4111111111111111" });
    j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001" });
  }
  const { stan } = j.begin(offline(2000));
  const before = lastAddressOf(j, TX_TYPE.intent);
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const after = lastAddressOf(j, TX_TYPE.intent);
  t.not(after, before, "the kept intent is a new record elsewhere on the flash");
  t.is(j.cardData(stan).pan, PAN);
  t.is(open(flash.reboot(), keys).cardData(stan).pan, PAN);
});

test("a sealed intent that carries delivery marks (a 21 record) reads back as the intent it carries", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const sale = chipSaleWithAdvice(j, 1500);
  j.chipAdviceDelivered(sale, "tcUpload");
  const { stan } = j.begin(offline(2000));
  t.true(lastAddressOf(j, TX_TYPE.delivered) >= 0, "the offline approval's intent carries the TC upload's mark");
  t.is(j.cardData(stan).pan, PAN);
  t.is(open(flash.reboot(), keys).cardData(stan).pan, PAN);
});

test("a chip sale's TC upload data is read back from its answer; after settlement's compaction, from the chip advice record kept, in the running journal and after a reboot", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const stan = chipSaleWithAdvice(j, 1500);
  t.deepEqual(j.chipAdviceData(stan), ICC);
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.true(lastAddressOf(j, TX_TYPE.chipAdvice) >= 0, "the compaction kept the advice as a chip advice record");
  t.deepEqual(j.chipAdviceData(stan), ICC);
  const again = open(flash.reboot(), keys);
  t.deepEqual(again.chipAdviceData(stan), ICC);
  again.chipAdviceDelivered(stan, "tcUpload");
  t.throws(() => again.chipAdviceData(stan), { code: "TX_STATE" }, "none pending once delivered");
});

test("chip data whose record was damaged after the boot does not read back: chipAdviceData is TX_RECORD, and settlement keeps no advice it cannot send", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const stan = chipSaleWithAdvice(j, 1500);
  const address = lastAddressOf(j, TX_TYPE.answered);
  // the chip data starts after the header (16), the answer (24), the chip part's flags and length (3)
  clearOneBit(flash, address + 16 + 24 + 3, ICC.length);
  t.throws(() => j.chipAdviceData(stan), { code: "TX_RECORD" });
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.is(lastAddressOf(j, TX_TYPE.chipAdvice), -1);
  t.deepEqual(j.pending(), []);
});
