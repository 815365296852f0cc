/**
 * The result screen's rule for reversals (modules/terminal/README.md,
 * "Reversal queued") on the state machine alone, on Node and on XS: a
 * transaction that leaves a reversal of its own queued says so, even
 * after a CANCEL; an older reversal that fails again is no news of the
 * current operation, a settlement as a sale.
 */
import test from "ava";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { rig, swipeSale, STRIPE_NO_PIN, type Rig } from "./terminal-harness.ts";

/** The key of a menu entry: 1-9, then 0 for the tenth. */
const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10) as never;

/** The host's failure screens shown from `from` on, with their `reversalQueued`. */
function failures(r: Rig, from: number): string[] {
  return r.display.shown.slice(from).flatMap((m) => (m.id === "NO_RESPONSE" || m.id === "HOST_ERROR" ? [`${m.id} ${m.reversalQueued}`] : []));
}

test("CANCEL while a swiped sale is online and the host never answers: NO_RESPONSE with reversalQueued true, not CANCELLED; the sale's reversal waits", async (t) => {
  const r = await rig();
  r.host.state.silentFor = "0200";
  const from = r.display.shown.length;
  swipeSale(r, "1000", STRIPE_NO_PIN);
  t.is(r.terminal.state, "online");
  r.press("CANCEL");
  await r.idle();
  t.deepEqual(failures(r, from), ["NO_RESPONSE true"]);
  t.false(r.display.ids().slice(from).includes("CANCELLED"));
  t.like(r.terminal.journal.transactions()[0], { kind: "sale", state: "reversing" });
});

test("an older reversal the host again leaves unanswered: a sale and a settlement each show NO_RESPONSE with reversalQueued false, and send nothing of their own", async (t) => {
  const r = await rig();
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  r.host.state.silentFor = "0200";
  swipeSale(r, "2000", STRIPE_NO_PIN);
  await r.idle();
  r.host.state.silentFor = "0400";
  const sale = r.display.shown.length;
  swipeSale(r, "3000", STRIPE_NO_PIN);
  await r.idle();
  t.deepEqual(failures(r, sale), ["NO_RESPONSE false"]);
  const settlement = r.display.shown.length;
  r.press("MENU", item("SETTLEMENT"));
  await r.idle();
  t.deepEqual(failures(r, settlement), ["NO_RESPONSE false"]);
  t.deepEqual(r.host.mtis().slice(-2), ["0400", "0400"], "only the older reversal was sent, twice");
  t.is(r.terminal.journal.lastSettlement, undefined, "the batch stays open");
});
