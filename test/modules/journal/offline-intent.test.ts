/**
 * An offline approval in one flash write: its intent queues its advice
 * (flag 04, the authorization code) and carries its receipt's data (flag
 * 08), so that with its delivery and its two copies the sale takes four
 * writes; a power cut leaves all of it or none. And receipts read back
 * from the flash: the views keep where a receipt's data is, not its bytes.
 */
import test from "ava";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { seededRandom } from "../../../modules/core/seeded-random.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import { INTENT_SIZE, TX_TYPE, decodeTransactionRecord, encodeIntent, type IntentRecord } from "../../../modules/journal/transaction-records.ts";
import { encodeReceipt } from "../../../modules/journal/receipt-record.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(11);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const RECEIPT = { cvm: "signature" as const, chip: { aid: "A0000000031010", label: "VISA CREDIT", tvr: "0000008000", tsi: "E800", cryptogram: "1A2B3C4D5E6F7081", cryptogramType: "TC" as const } };

function open(flash: MemoryFlash, keys: MemoryKeyStore) {
  return TransactionJournal.open(flash, { crypto, keys });
}

const offline = (amountMinor: number): NewTransaction => ({
  kind: "offline", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "chip", pan: "4761739001010010", seal: true,
  iccData: Uint8Array.of(0x9f, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, 8), advice: { authCode: "Y1" }, receipt: RECEIPT,
});

const INTENT: IntentRecord = {
  kind: "offline", stan: 0x000102, invoice: 3, batch: 1, amountMinor: 2000, currency: 978, utcSeconds: 1_700_000_000, offsetMinutes: 60,
  entry: "chip", scheme: "visa", truncatedPan: "476173******0010", originalStan: 0, completeOnPowerLoss: false,
};

test("an intent with its advice and receipt parts: the 35 bytes, the authorization code, the receipt's length and bytes, then the sealed data; it decodes to them", (t) => {
  const receipt = encodeReceipt({ stan: INTENT.stan, cvm: "pin" });
  const sealed = new Uint8Array(32).fill(0xa5);
  const bytes = encodeIntent({ ...INTENT, adviceAuthCode: "Y1", receipt, sealed });
  t.is(bytes[1], 0x01 | 0x04 | 0x08, "flags: sealed, advice, receipt");
  t.deepEqual([...bytes.subarray(INTENT_SIZE, INTENT_SIZE + 6)], [0x59, 0x31, 0x20, 0x20, 0x20, 0x20], "Y1 padded with spaces");
  t.deepEqual([...bytes.subarray(INTENT_SIZE + 6, INTENT_SIZE + 8)], [receipt.length, 0]);
  t.deepEqual(bytes.subarray(INTENT_SIZE + 8, INTENT_SIZE + 8 + receipt.length), receipt);
  t.deepEqual(bytes.subarray(INTENT_SIZE + 8 + receipt.length), sealed);
  t.deepEqual(decodeTransactionRecord(TX_TYPE.intent, bytes), { type: "intent", ...INTENT, adviceAuthCode: "Y1", receipt, sealed });
});

test("an advice in the intent of a sale, a receipt part without the advice, or a receipt of another STAN is refused with TX_INPUT; damaged parts decode to TX_RECORD", (t) => {
  t.throws(() => encodeIntent({ ...INTENT, kind: "sale", adviceAuthCode: "Y1" }), { code: "TX_INPUT" });
  t.throws(() => encodeIntent({ ...INTENT, receipt: encodeReceipt({ stan: INTENT.stan, cvm: "pin" }) }), { code: "TX_INPUT" });
  t.throws(() => encodeIntent({ ...INTENT, adviceAuthCode: "Y1", receipt: encodeReceipt({ stan: 9, cvm: "pin" }) }), { code: "TX_INPUT" });
  const bytes = encodeIntent({ ...INTENT, adviceAuthCode: "Y1", receipt: encodeReceipt({ stan: INTENT.stan, cvm: "pin" }) });
  const receiptAlone = bytes.slice();
  receiptAlone[1] = 0x08;
  t.throws(() => decodeTransactionRecord(TX_TYPE.intent, receiptAlone), { code: "TX_RECORD" }, "flag 08 without 04");
  const longer = bytes.slice();
  longer[INTENT_SIZE + 6] = 200;
  t.throws(() => decodeTransactionRecord(TX_TYPE.intent, longer), { code: "TX_RECORD" }, "a receipt part past the record");
  const code = bytes.slice();
  code[INTENT_SIZE] = 0x07;
  t.throws(() => decodeTransactionRecord(TX_TYPE.intent, code), { code: "TX_RECORD" }, "an authorization code that is not printable");
  const sale = bytes.slice();
  sale[0] = 1;
  t.throws(() => decodeTransactionRecord(TX_TYPE.intent, sale), { code: "TX_RECORD" }, "an advice in a sale's intent");
});

test("an offline approval is one write: counted, its advice pending with its code and sealed card data, its receipt's data and its merchant copy in progress; after a reboot the same", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const writes = flash.writes;
  const { stan } = j.begin(offline(2000));
  t.is(flash.writes - writes, 1);
  for (const view of [j, open(flash.reboot(), keys)]) {
    t.like(view.find(stan), { kind: "offline", state: "advising", authCode: "Y1", sealed: true });
    t.deepEqual(view.pending().map((p) => p.stan), [stan]);
    t.is(view.totals().debitsMinor, 2000);
    t.deepEqual(view.receiptDataOf(stan), { stan, ...RECEIPT });
    t.deepEqual(view.pendingPrints(), [{ stan, merchant: "printing", customer: "queued" }]);
    t.is(view.cardData(stan).pan, "4761739001010010");
  }
});

test("a power cut at every point of the offline approval's one write leaves nothing of it or all of it: never a sale counted without its advice or its receipt", (t) => {
  let none = 0;
  let all = 0;
  for (let cut = 1; cut <= 40; cut++) {
    const flash = new MemoryFlash({ blocks: 8, blockSize: 1024, random: seededRandom(cut) });
    const keys = new MemoryKeyStore();
    const j = open(flash, keys);
    flash.cutPowerAt(flash.operations + 1, { tornByte: cut % 2 === 0 });
    t.throws(() => j.begin(offline(2000)), { code: "FLASH_POWER_CUT" });
    const again = open(flash.reboot(), keys);
    const rows = again.transactions();
    if (rows.length === 0) {
      none++;
      t.deepEqual(again.pending(), []);
      t.deepEqual(again.pendingPrints(), []);
      t.is(again.totals().debits, 0);
    } else {
      all++;
      t.like(rows[0], { state: "advising", authCode: "Y1" });
      t.deepEqual(again.receiptDataOf(rows[0].stan), { stan: rows[0].stan, ...RECEIPT });
    }
    t.is(again.skipped, 0);
  }
  t.is(none, 40, "a cut write never reads back as written");
  t.is(all, 0);
});

test("settlement keeps an offline approval whose advice is pending as its intent (parts left out) and an advice-queued record; the code and the card data survive", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const { stan } = j.begin(offline(2000));
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const rebooted = flash.reboot();
  const again = open(rebooted, keys);
  t.like(again.find(stan), { state: "advising", authCode: "Y1", sealed: true });
  t.is(again.cardData(stan).pan, "4761739001010010");
  t.is(again.skipped, 0);
  const intent = [...again.storage.records()].find((r) => r.type === TX_TYPE.intent);
  t.is(intent!.payload[1] & 0x0c, 0, "the kept intent has no advice or receipt part");
  again.adviceDelivered(stan);
  t.deepEqual(open(rebooted.reboot(), keys).pending(), []);
});

test("a receipt's data is read back from the flash when asked: a bit cleared in it after the boot makes its CRC fail, and none is returned", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = open(flash, keys);
  const { stan } = j.begin({ kind: "sale", amountMinor: 500, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "swipe", pan: "4111111111111111" });
  j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001", receipt: { cvm: "signature" } });
  const again = open(flash, keys);
  t.deepEqual(again.receiptDataOf(stan), { stan, cvm: "signature" });
  let address = -1;
  again.storage.forEachRecord((type, _payload, _sequence, at) => {
    if (type === TX_TYPE.answered) address = at;
  });
  // the receipt part's CVM byte (header 16, answer 24, STAN 3): 2 (signature) with bit 1 cleared reads 0 (none)
  flash.write(address + 16 + 24 + 3, Uint8Array.of(0xfd));
  t.is(again.receiptDataOf(stan), undefined);
  t.like(again.printJobOf(stan), { merchant: "printing", customer: "queued" }, "the job's state is the row's, not the record's");
});
