/**
 * The settled record's breakdown (by type and by scheme), byte by byte
 * against the layout in modules/journal/README.md, written out by hand.
 */
import test from "ava";
import { toHex, fromHex } from "../../../modules/core/hex.ts";
import { RECORD_LENGTHS, SETTLED_MAX_LENGTH, TX_TYPE, decodeTransactionRecord, encodeSettled, type SettledRecord } from "../../../modules/journal/transaction-records.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import { testCrypto } from "../../support/crypto.ts";

const zero = () => ({ count: 0, amountMinor: 0 });
const FIXED = { batch: 2, balanced: true, uploaded: 0, debits: 3, debitsMinor: 4000, credits: 1, creditsMinor: 700, utcSeconds: 1_795_000_000 };
// batch | 01 balanced | uploaded | debit count | debit amount | credit count | credit amount | time
const FIXED_HEX = "020000" + "01" + "000000" + "030000" + "A00F00000000" + "010000" + "BC0200000000" + "C086FD6A";

function settled(): SettledRecord {
  return {
    ...FIXED,
    breakdown: {
      byType: { sale: { count: 2, amountMinor: 4000 }, refund: { count: 1, amountMinor: 700 }, void: zero(), balance: zero(), offline: zero(), preauth: { count: 1, amountMinor: 9000 }, preauthCompletion: zero(), preauthCancel: zero() },
      byScheme: { visa: { debits: 2, debitsMinor: 4000, credits: 1, creditsMinor: 700 }, mastercard: { debits: 1, debitsMinor: 5, credits: 0, creditsMinor: 0 } },
    },
  };
}

test("a settled record with its breakdown: the kinds present, each kind's count and amount, then each scheme's code and totals", (t) => {
  const bytes = encodeSettled(settled());
  t.is(
    toHex(bytes),
    FIXED_HEX +
      // kinds present: sale (bit 0), refund (bit 1), preauth (bit 5) = 23
      "23" +
      "020000" + "A00F00000000" +
      "010000" + "BC0200000000" +
      "010000" + "282300000000" +
      // two schemes: visa (1), mastercard (2); debit count, debit amount, credit count, credit amount
      "02" +
      "01" + "020000" + "A00F00000000" + "010000" + "BC0200000000" +
      "02" + "010000" + "050000000000" + "000000" + "000000000000",
  );
  t.deepEqual(decodeTransactionRecord(TX_TYPE.settled, bytes), { type: "settled", ...settled() });
});

test("a settled record of 29 bytes, written before the breakdown was kept, decodes without one", (t) => {
  const r = decodeTransactionRecord(TX_TYPE.settled, fromHex(FIXED_HEX));
  t.deepEqual(r, { type: "settled", ...FIXED });
});

test("a breakdown cut short, with a byte too many, an unknown or repeated scheme is TX_RECORD; the longest record is SETTLED_MAX_LENGTH", (t) => {
  const bytes = encodeSettled(settled());
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, bytes.subarray(0, bytes.length - 1)), { code: "TX_RECORD" });
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, Uint8Array.of(...bytes, 0)), { code: "TX_RECORD" });
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, bytes.subarray(0, 30)), { code: "TX_RECORD" });
  const unknown = bytes.slice();
  unknown[bytes.length - 19] = 0x63;
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, unknown), { code: "TX_RECORD" });
  const twice = bytes.slice();
  twice[bytes.length - 19] = 0x01;
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, twice), { code: "TX_RECORD" });
  const every = settled();
  const b = every.breakdown!;
  for (const k of ["sale", "refund", "void", "balance", "offline", "preauth", "preauthCompletion", "preauthCancel"] as const) b.byType[k] = { count: 1, amountMinor: 1 };
  for (const s of ["unknown", "visa", "mastercard", "amex", "diners", "jcb", "discover", "unionpay", "maestro", "mir"] as const) b.byScheme[s] = { debits: 1, debitsMinor: 1, credits: 0, creditsMinor: 0 };
  t.is(encodeSettled(every).length, SETTLED_MAX_LENGTH);
  t.throws(() => decodeTransactionRecord(TX_TYPE.settled, new Uint8Array(SETTLED_MAX_LENGTH + 1)), { code: "TX_RECORD" });
});

test("a breakdown amount or count out of range is refused with TX_INPUT", (t) => {
  const big = settled();
  big.breakdown!.byType.sale = { count: 0x1000000, amountMinor: 1 };
  t.throws(() => encodeSettled(big), { code: "TX_INPUT" });
  const negative = settled();
  negative.breakdown!.byScheme.visa!.creditsMinor = -1;
  t.throws(() => encodeSettled(negative), { code: "TX_INPUT" });
});

const crypto = testCrypto(7);
const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const sale = (amountMinor: number, pan: string): NewTransaction => ({ kind: "sale", amountMinor, currency: "978", utcMs: T0, offsetMinutes: 60, entry: "swipe", pan });

// the schemes' published test PANs: Visa, Mastercard, American Express, Discover, JCB, Diners Club
const PANS = ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "3530111333300000", "30569309025904"];

/** Completed sales, their PANs taken from `pans` in turn, until `canStart` says settle first or `count` are made; returns how many. */
function sales(j: TransactionJournal, count: number, pans: readonly string[]): number {
  let n = 0;
  for (; n < count && j.canStart(); n++) {
    const { stan } = j.begin(sale(100 + n, pans[n % pans.length]));
    j.sent(stan);
    j.answered({ stan, approved: true, completed: true, responseCode: "00", authCode: "A1B2C3", rrn: "600000000001" });
  }
  return n;
}

test("settlement keeps the batch's totals by type and scheme in its record: settledTotals after a reboot gives the totals the batch had", (t) => {
  const flash = new MemoryFlash({ blocks: 8, blockSize: 1024 });
  const keys = new MemoryKeyStore();
  const j = TransactionJournal.open(flash, { crypto, keys });
  sales(j, 4, PANS.slice(0, 2));
  const before = j.totals();
  j.nextStan(5, true);
  j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  const again = TransactionJournal.open(flash.reboot(), { crypto, keys });
  t.deepEqual(again.settledTotals(), before);
  t.deepEqual(Object.keys(before.byScheme), ["visa", "mastercard"]);
});

test("when the log has no room for the breakdown beyond the 29 bytes kept for settlement, the batch settles with the 29-byte record: debits and credits, no breakdown", (t) => {
  const flash = new MemoryFlash({ blocks: 4, blockSize: 512 });
  const keys = new MemoryKeyStore();
  const j = TransactionJournal.open(flash, { crypto, keys });
  const n = sales(j, 100, PANS);
  t.false(j.canStart(), `${n} sales filled it`);
  const before = j.totals();
  j.nextStan(n + 2, true);
  // the room left after the sales is the journal's to judge: here it is made to hold the 29 bytes kept for settlement, no more
  const canAppend = j.storage.canAppend.bind(j.storage);
  j.storage.canAppend = (...lengths: number[]) => (lengths.length === 1 && lengths[0] > RECORD_LENGTHS.settled ? false : canAppend(...lengths));
  const record = j.settle({ balanced: true, uploaded: 0, utcMs: T0 });
  t.is(record.breakdown, undefined);
  t.false(j.compactionFailed);
  const settled = TransactionJournal.open(flash.reboot(), { crypto, keys }).settledTotals()!;
  t.like(settled, { batch: 1, debits: before.debits, debitsMinor: before.debitsMinor, credits: 0, creditsMinor: 0 });
  t.deepEqual(settled.byScheme, {});
  t.is(settled.byType.sale.count, 0, "nothing by type");
});
