/**
 * Power cuts at the terminal level against the acquirer emulator over
 * real sockets: a swiped sale typed on the key matrix, with the power cut
 * at every write and erase of the journal's flash; a new terminal booted
 * on the same flash, key store and DUKPT registers recovers, settles, and
 * its settled totals and the sale's fate must match the emulator's ledger.
 */
import test from "ava";
import { VISA, device, menu } from "./terminal-device.ts";

/** The journal records of a swiped sale before its receipt's print records (modules/journal README). */
const SALE_RECORDS = 3;

test.serial("a sale cut at every flash operation: after reboot, recovery and settlement, the terminal and the emulator's ledger agree", async (t) => {
  const probe = await device();
  const before = probe.flash.operations;
  await probe.type("1500");
  await probe.press("ENTER");
  await probe.swipe(`${VISA}=30121011234567890`);
  await probe.until("idle");
  const ops = probe.flash.operations - before;
  t.is(probe.acquirer.ledger.net(VISA), 1500);
  await probe.close();
  t.true(ops > SALE_RECORDS, `the sale and its receipts wrote ${ops} times`);
  for (let op = 1; op <= ops; op++) {
    const d = await device();
    d.flash.cutPowerAt(d.flash.operations + op);
    await d.type("1500");
    await d.press("ENTER");
    await d.swipe(`${VISA}=30121011234567890`);
    await d.until("halted");
    t.is(d.terminal.state, "halted", `cut at write ${op}`);
    await d.close(true);
    const again = await device({ flash: d.flash.reboot(), keys: d.keys, store: d.store, acquirer: d.acquirer });
    try {
      t.is(again.terminal.state, "idle");
      t.is(again.terminal.journal.pending().length, 0, `cut at write ${op}: the reversal reached the emulator`);
      const net = d.acquirer.ledger.net(VISA);
      await again.press("MENU", menu("SETTLEMENT"));
      await again.until("idle");
      const totals = again.shown.find((m) => m.id === "SETTLEMENT_TOTALS");
      t.like(totals, { sales: { amount: { minor: net } }, balanced: true }, `cut at write ${op}`);
      // the sale's own records are the first three writes (intent, sent, answered and completed);
      // a cut at any of them undoes it, a cut in the receipt's print records after them keeps it
      if (op <= SALE_RECORDS) t.is(net, 0, `cut at write ${op}: the sale never recorded as answered is undone at the emulator`);
      else t.is(net, 1500, `cut at write ${op}: the sale recorded as completed stands; only its receipt was cut`);
    } finally {
      await again.close();
    }
  }
});
