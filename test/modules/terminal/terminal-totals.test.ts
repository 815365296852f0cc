/**
 * The totals report from the merchant menu (the batch's totals printed
 * without settling), and what the configuration adds to every receipt:
 * the operator's number and the e-receipt link.
 */
import test from "ava";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN } from "./terminal-harness.ts";

const TEMPLATE = "https://receipts.example.com/r/{terminalId}/{rrn}?t={trace}";

test("MENU in the menu turns to its second page (the totals report on key 1), and MENU again back to the first", async (t) => {
  const r = await rig();
  r.press("MENU");
  t.deepEqual(r.display.last, { id: "MENU", items: MENU_ITEMS.slice(0, 10) });
  r.press("MENU");
  t.deepEqual(r.display.last, { id: "MENU", items: ["TOTALS"] });
  r.press("MENU");
  t.deepEqual(r.display.last, { id: "MENU", items: MENU_ITEMS.slice(0, 10) });
  r.press("CANCEL");
  await r.idle();
});

test("totals report: the open batch's totals printed with the operator, nothing sent to the host, the batch left open", async (t) => {
  const r = await rig({ managerPin: "1357" });
  r.config.limits.managerPin.required = true;
  r.config.receipt = { operator: "07" };
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  swipeSale(r, "2500", STRIPE_NO_PIN);
  await r.idle();
  const batch = r.terminal.journal.batchNumber;
  const sent = r.host.mtis().length;
  const jobs = r.receipts.jobs.length;
  r.press("MENU", "MENU", "1");
  await r.idle();
  t.false(r.display.shown.some((m) => m.id === "MANAGER_PIN"), "no manager PIN: the report changes nothing");
  t.is(r.host.mtis().length, sent, "no message to the host");
  t.is(r.terminal.journal.batchNumber, batch, "the batch stays open");
  t.is(r.receipts.jobs.length, jobs + 1);
  const job = r.receipts.jobs.at(-1)!;
  t.is(job.kind, "totals");
  if (job.kind !== "totals") return;
  t.is(job.report.batch, String(batch).padStart(6, "0"));
  t.is(job.report.operator, "07");
  t.deepEqual(job.report.byType, [{ type: "sale", count: 2, amount: 3500 }]);
  t.deepEqual(job.report.byScheme, [{ scheme: "visa", count: 2, amount: 3500 }]);
  t.false("balanced" in job.report, "a totals report, not a settlement");
});

test("receipts carry the configured operator and the e-receipt link: terminal ID, reference number and trace from the record, no card digits", async (t) => {
  const r = await rig();
  r.config.receipt = { operator: "07", eReceiptUrl: TEMPLATE };
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const jobs = r.receipts.jobs.filter((j) => j.kind === "transaction");
  t.is(jobs.length, 2);
  for (const job of jobs) {
    if (job.kind !== "transaction") continue;
    const tx = job.transaction;
    t.is(tx.operator, "07");
    t.truthy(tx.rrn);
    t.is(tx.qr, `https://receipts.example.com/r/TID00001/${tx.rrn}?t=${tx.trace}`);
    t.false(tx.qr!.includes("4761739001010010"), "not the PAN");
    t.false(tx.qr!.includes(tx.pan!.slice(-4)) && !`${tx.rrn}${tx.trace}`.includes(tx.pan!.slice(-4)), "the PAN's last four digits only where the reference or trace number holds them");
  }
});

test("without a receipt section in the configuration, receipts have no operator and no QR code", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const job = r.receipts.jobs.find((j) => j.kind === "transaction");
  t.is(job?.kind, "transaction");
  if (job?.kind !== "transaction") return;
  t.is(job.transaction.operator, undefined);
  t.is(job.transaction.qr, undefined);
});
