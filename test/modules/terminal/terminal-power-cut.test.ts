/**
 * Power cuts at the terminal level: a swiped sale with the power cut at
 * every write and erase of the journal's flash, a new terminal booted on
 * the same flash, its recovery, a settlement, and the settled totals
 * compared with the acquirer's ledger.
 */
import test from "ava";
import { text } from "../../../modules/iso8583/message.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN } from "./terminal-harness.ts";

const SETTLE = String(MENU_ITEMS.indexOf("SETTLEMENT") + 1);

test("a swiped sale cut at every flash operation: after the reboot the settled totals equal what the acquirer's ledger owes", async (t) => {
  // a clean run, to count the operations of the sale
  const probe = await rig();
  const before = probe.flash.operations;
  swipeSale(probe, "1500", STRIPE_NO_PIN);
  await probe.idle();
  const after = probe.flash.operations;
  t.true(after - before >= 3, `the sale writes its intent, sent and answered records (${after - before} operations)`);
  const outcomes = new Set<string>();
  for (let op = before + 1; op <= after; op++) {
    const r = await rig();
    r.flash.cutPowerAt(op);
    swipeSale(r, "1500", STRIPE_NO_PIN);
    const state = await r.idle();
    r.terminal.close();
    t.is(state, "halted", `cut at operation ${op}: the terminal stops`);
    const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
    t.is(again.terminal.state, "idle");
    t.is(again.terminal.journal.pending().length, 0, `cut at operation ${op}: recovery delivered what was pending`);
    again.press("MENU", SETTLE as never);
    await again.idle();
    const settled = r.host.state.settled.at(-1)!;
    const owed = r.host.owed();
    t.is(Number(text(settled, 76)), owed.count, `cut at operation ${op}: debits counted`);
    t.is(Number(text(settled, 88)), owed.amount, `cut at operation ${op}: debits amount`);
    outcomes.add(owed.count ? "kept" : "undone");
  }
  // a cut before the answered record is durable leaves an approval the terminal never recorded, which recovery reverses;
  // after it come the print-job records, and a cut there leaves the sale standing (its receipts print at the reboot)
  t.deepEqual([...outcomes], ["undone", "kept"]);
  t.deepEqual(probe.host.owed(), { count: 1, amount: 1500 }, "without a cut the sale stands");
});
