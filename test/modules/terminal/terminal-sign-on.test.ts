/**
 * A sign-on the host asks for through its answer (response code A0: the
 * MAC does not verify, sign on again): the terminal signs on before its
 * next transaction, and the reversal of the refused request goes under
 * the new key before that transaction.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { rig, swipeSale, STRIPE_NO_PIN } from "./terminal-harness.ts";

test("the terminal's MAC key out of step with the host's: the sale is answered A0, the terminal signs on by itself, the next sale sends the reversal first and is approved", async (t) => {
  const r = await rig();
  // the key store's MAC key is no longer the one the host gave (as after a key change on the host's side)
  r.keys.put("tak", fromHex("0F0E0D0C0B0A09080706050403020100"));
  const seen = r.host.seen.length;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  t.deepEqual(r.host.mtis().slice(seen), ["0200", "0800"], "the sign-on comes right after the refused sale");
  t.true(r.display.ids().includes("SIGNED_ON"));
  t.like(r.terminal.journal.pending()[0], { state: "reversing", reversalReason: "A0" });
  swipeSale(r, "2000", STRIPE_NO_PIN);
  await r.idle();
  t.deepEqual(r.host.mtis().slice(seen), ["0200", "0800", "0400", "0200"]);
  t.deepEqual(r.terminal.journal.pending(), []);
  t.deepEqual(r.host.owed(), { count: 1, amount: 2000 });
});
