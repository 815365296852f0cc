/**
 * The printing state's cancel and time-out paths: at a printer problem
 * CANCEL (or the problem's time-out) gives the rest of the job up, the
 * journal records the copies not printed (skipped: not printed at the next
 * boot) and the menu's reprint prints the receipt; while a copy prints
 * CANCEL is not taken, as a copy on its way to the paper cannot be taken
 * back.
 */
import test from "ava";
import type { ReceiptJob } from "../../../modules/terminal/ports.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN, type Rig } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);
const copies = (jobs: ReceiptJob[]) => jobs.map((j) => (j.kind === "transaction" ? [j.copy, j.reprint] : [j.kind]));
/** the terminal's default printer-problem time-out (terminal-api.ts) */
const PRINTER_MS = 60_000;

/** A sale whose merchant copy met paper out: PRINTER_PROBLEM on screen. */
async function paperOutAtMerchant(): Promise<Rig> {
  const r = await rig();
  r.receipts.paperOut = 1;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  return r;
}

test("CANCEL at paper out on the merchant copy: the job is given up (no copy printed), both copies recorded skipped, idle; the menu's reprint prints the customer copy", async (t) => {
  const r = await paperOutAtMerchant();
  t.like(r.display.last, { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
  r.press("CANCEL");
  t.is(await r.idle(), "idle");
  t.deepEqual(copies(r.receipts.jobs), []);
  const sale = r.terminal.journal.transactions()[0];
  t.like(sale, { kind: "sale", state: "completed" });
  t.like(r.terminal.journal.printJobOf(sale.stan), { merchant: "skipped", customer: "skipped" });
  t.deepEqual(r.terminal.journal.pendingPrints(), []);
  t.true(r.log.lines.includes("terminal: print job given up, the rest of it not printed"));
  r.press("MENU", item("REPRINT") as never);
  await r.idle();
  t.deepEqual(copies(r.receipts.jobs), [["CARDHOLDER", true]]);
});

test("no key at paper out: the printer problem's time-out (60 s) gives the job up as CANCEL does", async (t) => {
  const r = await paperOutAtMerchant();
  await r.run(PRINTER_MS - 20);
  t.is(r.terminal.state, "receipt", "still waiting just before the bound");
  await r.run(20);
  t.not(r.terminal.state, "receipt");
  t.is(await r.idle(), "idle");
  t.deepEqual(copies(r.receipts.jobs), []);
  t.like(r.terminal.journal.printJobOf(r.terminal.journal.transactions()[0].stan), { merchant: "skipped", customer: "skipped" });
});

test("CANCEL at paper out on the customer copy: only that copy is given up; the merchant copy stays recorded done", async (t) => {
  const r = await rig();
  const print = r.receipts.print.bind(r.receipts);
  r.receipts.print = async (job: ReceiptJob) => {
    if (job.kind === "transaction" && job.copy === "CARDHOLDER") return { printed: false, problem: "PAPER_END" };
    return print(job);
  };
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  await r.run(10);
  t.like(r.display.last, { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
  r.press("CANCEL");
  t.is(await r.idle(), "idle");
  t.deepEqual(copies(r.receipts.jobs), [["MERCHANT", false]]);
  t.like(r.terminal.journal.printJobOf(r.terminal.journal.transactions()[0].stan), { merchant: "done", customer: "skipped" });
});

test("CANCEL while the copy prints is not taken: the copy ends, then the customer copy prints", async (t) => {
  const r = await rig();
  const print = r.receipts.print.bind(r.receipts);
  let release: (() => void) | undefined;
  r.receipts.print = (job: ReceiptJob) =>
    job.kind === "transaction" && job.copy === "MERCHANT" && !release
      ? new Promise((resolve) => (release = () => void print(job).then(resolve)))
      : print(job);
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  r.press("CANCEL");
  t.is(r.terminal.state, "receipt");
  t.true(r.log.lines.includes("terminal: cancel while a copy prints: the copy ends first"));
  release!();
  t.is(await r.idle(), "idle");
  t.deepEqual(copies(r.receipts.jobs), [["MERCHANT", false], ["CARDHOLDER", false]]);
});

test("CANCEL at paper out on the settlement report: the report is recorded skipped, the batch stays settled, idle", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.receipts.paperOut = 1;
  r.press("MENU", item("SETTLEMENT") as never);
  await r.until("receipt");
  await r.run(10);
  t.like(r.display.last, { id: "PRINTER_PROBLEM", problem: "PAPER_END" });
  r.press("CANCEL");
  t.is(await r.idle(), "idle");
  t.is(r.terminal.journal.pendingReport(), undefined, "not printed at the next boot");
  t.truthy(r.terminal.journal.lastSettlement, "the batch is closed");
});
