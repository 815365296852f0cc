/**
 * CANCEL and the time-out in the states that wait for the card or the
 * host: what ends at once, what goes on to its end, what the journal and
 * the acquirer's ledger hold afterwards; and the room a transaction keeps
 * on the journal before it starts.
 */
import test from "ava";
import { concat } from "../../../modules/core/bytes.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { DE55_TAGS } from "../../../modules/emv/kernel/de55.ts";
import { tagInfo } from "../../../modules/emv/tags.ts";
import { encodeTlv } from "../../../modules/emv/tlv.ts";
import { text } from "../../../modules/iso8583/message.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { sealCardData } from "../../../modules/journal/sealed-card-data.ts";
import { sealedReserve } from "../../../modules/journal/transaction-journal.ts";
import { DE55_MAX } from "../../../modules/terminal/chip-data.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { testCard } from "../emv/kernel/test-cards.ts";
import { crypto, rig, swipeSale, STRIPE_NO_PIN, type Rig } from "./terminal-harness.ts";

/** The key of a menu entry: 1-9, then 0 for the tenth. */
const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10) as never;

/** The screens shown after the first `id`. */
function after(r: Rig, id: string): string[] {
  const ids = r.display.ids();
  return ids.slice(ids.indexOf(id) + 1);
}

test("CANCEL while a void is online: the host's approval of the void is reversed (0400), the sale still counts, CANCELLED", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("VOID"), "ENTER", "ENTER");
  t.is(r.terminal.state, "online");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0200", "0400"]);
  t.is(text(r.host.seen[2], 3), "020000");
  t.like(r.terminal.journal.transactions()[1], { kind: "void", state: "reversed" });
  t.like(r.terminal.journal.totals(), { debits: 1, debitsMinor: 1000 });
  t.deepEqual(r.host.owed(), { count: 1, amount: 1000 });
  t.true(r.display.ids().includes("CANCELLED"));
  t.false(after(r, "CONFIRM_TRANSACTION").includes("APPROVED"));
});

test("CANCEL while a chip refund is online: the card's AAC is final, the host's approval is reversed, no credit counts, CANCELLED", async (t) => {
  const r = await rig();
  r.press("MENU", item("REFUND"));
  r.type("3000");
  r.press("ENTER");
  r.insert(testCard());
  await r.until("online");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { kind: "refund", state: "reversed" });
  t.like(r.terminal.journal.totals(), { credits: 0, creditsMinor: 0 });
  t.true(r.display.ids().includes("CANCELLED"));
  t.false(r.display.ids().includes("APPROVED"));
});

test("CANCEL while a chip balance inquiry is online: nothing to reverse, CANCELLED instead of the balance", async (t) => {
  const r = await rig();
  r.press("MENU", item("BALANCE"));
  r.insert(testCard());
  await r.until("online");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200"]);
  t.true(r.display.ids().includes("CANCELLED"));
  t.false(r.display.ids().includes("BALANCE"));
});

test("time-out while a swiped sale is online: TIMEOUT at once, the approval that arrives later is reversed, nothing counts", async (t) => {
  const r = await rig({ timeouts: { busy: 1 } });
  swipeSale(r, "1500", STRIPE_NO_PIN);
  t.is(r.terminal.state, "online");
  r.clock.advance(1);
  t.is(r.terminal.state, "result");
  t.is(r.display.last?.id, "TIMEOUT");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { state: "reversed" });
  t.deepEqual(r.host.owed(), { count: 0, amount: 0 });
  t.deepEqual(after(r, "TIMEOUT"), ["IDLE"]);
});

test("time-out while the chip is read: TIMEOUT at once, the kernel runs to its end, nothing goes to the host", async (t) => {
  const r = await rig({ timeouts: { busy: 1 } });
  r.type("20000");
  r.press("ENTER");
  const card = testCard();
  r.insert(card);
  t.is(r.terminal.state, "processing");
  r.clock.advance(1);
  t.is(r.display.last?.id, "TIMEOUT");
  await r.until("remove-card");
  r.terminal.handle({ type: "card-removed" });
  card.present = false;
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.is(r.terminal.journal.transactions().length, 0);
  t.false(r.display.ids().includes("APPROVED"));
});

test("CANCEL at settlement with a silent host: CANCELLED at once, the batch stays open, idle once the exchange timed out", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.host.state.silent = true;
  r.press("MENU", item("SETTLEMENT"));
  t.is(r.terminal.state, "settlement");
  r.press("CANCEL");
  t.is(r.terminal.state, "result");
  t.is(r.display.last?.id, "CANCELLED");
  await r.run(3_000);
  t.not(r.terminal.state, "idle", "idle waits for the settlement's exchange to end");
  t.is(await r.idle(), "idle");
  t.is(r.terminal.journal.lastSettlement, undefined);
  t.like(r.terminal.journal.totals(), { debits: 1, debitsMinor: 1000 });
  t.deepEqual(after(r, "CANCELLED"), ["IDLE"]);
  r.host.state.silent = false;
  r.press("MENU", item("SETTLEMENT"));
  await r.idle();
  t.truthy(r.terminal.journal.lastSettlement, "a later settlement closes the batch");
});

test("CANCEL at settlement after the 0500 left and the host accepts it: the journal's settlement record decides, the totals are shown and the report printed", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const printed = r.receipts.jobs.length;
  r.press("MENU", item("SETTLEMENT"));
  r.press("CANCEL");
  t.is(r.display.last?.id, "CANCELLED");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0500"]);
  t.like(r.terminal.journal.lastSettlement, { debits: 1, debitsMinor: 1000 });
  t.like(r.terminal.journal.totals(), { debits: 0 });
  t.true(after(r, "CANCELLED").includes("SETTLEMENT_TOTALS"));
  t.is(r.receipts.jobs.slice(printed).filter((j) => j.kind === "settlement").length, 1);
});

test("time-out at settlement with a silent host: TIMEOUT at once, the batch stays open", async (t) => {
  const r = await rig({ timeouts: { busy: 1_000 } });
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.host.state.silent = true;
  r.press("MENU", item("SETTLEMENT"));
  await r.run(1_000);
  t.is(r.terminal.state, "result");
  t.is(r.display.last?.id, "TIMEOUT");
  t.is(await r.idle(), "idle");
  t.is(r.terminal.journal.lastSettlement, undefined);
  t.like(r.terminal.journal.totals(), { debits: 1 });
  t.deepEqual(after(r, "TIMEOUT"), ["IDLE"]);
});

test("CANCEL at sign-on with a silent host: CANCELLED at once; the failed sign-on shows nothing more", async (t) => {
  const r = await rig();
  r.host.state.silent = true;
  r.press("MENU", item("SIGN_ON"));
  t.is(r.terminal.state, "sign-on");
  r.press("CANCEL");
  t.is(r.display.last?.id, "CANCELLED");
  t.is(await r.idle(), "idle");
  t.deepEqual(after(r, "CANCELLED"), ["IDLE"]);
});

test("time-out at sign-on with a silent host: TIMEOUT at once, then idle", async (t) => {
  const r = await rig({ timeouts: { busy: 1_000 } });
  r.host.state.silent = true;
  r.press("MENU", item("SIGN_ON"));
  await r.run(1_000);
  t.is(r.display.last?.id, "TIMEOUT");
  t.is(await r.idle(), "idle");
  t.deepEqual(after(r, "TIMEOUT"), ["IDLE"]);
});

test("CANCEL at REMOVE_CARD goes to idle", async (t) => {
  const r = await rig();
  r.type("20000");
  r.press("ENTER");
  r.insert(testCard());
  await r.until("remove-card");
  r.press("CANCEL");
  t.is(r.terminal.state, "idle");
});

/** DE55 with every tag the kernel sends at its largest length (EMV 4.4 Book 3 Annex A). */
function largestDe55(): Uint8Array {
  return concat(...DE55_TAGS.map((tag) => encodeTlv(tag, new Uint8Array(tagInfo(tag)!.length.max))));
}

test("the largest chip data an offline approval seals is DE55_MAX bytes, and sealedReserve(DE55_MAX) holds it sealed with a 19-digit PAN", (t) => {
  const de55 = largestDe55();
  t.is(de55.length, DE55_MAX);
  const sealed = sealCardData(crypto, new MemoryKeyStore(), { pan: "5413330089020011123", iccData: de55 });
  t.true(sealed.length <= sealedReserve(DE55_MAX), `${sealed.length} sealed bytes`);
});

/** Counters records (one STAN reserved each) a fresh terminal on a 4×512 flash writes before a sale can no longer start. */
async function boundary(): Promise<number> {
  const r = await rig({ flash: new MemoryFlash({ blocks: 4, blockSize: 512 }) });
  let n = 0;
  while (r.terminal.journal.canStart(sealedReserve(DE55_MAX))) {
    r.terminal.journal.reserveStans(1);
    n++;
  }
  return n;
}

async function filled(records: number): Promise<Rig> {
  const r = await rig({ flash: new MemoryFlash({ blocks: 4, blockSize: 512 }) });
  for (let i = 0; i < records; i++) r.terminal.journal.reserveStans(1);
  return r;
}

test("at the boundary of the largest intent a sale is refused with JOURNAL_FULL, where a PAN-only reservation would have let it start", async (t) => {
  const n = await boundary();
  const r = await filled(n);
  t.false(r.terminal.journal.canStart(sealedReserve(DE55_MAX)));
  t.true(r.terminal.journal.canStart(32), "the old 32-byte reservation would still start the sale");
  r.type("1");
  t.is(r.display.last?.id, "JOURNAL_FULL");
  t.is(r.terminal.state, "result");
});

test("one record before the boundary a sale starts, and an offline approval's advice with the largest chip data still finds room", async (t) => {
  const n = await boundary();
  t.true(n > 0);
  const r = await filled(n - 1);
  r.type("1");
  t.is(r.display.last?.id, "AMOUNT_ENTRY");
  r.press("CANCEL");
  const advice = r.terminal.journal.begin({
    kind: "offline",
    amountMinor: 1,
    currency: "978",
    utcMs: 0,
    offsetMinutes: 0,
    entry: "chip",
    pan: "5413330089020011",
    seal: true,
    iccData: largestDe55(),
  });
  t.is(advice.kind, "offline");
});
