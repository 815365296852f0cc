/**
 * The receipts through a printer that fails: a copy printed again after a
 * printer problem carries the REPRINT mark, and a power cut while a copy
 * prints is finished at the next boot from the print-job record.
 */
import test from "ava";
import type { ReceiptJob } from "../../../modules/terminal/ports.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { ReceiptError } from "../../../modules/receipt/error.ts";
import { testCard } from "../emv/kernel/test-cards.ts";
import { rig, swipeSale, STRIPE_NO_PIN, type Rig } from "./terminal-harness.ts";

/** Cuts the power as `copy` starts printing; returns the job that was printing. */
function cutWhilePrinting(r: Rig, copy: "MERCHANT" | "CARDHOLDER"): { job?: ReceiptJob } {
  const seen: { job?: ReceiptJob } = {};
  const print = r.receipts.print.bind(r.receipts);
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "transaction" && job.copy === copy) {
      seen.job = job;
      r.flash.cutPowerAt(r.flash.operations + 1);
      return { printed: false, problem: "OFFLINE" };
    }
    return print(job);
  };
  return seen;
}

const copies = (jobs: ReceiptJob[]) => jobs.map((j) => (j.kind === "transaction" ? [j.copy, j.reprint] : [j.kind]));

test("a copy printed again after paper out is marked REPRINT; the next copy is not", async (t) => {
  const r = await rig();
  r.receipts.paperOut = 1;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  t.like(r.display.last, { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
  r.terminal.handle({ type: "printer", ready: true });
  await r.idle();
  t.deepEqual(copies(r.receipts.jobs), [["MERCHANT", true], ["CARDHOLDER", false]]);
  t.deepEqual(r.terminal.journal.pendingPrints(), [], "both copies are recorded done");
});

test("a skipped copy is recorded skipped, and a reboot does not print it", async (t) => {
  const r = await rig();
  r.receipts.paperOut = 1;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  r.press("CANCEL");
  await r.idle();
  r.terminal.close();
  const again = await rig({ flash: r.flash, keys: r.keys, store: r.store, host: r.host });
  t.deepEqual(copies(again.receipts.jobs), []);
});

test("power cut while the merchant copy prints: after the reboot both copies are printed once, the interrupted one marked REPRINT", async (t) => {
  const r = await rig();
  const print = r.receipts.print.bind(r.receipts);
  let cuts = 0;
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "transaction" && job.copy === "MERCHANT") {
      // the power goes while the copy prints: the next flash operation never happens
      cuts++;
      r.flash.cutPowerAt(r.flash.operations + 1);
      return { printed: false, problem: "OFFLINE" };
    }
    return print(job);
  };
  swipeSale(r, "1000", STRIPE_NO_PIN);
  t.is(await r.idle(), "halted");
  t.is(cuts, 1);
  t.deepEqual(copies(r.receipts.jobs), [], "nothing printed whole before the cut");
  r.terminal.close();
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  t.is(again.terminal.state, "idle");
  t.deepEqual(copies(again.receipts.jobs), [["MERCHANT", true], ["CARDHOLDER", false]]);
  t.like(again.receipts.jobs[0], { transaction: { trace: "000002", amount: 1000 } });
  t.deepEqual(again.terminal.journal.pendingPrints(), []);
  again.terminal.close();
  const third = await rig({ flash: again.flash, keys: again.keys, store: again.store, host: again.host });
  t.deepEqual(copies(third.receipts.jobs), [], "a second reboot prints nothing more");
});

test("a chip sale's customer copy cut by a power loss prints after the reboot with the same fields: CVM, AID, label, TVR, TSI, cryptogram", async (t) => {
  const r = await rig();
  const cut = cutWhilePrinting(r, "CARDHOLDER");
  r.type("20000");
  r.press("ENTER");
  r.insert(testCard());
  await r.until("halted");
  const before = cut.job;
  if (before?.kind !== "transaction") return t.fail("the customer copy started");
  t.like(before.transaction, { entryMode: "chip", chip: { aid: "A0000000041010", cryptogramType: "TC" } });
  t.truthy(before.transaction.chip?.tvr);
  r.terminal.close();
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  t.deepEqual(copies(again.receipts.jobs), [["CARDHOLDER", true]]);
  const after = again.receipts.jobs[0];
  if (after.kind !== "transaction") return t.fail();
  t.deepEqual(after.transaction, before.transaction);
});

test("a basket sale with a cash part cut while the merchant copy prints: the reprint after the reboot has the same items, subtotal, cash and CVM", async (t) => {
  const r = await rig();
  const cut = cutWhilePrinting(r, "MERCHANT");
  r.press("F1");
  r.type("2"); r.press("ENTER"); r.type("350"); r.press("ENTER");
  r.type("1"); r.press("ENTER"); r.type("1200"); r.press("ENTER");
  r.press("ENTER");
  r.type("500"); r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  t.is(await r.idle(), "halted");
  const before = cut.job;
  if (before?.kind !== "transaction") return t.fail("the merchant copy started");
  t.is(before.transaction.items?.length, 2);
  t.deepEqual(before.transaction.cash, { tendered: 500, change: 0 });
  r.terminal.close();
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  t.deepEqual(copies(again.receipts.jobs), [["MERCHANT", true], ["CARDHOLDER", false]]);
  const after = again.receipts.jobs[0];
  if (after.kind !== "transaction") return t.fail();
  t.deepEqual(after.transaction, before.transaction);
});

test("the menu's reprint after a reboot comes from the journal with the receipt's own data (CVM, basket, cash)", async (t) => {
  const r = await rig();
  r.press("F1");
  r.type("2"); r.press("ENTER"); r.type("350"); r.press("ENTER");
  r.press("ENTER");
  r.type("100"); r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const first = r.receipts.jobs[1];
  if (first?.kind !== "transaction") return t.fail();
  r.terminal.close();
  const again = await rig({ flash: r.flash, keys: r.keys, store: r.store, host: r.host });
  again.press("MENU", String(MENU_ITEMS.indexOf("REPRINT") + 1) as never);
  await again.idle();
  const reprint = again.receipts.jobs.at(-1);
  if (reprint?.kind !== "transaction") return t.fail();
  t.true(reprint.reprint);
  t.deepEqual(reprint.transaction, first.transaction);
});

test("a receipt that cannot be built is no printer fault: no PRINTER_PROBLEM, the copy is logged and skipped, the next copy prints", async (t) => {
  const r = await rig();
  const print = r.receipts.print.bind(r.receipts);
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "transaction" && job.copy === "MERCHANT") throw new ReceiptError("RECEIPT_FIELD", "authCode must be 1 to 6 printable ASCII characters");
    return print(job);
  };
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  t.false(r.display.ids().includes("PRINTER_PROBLEM"));
  t.true(r.log.lines.some((l) => l.includes("receipt not printable (RECEIPT_FIELD)")));
  t.deepEqual(copies(r.receipts.jobs), [["CARDHOLDER", false]]);
  t.deepEqual(r.terminal.journal.pendingPrints(), [], "the merchant copy is recorded skipped");
});

test("a totals report cut by a power loss is printed again once after the reboot, marked as a reprint; a report printed whole is not", async (t) => {
  const r = await rig();
  swipeSale(r, "1500", STRIPE_NO_PIN);
  await r.idle();
  const print = r.receipts.print.bind(r.receipts);
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "totals") {
      r.flash.cutPowerAt(r.flash.operations + 1);
      return { printed: false, problem: "OFFLINE" };
    }
    return print(job);
  };
  // the menu's second page: the totals report on key 1
  r.press("MENU", "MENU", "1");
  t.is(await r.idle(), "halted");
  r.terminal.close();
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  const reports = again.receipts.jobs.filter((j) => j.kind === "totals");
  t.is(reports.length, 1);
  t.like(reports[0], { kind: "totals", reprint: true, report: { batch: "000001" } });
  t.is(again.terminal.journal.pendingReport(), undefined);
  again.terminal.close();
  const third = await rig({ flash: again.flash, keys: again.keys, store: again.store, host: again.host });
  t.deepEqual(third.receipts.jobs, [], "a second reboot prints nothing more");
});
