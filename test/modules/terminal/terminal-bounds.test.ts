/**
 * The states whose end another component times: `starting` (the acquirer
 * client's connect and response time-outs), `pin` (the PIN session's),
 * and `receipt` while a copy prints (the printing state's own time-out,
 * the `copy` bound, gives the job up). Each test checks that the state ends
 * within its bound, and what is left on the journal.
 */
import test from "ava";
import type { PrintResult, ReceiptJob } from "../../../modules/terminal/ports.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN, STRIPE_PIN, type Rig } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

/** A printer that never ends the next `n` copies (no answer, no error): the driver's own checks are out of the picture. */
function hangCopies(r: Rig, n: number): { started: ReceiptJob[] } {
  const seen = { started: [] as ReceiptJob[] };
  const print = r.receipts.print.bind(r.receipts);
  let left = n;
  r.receipts.print = (job: ReceiptJob): Promise<PrintResult> => {
    if (left <= 0) return print(job);
    left--;
    seen.started.push(job);
    return new Promise<PrintResult>(() => {});
  };
  return seen;
}

/** the terminal's default time-outs for a copy and for a printer problem (terminal-api.ts) */
const COPY_MS = 180_000;

test("a printer that never ends a copy: the printing state's own time-out (the copy bound) gives the job up, no PRINTER_PROBLEM; both copies recorded skipped in one record, the result screen, then idle; the sale stands and is reprintable", async (t) => {
  const r = await rig();
  const hung = hangCopies(r, 1);
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  const start = r.clock.now();
  await r.run(COPY_MS - 10);
  t.like(r.display.last, { id: "PRINTING", copy: "MERCHANT" }, "still printing just before the bound");
  await r.run(10);
  t.true(r.log.lines.includes("terminal: the printer did not end the copy in time"));
  t.true(r.log.lines.includes("terminal: print job given up, the rest of it not printed"));
  t.false(r.display.ids().includes("PRINTER_PROBLEM"));
  t.is(await r.idle(), "idle");
  const took = r.clock.now() - start;
  t.true(took >= COPY_MS && took <= COPY_MS + 3_000 + 100, `left receipt after ${took} ms`);
  t.deepEqual(hung.started.map((j) => (j.kind === "transaction" ? j.copy : j.kind)), ["MERCHANT"], "the customer copy is not started");
  const sale = r.terminal.journal.transactions()[0];
  t.like(sale, { kind: "sale", state: "completed" });
  t.like(r.terminal.journal.printJobOf(sale.stan), { merchant: "skipped", customer: "skipped" });
  t.deepEqual(r.terminal.journal.pendingPrints(), [], "a skipped copy is not printed at the next boot");
  r.press("MENU", item("REPRINT") as never);
  await r.idle();
  const last = r.receipts.jobs.at(-1)!;
  t.true(last.kind === "transaction" && last.copy === "CARDHOLDER" && last.reprint, "the menu's reprint prints it once the printer works");
});

test("CANCEL while a copy prints is not taken (logged: the copy ends first); the copy time-out then gives the job up: nothing printed, both copies skipped", async (t) => {
  const r = await rig({ timeouts: { copy: 5_000 } });
  hangCopies(r, 1);
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.until("receipt");
  r.press("CANCEL");
  t.is(r.terminal.state, "receipt");
  t.like(r.display.last, { id: "PRINTING", copy: "MERCHANT" });
  t.true(r.log.lines.includes("terminal: cancel while a copy prints: the copy ends first"));
  await r.run(4_990);
  t.is(r.terminal.state, "receipt", "the bound is the copy time-out");
  await r.run(10);
  t.not(r.terminal.state, "receipt");
  await r.idle();
  const stan = r.terminal.journal.transactions()[0].stan;
  t.like(r.terminal.journal.printJobOf(stan), { merchant: "skipped", customer: "skipped" });
  t.deepEqual(r.receipts.jobs, [], "no copy printed");
  t.like(r.terminal.journal.transactions()[0], { state: "completed" });
});

test("starting with a silent host: the sign-on fails after the client's connect and response time-outs, NOT_SIGNED_ON, then idle; CANCEL and MENU at starting do nothing", async (t) => {
  const r = await rig({ noStart: true });
  r.host.state.silent = true;
  const started = r.terminal.start();
  await r.run(0);
  t.is(r.terminal.state, "starting");
  r.press("CANCEL");
  r.press("MENU");
  t.is(r.terminal.state, "starting");
  await r.clock.settle(started);
  // the rig's acquirer client: connect 3 s, response 5 s
  t.true(r.clock.now() <= 8_000 + 100, `starting ended after ${r.clock.now()} ms`);
  t.like(r.display.last, { id: "NOT_SIGNED_ON" });
  t.is(await r.idle(), "idle");
  t.deepEqual(r.terminal.journal.transactions(), []);
});

test("PIN entry with no key pressed ends by the PIN session's own time-out (30 s for the first digit): TIMEOUT, nothing sent, nothing on the journal", async (t) => {
  const r = await rig({ timeouts: { entry: 1_000_000, card: 1_000_000 } });
  swipeSale(r, "1000", STRIPE_PIN);
  await r.run(0);
  t.is(r.terminal.state, "pin");
  const sent = r.host.seen.length;
  await r.run(29_990);
  t.is(r.terminal.state, "pin");
  await r.run(20);
  t.like(r.display.last, { id: "TIMEOUT" });
  t.is(await r.idle(), "idle");
  t.is(r.host.seen.length, sent);
  t.deepEqual(r.terminal.journal.transactions(), []);
});
