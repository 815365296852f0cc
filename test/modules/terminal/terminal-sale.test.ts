/**
 * The terminal application's sale on the stripe, over the loopback
 * acquirer: approvals, declines, host failures, PINs under DUKPT, the
 * basket and its cash part, limits, cancel and time-out at each step.
 */
import test from "ava";
import { text, bytes } from "../../../modules/iso8583/message.ts";
import { createTerminal } from "../../../modules/terminal/terminal.ts";
import { TerminalError } from "../../../modules/terminal/error.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { rig, swipeSale, STRIPE_CHIP, STRIPE_NO_PIN, STRIPE_PIN } from "./terminal-harness.ts";

test("start-up: recovery, then a sign-on (0800 with DE70 001) before the idle screen", async (t) => {
  const r = await rig();
  t.is(r.terminal.state, "idle");
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.is(r.display.last?.id, "IDLE");
  t.true(r.terminal.acquirer.signedOn);
});

test("a swiped sale without PIN: amount, card, online approval, the journal completes it, two copies print", async (t) => {
  const r = await rig();
  swipeSale(r, "1250", STRIPE_NO_PIN);
  await r.idle();
  const sale = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(text(sale, 4), "000000001250");
  t.is(text(sale, 22), "021");
  t.is(text(sale, 35), "4761739001010010=28121011234567890");
  t.is(bytes(sale, 52), undefined);
  const tx = r.terminal.journal.transactions();
  t.is(tx.length, 1);
  t.like(tx[0], { kind: "sale", state: "completed", amountMinor: 1250, truncatedPan: "476173******0010" });
  t.deepEqual(r.receipts.jobs.map((j) => j.kind === "transaction" && j.copy), ["MERCHANT", "CARDHOLDER"]);
  const job = r.receipts.jobs[0];
  if (job.kind === "transaction") t.like(job.transaction, { type: "sale", amount: 1250, pan: "476173******0010", entryMode: "swipe", cvm: "signature", trace: "000002" });
  t.true(r.display.ids().includes("APPROVED"));
  const keyed = r.display.shown.flatMap((m) => (m.id === "AMOUNT_ENTRY" ? [m.amount.minor] : []));
  t.deepEqual(keyed, [0, 1, 12, 125, 1250]);
  t.like(r.display.shown.find((m) => m.id === "PRESENT_CARD"), { operation: "SALE", amount: { minor: 1250 } });
});

test("a stripe whose service code asks for a PIN: PIN on the keypad, a DUKPT format 0 block and its KSN go in DE52 and DE62; no digit on screen or in the log", async (t) => {
  const r = await rig();
  swipeSale(r, "2000", STRIPE_PIN);
  t.is(r.terminal.state, "pin");
  r.type("2580");
  t.like(r.display.last, { id: "ENTER_PIN", digits: 4 });
  r.press("ENTER");
  await r.idle();
  const sale = r.host.seen.find((m) => m.mti === "0200")!;
  t.is(bytes(sale, 52)?.length, 8);
  t.is(text(sale, 62), "FFFF9876543210E00001");
  t.false(JSON.stringify(r.display.shown).includes("2580"));
  t.false(r.log.lines.join("\n").includes("2580"));
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
});

test("a decline shows the host's response code and nothing prints", async (t) => {
  const r = await rig();
  swipeSale(r, "1051", STRIPE_NO_PIN);
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "DECLINED" && m.responseCode === "51"));
  t.like(r.terminal.journal.transactions()[0], { state: "declined" });
  t.is(r.receipts.jobs.length, 0);
});

test("no answer from the host: NO_RESPONSE with a reversal queued, sent before the next sale", async (t) => {
  const r = await rig();
  r.host.state.silent = true;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "NO_RESPONSE" && m.reversalQueued));
  t.is(r.terminal.journal.pending().length, 1);
  r.host.state.silent = false;
  swipeSale(r, "500", STRIPE_NO_PIN);
  await r.idle();
  t.deepEqual(r.host.mtis().slice(-2), ["0400", "0200"]);
  t.is(r.terminal.journal.pending().length, 0);
});

test("an answer whose MAC fails: refused (HOST_ERROR, not NO_RESPONSE), a reversal is queued and the sale does not count", async (t) => {
  const r = await rig();
  r.host.state.badMac = true;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "HOST_ERROR" && m.reversalQueued));
  t.false(r.display.shown.some((m) => m.id === "NO_RESPONSE"));
  t.is(r.terminal.journal.totals().debits, 0);
  t.is(r.receipts.jobs.length, 0);
});

test("the host cannot be reached: NO_RESPONSE without a reversal", async (t) => {
  const r = await rig();
  r.host.link.down = true;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "NO_RESPONSE" && !m.reversalQueued));
  t.is(r.terminal.journal.pending().length, 0);
});

test("a chip card swiped: USE_CHIP, and the terminal keeps waiting for the card", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_CHIP);
  t.is(r.display.last?.id, "USE_CHIP");
  t.is(r.terminal.state, "present-card");
  t.deepEqual(r.host.mtis(), ["0800"]);
});

test("an unreadable swipe: READ_ERROR, the terminal keeps waiting", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", [{ track: 2, ok: false, error: { code: "TRACK_LRC" } }]);
  t.is(r.display.last?.id, "READ_ERROR");
  t.is(r.terminal.state, "present-card");
});

test("limits: an amount above the per-transaction maximum is refused before the card is read", async (t) => {
  const r = await rig();
  r.type("5000001");
  r.press("ENTER");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit: { minor: 5_000_000 } });
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
});

test("limits: the day's sales total counts completed sales of the local day", async (t) => {
  const config = kernelConfig([aidEntry("A0000000041010")]);
  config.limits = { ...config.limits, dailyTotals: { sale: 3000, refund: 0, preauth: 0 } };
  const r = await rig({ config });
  swipeSale(r, "2000", STRIPE_NO_PIN);
  await r.idle();
  r.type("1001");
  r.press("ENTER");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "DAY", limit: { minor: 3000 } });
  await r.idle();
  r.type("1000");
  r.press("ENTER");
  t.is(r.terminal.state, "present-card");
});

test("a basket: quantity and unit price per line, its total, a part paid in cash, the card pays the rest; the receipt lists the items", async (t) => {
  const r = await rig();
  r.press("F1");
  r.type("2"); r.press("ENTER"); r.type("350"); r.press("ENTER");
  r.type("1"); r.press("ENTER"); r.type("1200"); r.press("ENTER");
  r.press("ENTER");
  t.like(r.display.last, { id: "BASKET_TOTAL", items: 2, total: { minor: 1900 } });
  r.type("500"); r.press("ENTER");
  t.like(r.display.last, { id: "PRESENT_CARD", amount: { minor: 1400 } });
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  t.is(text(r.host.seen.find((m) => m.mti === "0200")!, 4), "000000001400");
  const job = r.receipts.jobs[0];
  if (job.kind !== "transaction") return t.fail();
  t.deepEqual(job.transaction.items, [
    { name: "ITEM 1", quantity: 2, unitPrice: 350, lineTotal: 700 },
    { name: "ITEM 2", quantity: 1, unitPrice: 1200, lineTotal: 1200 },
  ]);
  t.is(job.transaction.subtotal, 1900);
  t.deepEqual(job.transaction.cash, { tendered: 500, change: 0 });
});

test("a basket paid in cash beyond its total: change due, no card and no journal record", async (t) => {
  const r = await rig();
  r.press("F1");
  r.type("3"); r.press("ENTER"); r.type("250"); r.press("ENTER");
  r.press("ENTER");
  r.type("1000"); r.press("ENTER");
  t.like(r.display.last, { id: "CHANGE_DUE", change: { minor: 250 } });
  await r.idle();
  t.is(r.terminal.journal.transactions().length, 0);
});

for (const step of ["amount", "present-card", "pin"] as const) {
  test(`CANCEL at ${step}: CANCELLED, back to idle, nothing sent, nothing journaled`, async (t) => {
    const r = await rig();
    r.type("1000");
    if (step !== "amount") r.press("ENTER");
    if (step === "pin") {
      r.terminal.handle({ type: "swipe", tracks: STRIPE_PIN });
      r.type("12");
    }
    t.is(r.terminal.state, step);
    r.press("CANCEL");
    t.is(r.display.last?.id, "CANCELLED");
    t.is(await r.idle(), "idle");
    t.deepEqual(r.host.mtis(), ["0800"]);
    t.is(r.terminal.journal.transactions().length, 0);
  });
}

for (const step of ["amount", "present-card", "pin"] as const) {
  test(`time-out at ${step}: back to idle, nothing sent`, async (t) => {
    const r = await rig();
    r.type("1000");
    if (step !== "amount") r.press("ENTER");
    if (step === "pin") r.terminal.handle({ type: "swipe", tracks: STRIPE_PIN });
    t.is(r.terminal.state, step);
    await r.run(120_000);
    t.true(r.display.ids().includes("TIMEOUT"));
    t.is(await r.idle(), "idle");
    t.deepEqual(r.host.mtis(), ["0800"]);
  });
}

test("the menu and a manager PIN entry time out too", async (t) => {
  const r = await rig({ managerPin: "1357" });
  r.config.limits.managerPin.required = true;
  r.press("MENU");
  t.is(r.terminal.state, "menu");
  await r.run(60_000);
  t.is(await r.idle(), "idle");
  r.press("MENU", "3");
  t.is(r.terminal.state, "manager-pin");
  await r.run(60_000);
  t.is(await r.idle(), "idle");
});

test("cancel while the host is asked: the approval that comes back is reversed", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  t.is(r.terminal.state, "online");
  r.press("CANCEL");
  await r.idle();
  t.true(r.display.ids().includes("CANCELLED"));
  t.deepEqual(r.host.mtis(), ["0800", "0200", "0400"]);
  t.like(r.terminal.journal.transactions()[0], { state: "reversed" });
  t.is(r.host.owed().count, 0);
});

test("createTerminal refuses a missing port with TERMINAL_PORT", (t) => {
  const e = t.throws(() => createTerminal({} as never));
  t.true(e instanceof TerminalError);
  t.is((e as TerminalError).code, "TERMINAL_PORT");
});
