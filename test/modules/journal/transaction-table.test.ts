/**
 * The transaction table keeps its 72-byte rows in blocks of 32 (row i in
 * block i >> 5): rows on either side of a block's edge (31/32/33, 63/64/65)
 * keep their own fields, a STAN finds its own row in any block, recovery
 * from the journal rebuilds the same views, and the table holds whole
 * blocks only, a new one when the last is full.
 */
import test, { type ExecutionContext } from "ava";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { recover } from "../../../modules/journal/recover.ts";
import { CHIP_BITS, K, PRINT_ON_RECORD, S, STATES, TransactionTable, type TransactionState } from "../../../modules/journal/transaction-table.ts";
import { TransactionJournal, type NewTransaction } from "../../../modules/journal/transaction-journal.ts";
import { INTENT_SIZE, encodeIntent, type IntentRecord, type TransactionKind } from "../../../modules/journal/transaction-records.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(23);
const T0 = Date.UTC(2026, 2, 2, 8, 0, 0);
/** Published test card numbers (Stripe's testing documentation): Visa, Mastercard. */
const VISA = "4242424242424242";
const MASTERCARD = "5555555555554444";
/** Rows on either side of the first two block edges. */
const EDGES = [31, 32, 33, 63, 64, 65];
const ROWS = 70;
const KINDS: TransactionKind[] = ["sale", "refund", "offline", "preauth", "void"];
/** The kind numbers rows hold, as KINDS lists them. */
const KIND_NUMBERS = [K.sale, K.refund, K.offline, K.preauth, K.void];

const SCHEMES = ["visa", "mastercard", "jcb"] as const;

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Row i's intent: every field its own value, so that a row read at another row's offset shows. */
function intentOf(i: number, stan = 1000 + i): IntentRecord {
  const kind = KINDS[i % KINDS.length];
  return {
    kind,
    stan,
    invoice: 500 + i,
    batch: 40 + (i % 3),
    // the amount's top bytes too (offsets 15-16): up to DE4's 12 digits
    amountMinor: 999_000_000_000 + i * 7919,
    currency: [978, 840, 392][i % 3],
    utcSeconds: 1_790_000_000 + i * 3601,
    // a negative offset as well as positive ones: the row keeps it signed
    offsetMinutes: [60, -300, 330][i % 3],
    ...(kind === "void" ? {} : { entry: i % 3 ? ("chip" as const) : ("swipe" as const) }),
    scheme: kind === "void" ? "unknown" : SCHEMES[i % 3],
    truncatedPan: kind === "void" ? "" : i % 2 ? "424242******4242" : "555555******4444",
    originalStan: kind === "void" ? 900 + i : 0,
    completeOnPowerLoss: i % 3 === 1,
    ...(i % 3 === 0 ? { sealed: new Uint8Array(32).fill(i) } : {}),
  };
}

/** The chip advices rows hold, in turn. */
const CHIPS = [CHIP_BITS.tcUpload, CHIP_BITS.scriptResult, CHIP_BITS.tcUpload | CHIP_BITS.scriptResult];

/**
 * Sets each field of row i to a value of its own; the values cycle with
 * periods (3, 5, 7, 12, or none) that no power of two divides, so a row
 * read or written at another row's offset shows.
 */
function fillRow(table: TransactionTable, i: number): void {
  table.setState(i, S[STATES[i % STATES.length]]);
  // response code, authorization code, RRN, as an answered record holds them from its byte 4
  table.setAnswer(i, ascii(`....${String(i % 100).padStart(2, "0")}A${String(i).padStart(5, "0")}${String(700000000000 + i)}`), 4);
  table.setReason(i, String(10 + i).slice(-2));
  table.setChipAdvice(i, CHIPS[i % 3], 200_000 + i);
  table.setPrintJob(i, i % 7, (i + 3) % 7);
  table.setReceiptAt(i, 100_000 + i);
}

/** Checks every field of row i; `found`: whether its STAN finds it (a later row may take the STAN). */
function checkRow(t: ExecutionContext, table: TransactionTable, i: number, found = true): void {
  const r = intentOf(i);
  const at = `row ${i}`;
  if (found) t.is(table.find(r.stan), i, at);
  t.is(table.kind(i), KIND_NUMBERS[i % KINDS.length], at);
  t.is(table.stan(i), r.stan, at);
  t.is(table.batch(i), r.batch, at);
  t.is(table.amount(i), r.amountMinor, at);
  // scheme codes as intents hold them (README.md: 00 unknown, 01 Visa, 02 Mastercard, 05 JCB)
  t.is(table.scheme(i), r.scheme === "unknown" ? 0 : [1, 2, 5][i % 3], at);
  t.is(table.originalStan(i), r.originalStan, at);
  t.is(table.localSeconds(i), r.utcSeconds + r.offsetMinutes * 60, at);
  t.is(table.completeOnPowerLoss(i), r.completeOnPowerLoss, at);
  t.is(table.isSealed(i), r.sealed !== undefined, at);
  t.is(table.sealedAt(i), r.sealed ? 10_000 + i : -1, at);
  t.is(table.state(i), S[STATES[i % STATES.length]], at);
  t.is(table.reason(i), String(10 + i).slice(-2), at);
  t.is(table.chipAdvice(i), CHIPS[i % 3], at);
  t.is(table.chipAt(i), 200_000 + i, at);
  t.is(table.printJob(i), PRINT_ON_RECORD | (i % 7) | (((i + 3) % 7) << 3), at);
  t.is(table.receiptAt(i), 100_000 + i, at);
  // the intent's 35 bytes come back as they went in, flag 01 cleared (the copy keeps no sealed card data)
  const expected = encodeIntent(r).slice(0, INTENT_SIZE);
  expected[1] &= ~1;
  t.deepEqual(table.intentPayload(i), expected, at);
  t.like(
    table.view(i),
    {
      stan: r.stan,
      invoice: r.invoice,
      amountMinor: r.amountMinor,
      currency: r.currency,
      utcSeconds: r.utcSeconds,
      offsetMinutes: r.offsetMinutes,
      truncatedPan: r.truncatedPan,
      state: STATES[i % STATES.length],
      responseCode: String(i % 100).padStart(2, "0"),
      authCode: `A${String(i).padStart(5, "0")}`,
      rrn: String(700000000000 + i),
      reversalReason: String(10 + i).slice(-2),
      sealed: r.sealed !== undefined,
    },
    at,
  );
}

test("70 rows across the table's blocks (31/32/33, 63/64/65 at the edges) each keep every field, and each STAN finds its own row", (t) => {
  const table = new TransactionTable();
  for (let i = 0; i < ROWS; i++) {
    t.is(table.add(encodeIntent(intentOf(i)), 10_000 + i), i);
    fillRow(table, i);
  }
  t.is(table.length, ROWS);
  // set every field of every row before reading any: a write that lands in another row's bytes shows in that row
  for (let i = 0; i < ROWS; i++) checkRow(t, table, i);
  for (const i of EDGES) t.is(table.find(1000 + i), i, `edge row ${i}`);
  t.is(table.find(1000 + ROWS), -1, "a STAN no row holds");
  t.is(table.find(0), -1, "STAN 0: no row holds it, though unused bytes are zeros");
});

test("a STAN repeated in a later block finds the later row; the earlier one keeps its fields", (t) => {
  const table = new TransactionTable();
  for (let i = 0; i < 40; i++) {
    table.add(encodeIntent(intentOf(i)), 10_000 + i);
    fillRow(table, i);
  }
  // row 40 (block 1) takes row 5's STAN (block 0)
  t.is(table.add(encodeIntent(intentOf(40, 1005))), 40);
  t.is(table.find(1005), 40);
  t.is(table.amount(40), intentOf(40).amountMinor);
  checkRow(t, table, 5, false);
  t.is(table.find(1000 + 39), 39);
});

test("a STAN that is not a whole 3-byte number finds no row", (t) => {
  const table = new TransactionTable();
  for (let i = 0; i < 40; i++) table.add(encodeIntent(intentOf(i)));
  // 1000 + 2^24 has the low 3 bytes of row 0's STAN
  for (const stan of [1000.5, -1000, 1000 + 2 ** 24, Number.NaN]) t.is(table.find(stan), -1, String(stan));
});

test("the table holds whole blocks of 32 rows (2,304 bytes), a new one only when the last is full: 257 transactions take 9 blocks, 20,736 bytes, not the 36,864 of an array doubled to 512 rows", (t) => {
  const table = new TransactionTable();
  t.is(table.bytes, 0, "no block before the first row");
  const seen: Record<number, number> = {};
  for (let i = 0; i < 257; i++) {
    table.add(encodeIntent(intentOf(i, 1 + i)));
    seen[table.length] = table.bytes;
    // never more than 31 rows spare
    t.true(table.bytes - table.length * 72 <= 31 * 72 && table.bytes >= table.length * 72, `after ${table.length} rows`);
  }
  t.deepEqual(
    [1, 32, 33, 64, 65, 256, 257].map((n) => seen[n]),
    [2304, 2304, 4608, 4608, 6912, 18_432, 20_736],
  );
  // the first block's rows stayed where they were written
  t.is(table.find(1), 0);
  t.is(table.amount(0), intentOf(0).amountMinor);
  t.is(table.find(257), 256);
});

/** A journal of `count` transactions of every outcome, in turn: returns their STANs, oldest first. */
function busyJournal(j: TransactionJournal, count: number): number[] {
  const stans: number[] = [];
  for (let i = 0; i < count; i++) {
    const card = { currency: "978", utcMs: T0 + i * 60_000, offsetMinutes: 60, entry: "chip" as const, pan: i % 2 ? VISA : MASTERCARD };
    const amountMinor = 1000 + i;
    let tx: NewTransaction;
    switch (i % 6) {
      case 0: // a chip sale completed with its TC upload still to send
        tx = { kind: "sale", amountMinor, ...card };
        break;
      case 1: // declined
        tx = { kind: "sale", amountMinor, ...card };
        break;
      case 2: // no answer: a reversal queued
        tx = { kind: "sale", amountMinor, ...card };
        break;
      case 3: // an offline approval, its advice queued in the intent, the PAN sealed
        tx = { kind: "offline", amountMinor, ...card, seal: true, advice: { authCode: `Y${i}` } };
        break;
      case 4: // a refund, approved and completed, its receipt's copies printed
        tx = { kind: "refund", amountMinor, ...card };
        break;
      default: // a void of the chip sale five rows before it
        tx = { kind: "void", amountMinor: 1000 + i - 5, currency: "978", utcMs: T0 + i * 60_000, offsetMinutes: 60, originalStan: stans[i - 5] };
    }
    const { stan } = j.begin(tx);
    stans.push(stan);
    const answer = { stan, responseCode: "00", authCode: `A${String(i).padStart(5, "0")}`, rrn: String(600000000000 + i) };
    if (i % 6 === 0) j.answered({ ...answer, approved: true, completed: true, chipAdvice: { tcUpload: true, scriptResult: i % 12 === 0, iccData: Uint8Array.of(0x9f, 0x26, 0x08, 1, 2, 3, 4, 5, 6, 7, i) } });
    else if (i % 6 === 1) j.answered({ ...answer, approved: false, responseCode: "51", authCode: "", rrn: String(600000000000 + i) });
    else if (i % 6 === 2) j.reversalQueued(stan, "68");
    else if (i % 6 === 4) {
      j.answered({ ...answer, approved: true, completed: true });
      j.printJob({ stan, merchant: "done", customer: i % 12 === 4 ? "done" : "queued" });
    } else if (i % 6 === 5) {
      j.answered({ ...answer, approved: true });
      j.voided(stan);
    }
  }
  return stans;
}

test("a journal of 70 transactions across the table's blocks: every STAN's view, the pending views and the totals are the same after a reboot and from recover(records)", (t) => {
  const flash = new MemoryFlash({ blocks: 64, blockSize: 4096 });
  const keys = new MemoryKeyStore();
  // a reserve that holds what settlement would keep of a day this busy: a dozen each of reversals, advices and chip sales
  const j = TransactionJournal.open(flash, { crypto, keys, reserveBlocks: 8 });
  const stans = busyJournal(j, ROWS);
  const views = stans.map((stan) => j.find(stan));
  // each STAN finds its own transaction, at the block edges too
  views.forEach((v, i) => t.like(v, { stan: stans[i], kind: i % 6 === 3 ? "offline" : i % 6 === 4 ? "refund" : i % 6 === 5 ? "void" : "sale" }, `transaction ${i}`));
  const states: TransactionState[] = ["voided", "declined", "reversing", "advising", "completed", "completed"];
  for (const i of EDGES) t.is(views[i]?.state, states[i % 6], `edge transaction ${i}`);
  t.is(views[0]?.state, "voided", "the sale a void undid");
  t.like(views[30], { chipAdvice: { tcUpload: true, scriptResult: false } });
  t.true(views[63]?.sealed);

  const rebooted = TransactionJournal.open(flash, { crypto, keys, reserveBlocks: 8 });
  t.deepEqual(stans.map((stan) => rebooted.find(stan)), views);
  t.deepEqual(rebooted.transactions(), j.transactions());
  t.deepEqual(rebooted.pending(), j.pending());
  t.deepEqual(rebooted.pendingPrints(), j.pendingPrints());
  t.deepEqual(rebooted.totals(), j.totals());
  t.deepEqual(rebooted.cardData(stans[63]).pan, VISA, "the sealed PAN of a row in the third block reads back from its intent");

  const r = recover([...j.storage.records()]);
  t.is(r.table.length, ROWS);
  t.deepEqual(stans.map((stan) => r.table.view(r.table.find(stan))), views);
  t.deepEqual(r.pendingReversals.map((v) => v.stan), stans.filter((_, i) => i % 6 === 2));
  t.deepEqual(r.pendingAdvices.map((v) => v.stan), stans.filter((_, i) => i % 6 === 3));
  // every chip sale has its TC upload to send: voided ones too (the host was told of the TC all the same)
  t.deepEqual(r.pendingChipAdvices.map((v) => v.stan), stans.filter((_, i) => i % 6 === 0));
  t.deepEqual([...r.pendingReversals, ...r.pendingAdvices, ...r.pendingChipAdvices].sort((a, b) => a.stan - b.stan), j.pending());
  t.deepEqual(r.totals, j.totals());
});

test("a journal of 257 transactions folds into a table of 9 blocks (20,736 bytes)", (t) => {
  const flash = new MemoryFlash({ blocks: 64, blockSize: 4096 });
  const j = TransactionJournal.open(flash, { crypto, keys: new MemoryKeyStore() });
  for (let i = 0; i < 257; i++) j.begin({ kind: "balance", amountMinor: 0, currency: "978", utcMs: T0, offsetMinutes: 0, entry: "swipe", pan: VISA });
  const { table } = recover([...j.storage.records()]);
  t.is(table.length, 257);
  t.is(table.bytes, 9 * 32 * 72);
  t.is(table.bytes, 20_736);
});
