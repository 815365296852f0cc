/**
 * The merchant menu: the manager PIN from the key store, void, refund,
 * balance inquiry, settlement with its report, reprint, sign-on; and the
 * printer's problems while receipts print.
 */
import test from "ava";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { text } from "../../../modules/iso8583/message.ts";
import { provisionManagerPin } from "../../../modules/terminal/manager-pin.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { TerminalError } from "../../../modules/terminal/error.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { crypto, MANAGER_KEY, rig, swipeSale, STRIPE_NO_PIN, STRIPE_PIN, type Rig } from "./terminal-harness.ts";

/** The key of a menu entry: 1-9, then 0 for the tenth. */
const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

async function managed(): Promise<Rig> {
  const r = await rig({ managerPin: "1357" });
  r.config.limits.managerPin.required = true;
  return r;
}

test("the menu lists sale, balance, void, refund, settlement, reprint, sign-on, then pre-auth, its completion and its cancellation", async (t) => {
  const r = await rig();
  r.press("MENU");
  t.deepEqual(r.display.last, { id: "MENU", items: ["SALE", "BALANCE", "VOID", "REFUND", "SETTLEMENT", "REPRINT", "SIGN_ON", "PREAUTH", "PREAUTH_COMPLETION", "PREAUTH_CANCEL"] });
  t.is(item("PREAUTH_CANCEL"), "0", "the tenth entry is on key 0");
});

test("manager PIN: a wrong one is refused and nothing runs; the digits never show", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("VOID") as never);
  t.like(r.display.last, { id: "MANAGER_PIN", digits: 0 });
  r.type("2468");
  t.like(r.display.last, { id: "MANAGER_PIN", digits: 4 });
  r.press("ENTER");
  t.is(r.display.last?.id, "WRONG_PIN");
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200"]);
  t.false(JSON.stringify(r.display.shown).includes("2468"));
  t.true(r.log.lines.includes("terminal: manager PIN refused"));
});

test("void of the last sale (ENTER with no trace number): confirmation with the card's last digits, 0200 processing 02, the sale no longer counts", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("VOID") as never);
  r.type("1357");
  r.press("ENTER");
  t.like(r.display.last, { id: "ORIGINAL_ENTRY", field: "TRACE" });
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "VOID", amount: { minor: 1000 }, cardLast4: "0010" });
  r.press("ENTER");
  await r.idle();
  const v = r.host.seen.at(-1)!;
  t.is(text(v, 3), "020000");
  t.like(r.terminal.journal.find(2), { state: "voided" });
  t.is(r.terminal.journal.totals().debits, 0);
  const job = r.receipts.jobs.at(-1)!;
  if (job.kind === "transaction") t.like(job.transaction, { type: "void", original: { trace: "000002" } });
});

test("void of a chosen sale by its trace number", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  swipeSale(r, "2000", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("VOID") as never);
  r.type("1357");
  r.press("ENTER");
  r.type("2");
  r.press("ENTER", "ENTER");
  await r.idle();
  t.like(r.terminal.journal.find(2), { state: "voided" });
  t.like(r.terminal.journal.find(3), { state: "completed" });
});

test("void of a trace number that is no approved sale: declined locally, nothing sent", async (t) => {
  const r = await managed();
  r.press("MENU", item("VOID") as never);
  r.type("1357");
  r.press("ENTER");
  r.type("77");
  r.press("ENTER");
  t.like(r.display.last, { id: "DECLINED", responseCode: "25" });
  t.deepEqual(r.host.mtis(), ["0800"]);
});

test("refund behind the manager PIN: amount, card, 0200 processing 20, counted as a credit", async (t) => {
  const r = await managed();
  r.press("MENU", item("REFUND") as never);
  r.type("1357");
  r.press("ENTER");
  r.type("700");
  r.press("ENTER");
  t.like(r.display.last, { id: "PRESENT_CARD", operation: "REFUND", amount: { minor: 700 } });
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  t.is(text(r.host.seen.at(-1)!, 3), "200000");
  t.like(r.terminal.journal.totals(), { credits: 1, creditsMinor: 700 });
});

test("balance inquiry: card and PIN, 0200 processing 31, the balance from DE54 on screen, nothing printed", async (t) => {
  const r = await rig();
  r.press("MENU", item("BALANCE") as never);
  t.like(r.display.last, { id: "PRESENT_CARD", operation: "BALANCE" });
  r.terminal.handle({ type: "swipe", tracks: STRIPE_PIN });
  r.type("2580");
  r.press("ENTER");
  await r.idle();
  t.is(text(r.host.seen.at(-1)!, 3), "310000");
  t.true(r.display.shown.some((m) => m.id === "BALANCE" && m.balance.minor === 123456));
  t.is(r.receipts.jobs.length, 0);
});

test("settlement: 0500 with the batch totals, SETTLEMENT_TOTALS on screen, the report printed, a new batch", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  swipeSale(r, "2500", STRIPE_NO_PIN);
  await r.idle();
  const batch = r.terminal.journal.batchNumber;
  r.press("MENU", item("SETTLEMENT") as never);
  r.type("1357");
  r.press("ENTER");
  await r.idle();
  const s = r.host.state.settled[0];
  t.is(text(s, 76), "0000000002");
  t.is(text(s, 88), "0000000000003500");
  t.true(r.display.shown.some((m) => m.id === "SETTLEMENT_TOTALS" && m.sales.count === 2 && m.sales.amount.minor === 3500 && m.balanced));
  const report = r.receipts.jobs.at(-1)!;
  t.is(report.kind, "settlement");
  if (report.kind === "settlement") t.deepEqual(report.report.byType, [{ type: "sale", count: 2, amount: 3500 }]);
  t.is(r.terminal.journal.batchNumber, batch + 1);
});

test("reprint of the last receipt: the cardholder copy again, marked as a reprint", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.press("MENU", item("REPRINT") as never);
  await r.idle();
  const job = r.receipts.jobs.at(-1)!;
  t.like(job, { kind: "transaction", copy: "CARDHOLDER", reprint: true, transaction: { amount: 1000, trace: "000002" } });
});

test("reprint after a reboot comes from the journal", async (t) => {
  const first = await rig();
  swipeSale(first, "1000", STRIPE_NO_PIN);
  await first.idle();
  first.terminal.close();
  const r = await rig({ flash: first.flash.reboot(), keys: first.keys, store: first.store, host: first.host });
  r.press("MENU", item("REPRINT") as never);
  await r.idle();
  t.like(r.receipts.jobs.at(-1), { kind: "transaction", reprint: true, transaction: { amount: 1000, pan: "476173******0010" } });
});

test("sign-on from the menu, and when the host asks for one at idle", async (t) => {
  const r = await rig();
  r.press("MENU", item("SIGN_ON") as never);
  await r.idle();
  t.true(r.display.ids().includes("SIGNED_ON"));
  r.terminal.handle({ type: "sign-on-requested" });
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0800", "0800"]);
});

test("a sign-on the host asks for during a sale runs when the sale is over", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  r.terminal.handle({ type: "sign-on-requested" });
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0800"]);
  t.true(r.display.ids().includes("SIGNED_ON"));
});

test("without a sign-on (the host refused it) a sale is refused with NOT_SIGNED_ON", async (t) => {
  const host = (await rig()).host;
  host.state.silentFor = "0800";
  const r = await rig({ host, timeouts: {} });
  t.false(r.terminal.acquirer.signedOn);
  r.type("100");
  t.is(r.display.last?.id, "NOT_SIGNED_ON");
});

test("the printer runs out of paper: PRINTER_PROBLEM, then the copy prints again once the printer is ready", async (t) => {
  const r = await rig();
  r.receipts.paperOut = 1;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  t.like(r.display.last, { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
  r.terminal.handle({ type: "printer", ready: true });
  await r.idle();
  t.deepEqual(r.receipts.jobs.map((j) => j.kind === "transaction" && j.copy), ["MERCHANT", "CARDHOLDER"]);
});

test("the printer stays out of paper: CANCEL gives the job up (no copy printed), the sale stays approved", async (t) => {
  const r = await rig();
  r.receipts.paperOut = 1;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(r.receipts.jobs.map((j) => j.kind === "transaction" && j.copy), []);
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
});

/** A rig whose small journal has been filled with swiped sales until a sale is refused with JOURNAL_FULL. */
async function fullJournal(): Promise<Rig> {
  const r = await rig({ flash: new MemoryFlash({ blocks: 3, blockSize: 512 }) });
  for (let i = 0; i < 40; i++) {
    r.type("100");
    if (r.display.last?.id === "JOURNAL_FULL") {
      r.press("CANCEL");
      await r.idle();
      return r;
    }
    r.press("ENTER");
    r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
    await r.idle();
  }
  throw new Error("the journal never filled");
}

test("a full journal: JOURNAL_FULL before the amount, until a settlement; then a sale is approved", async (t) => {
  const r = await fullJournal();
  r.type("100");
  t.is(r.display.last?.id, "JOURNAL_FULL");
  r.press("CANCEL");
  await r.idle();
  r.press("MENU", item("SETTLEMENT") as never);
  await r.idle();
  t.is(r.host.state.settled.length, 1);
  const before = r.host.seen.length;
  swipeSale(r, "100", STRIPE_NO_PIN);
  await r.idle();
  t.true(r.host.seen.slice(before).some((m) => m.mti === "0200" && text(m, 3) === "000000"), "the sale's authorization went out");
  t.like(r.terminal.journal.transactions().at(-1), { kind: "sale", state: "completed", amountMinor: 100 });
});

test("a full journal: a balance inquiry shows JOURNAL_FULL before the card is read, and no PIN is asked", async (t) => {
  const r = await fullJournal();
  const sent = r.host.seen.length;
  r.press("MENU", item("BALANCE") as never);
  t.is(r.display.last?.id, "JOURNAL_FULL");
  t.false(r.display.shown.some((m) => m.id === "PRESENT_CARD" && m.operation === "BALANCE"));
  r.terminal.handle({ type: "swipe", tracks: STRIPE_PIN });
  await r.idle();
  t.false(r.display.shown.some((m) => m.id === "ENTER_PIN"));
  t.is(r.host.seen.length, sent);
});

test("provisionManagerPin refuses a PIN that is not 4-12 digits with TERMINAL_MANAGER_PIN", (t) => {
  const e = t.throws(() => provisionManagerPin(new MemoryKeyStore(), MANAGER_KEY, crypto, "12a4"));
  t.true(e instanceof TerminalError);
  t.is((e as TerminalError).code, "TERMINAL_MANAGER_PIN");
});

/** Brings a managed terminal (one approved sale on the journal) to `step` of a void, a refund or a basket sale. */
async function reach(step: "menu" | "manager-pin" | "original" | "confirm" | "basket" | "cash"): Promise<Rig> {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  if (step === "basket" || step === "cash") {
    r.press("F1");
    if (step === "cash") {
      r.type("1"); r.press("ENTER"); r.type("500"); r.press("ENTER"); r.press("ENTER");
    }
    return r;
  }
  r.press("MENU");
  if (step === "menu") return r;
  r.press(item("VOID") as never);
  if (step === "manager-pin") return r;
  r.type("1357");
  r.press("ENTER");
  if (step === "confirm") r.press("ENTER");
  return r;
}

for (const step of ["menu", "manager-pin", "original", "confirm", "basket", "cash"] as const) {
  test(`CANCEL at ${step}: CANCELLED, idle, nothing more sent`, async (t) => {
    const r = await reach(step);
    t.is(r.terminal.state, step);
    r.press("CANCEL");
    t.is(r.display.last?.id, "CANCELLED");
    t.is(await r.idle(), "idle");
    t.deepEqual(r.host.mtis(), ["0800", "0200"]);
    t.like(r.terminal.journal.find(2), { state: "completed" });
  });

  test(`time-out at ${step}: TIMEOUT, idle, nothing more sent`, async (t) => {
    const r = await reach(step);
    t.is(r.terminal.state, step);
    await r.run(60_000);
    t.true(r.display.ids().includes("TIMEOUT"));
    t.is(await r.idle(), "idle");
    t.deepEqual(r.host.mtis(), ["0800", "0200"]);
  });
}

test("the host does not answer the void: NO_RESPONSE, a reversal of the void queued, the sale still counts until the reversal is answered", async (t) => {
  const r = await reach("confirm");
  r.host.state.silent = true;
  r.press("ENTER");
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "NO_RESPONSE" && m.reversalQueued));
  t.like(r.terminal.journal.find(2), { state: "completed" });
  t.is(r.terminal.journal.pending().length, 1);
});

test("the host does not answer the settlement: NO_RESPONSE, the batch stays open", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const batch = r.terminal.journal.batchNumber;
  r.host.state.silentFor = "0500";
  r.press("MENU", item("SETTLEMENT") as never);
  r.type("1357");
  r.press("ENTER");
  await r.idle();
  t.true(r.display.ids().includes("NO_RESPONSE"));
  t.is(r.terminal.journal.batchNumber, batch);
  t.is(r.terminal.journal.totals().debits, 1);
});

/** A pre-authorization of `amount` (digits) on a swiped stripe card, from the menu. */
async function preauthorize(r: Rig, amount: string): Promise<void> {
  r.press("MENU", item("PREAUTH") as never);
  expectPreauthAmount(r);
  r.type(amount);
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
}

function expectPreauthAmount(r: Rig): void {
  const last = r.display.last;
  if (last?.id !== "AMOUNT_ENTRY" || last.operation !== "PREAUTH") throw new Error(`expected the pre-auth amount entry, got ${JSON.stringify(last)}`);
}

test("pre-auth: amount, card, 0100 processing 03 DE25 06; approved, printed as a pre-auth, not in the batch totals", async (t) => {
  const r = await rig();
  await preauthorize(r, "15000");
  const m = r.host.seen.at(-1)!;
  t.is(m.mti, "0100");
  t.is(text(m, 3), "030000");
  t.is(text(m, 25), "06");
  t.is(text(m, 4), "000000015000");
  t.true(r.display.shown.some((x) => x.id === "PRESENT_CARD" && x.operation === "PREAUTH"));
  t.true(r.display.shown.some((x) => x.id === "APPROVED" && x.amount.minor === 15000));
  t.like(r.terminal.journal.find(2), { kind: "preauth", state: "completed" });
  t.is(r.terminal.journal.totals().debits, 0);
  const job = r.receipts.jobs.at(-1)!;
  t.is(job.kind, "transaction");
  if (job.kind === "transaction") t.like(job.transaction, { type: "pre-auth", amount: 15000 });
});

test("pre-auth completion behind the manager PIN: trace, amount up to the hold, confirmation, 0200 DE25 06 with the hold's DE38; it counts as a sale", async (t) => {
  const r = await managed();
  await preauthorize(r, "15000");
  const authCode = r.terminal.journal.find(2)!.authCode;
  t.truthy(authCode);
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  t.like(r.display.last, { id: "MANAGER_PIN" });
  r.type("1357");
  r.press("ENTER");
  t.like(r.display.last, { id: "ORIGINAL_ENTRY", field: "TRACE" });
  r.type("2");
  r.press("ENTER");
  t.like(r.display.last, { id: "AMOUNT_ENTRY", operation: "PREAUTH_COMPLETION" });
  r.type("12000");
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_COMPLETION", amount: { minor: 12000 }, cardLast4: "0010" });
  r.press("ENTER");
  await r.idle();
  const m = r.host.seen.at(-1)!;
  t.is(m.mti, "0200");
  t.is(text(m, 3), "000000");
  t.is(text(m, 25), "06");
  t.is(text(m, 38), authCode);
  t.is(text(m, 90)!.slice(0, 10), "0100000002");
  t.like(r.terminal.journal.find(2), { state: "captured" });
  t.like(r.terminal.journal.totals(), { debits: 1, debitsMinor: 12000 });
  const job = r.receipts.jobs.at(-1)!;
  if (job.kind === "transaction") t.like(job.transaction, { type: "pre-auth-completion", amount: 12000, original: { trace: "000002" } });
});

test("pre-auth completion over the amount held: LIMIT_EXCEEDED, nothing sent, the hold stays open", async (t) => {
  const r = await managed();
  await preauthorize(r, "15000");
  const sent = r.host.seen.length;
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  r.type("1357");
  r.press("ENTER", "ENTER");
  r.type("15001");
  r.press("ENTER");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit: { minor: 15000 } });
  await r.idle();
  t.is(r.host.seen.length, sent);
  t.like(r.terminal.journal.find(2), { state: "completed" });
});

test("pre-auth cancel behind the manager PIN: the latest open hold (ENTER alone), confirmation, 0100 processing 20 DE25 06; the hold is released, nothing counts", async (t) => {
  const r = await managed();
  await preauthorize(r, "9000");
  r.press("MENU", item("PREAUTH_CANCEL") as never);
  t.like(r.display.last, { id: "MANAGER_PIN" });
  r.type("1357");
  r.press("ENTER");
  t.like(r.display.last, { id: "ORIGINAL_ENTRY", field: "TRACE" });
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_CANCEL", amount: { minor: 9000 } });
  r.press("ENTER");
  await r.idle();
  const m = r.host.seen.at(-1)!;
  t.is(m.mti, "0100");
  t.is(text(m, 3), "200000");
  t.is(text(m, 25), "06");
  t.like(r.terminal.journal.find(2), { state: "released" });
  t.like(r.terminal.journal.totals(), { debits: 0, credits: 0 });
  t.deepEqual(r.terminal.journal.openHolds(), []);
});

test("pre-auth completion or cancel of a trace that is no open hold (a sale's): declined locally, nothing sent", async (t) => {
  const r = await managed();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const sent = r.host.seen.length;
  for (const op of ["PREAUTH_COMPLETION", "PREAUTH_CANCEL"]) {
    r.press("MENU", item(op) as never);
    r.type("1357");
    r.press("ENTER");
    r.type("2");
    r.press("ENTER");
    t.like(r.display.last, { id: "DECLINED", responseCode: "25" }, op);
    await r.idle();
  }
  t.is(r.host.seen.length, sent);
});

test("the host does not answer the pre-auth completion: NO_RESPONSE, a reversal queued, the hold still open", async (t) => {
  const r = await managed();
  await preauthorize(r, "15000");
  r.host.state.silentFor = "0200";
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  r.type("1357");
  r.press("ENTER", "ENTER");
  r.type("15000");
  r.press("ENTER", "ENTER");
  await r.idle();
  t.true(r.display.shown.some((x) => x.id === "NO_RESPONSE" && x.reversalQueued));
  t.is(r.terminal.journal.pending().length, 1);
  t.like(r.terminal.journal.find(2), { state: "completed" });
  t.is(r.terminal.journal.totals().debits, 0);
});
