/**
 * A basket receipt printed again after a reboot: the journal's receipt
 * record keeps each line's product name as the receipt printed it, so the
 * reprint lists the same lines, even once the product table has changed.
 */
import test from "ava";
import type { TerminalConfig } from "../../../modules/config/types.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { rig, STRIPE_NO_PIN } from "./terminal-harness.ts";

function withProducts(products: { plu: number; name: string; unitPrice: number }[]): TerminalConfig {
  return { ...kernelConfig([aidEntry("A0000000041010")]), receipt: { products } };
}

const REPRINT = String(MENU_ITEMS.indexOf("REPRINT") + 1) as "6";

test("after a reboot a reprinted PLU basket lists the names the sale printed, not ITEM n, though the product table changed since", async (t) => {
  const first = await rig({ config: withProducts([{ plu: 7, name: "珍珠奶茶 Bubble tea", unitPrice: 2800 }, { plu: 42, name: "Café crème", unitPrice: 950 }]) });
  first.press("F1");
  first.type("7"); first.press("ENTER"); first.type("2"); first.press("ENTER");
  first.type("42"); first.press("ENTER"); first.type("1"); first.press("ENTER");
  first.press("ENTER", "ENTER");
  first.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await first.idle();
  const printed = first.receipts.jobs[0];
  if (printed?.kind !== "transaction") return t.fail("no receipt printed");
  t.deepEqual(printed.transaction.items?.map((i) => i.name), ["珍珠奶茶 Bubble tea", "Café crème"]);
  first.terminal.close();
  // the table renamed and repriced between the sale and the reprint: the reprint still shows what was sold
  const r = await rig({ flash: first.flash.reboot(), keys: first.keys, store: first.store, host: first.host, config: withProducts([{ plu: 7, name: "TEA (NEW)", unitPrice: 3000 }]) });
  r.press("MENU", REPRINT);
  await r.idle();
  const again = r.receipts.jobs.at(-1);
  if (again?.kind !== "transaction") return t.fail("no reprint");
  t.true(again.reprint);
  t.deepEqual(again.transaction.items, printed.transaction.items);
  t.is(again.transaction.subtotal, printed.transaction.subtotal);
});

test("after a reboot a reprinted basket keyed by quantity and price still names its lines ITEM n", async (t) => {
  const first = await rig();
  first.press("F1");
  first.type("2"); first.press("ENTER"); first.type("350"); first.press("ENTER");
  first.press("ENTER", "ENTER");
  first.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await first.idle();
  first.terminal.close();
  const r = await rig({ flash: first.flash.reboot(), keys: first.keys, store: first.store, host: first.host });
  r.press("MENU", REPRINT);
  await r.idle();
  const again = r.receipts.jobs.at(-1);
  if (again?.kind !== "transaction") return t.fail("no reprint");
  t.deepEqual(again.transaction.items, [{ name: "ITEM 1", quantity: 2, unitPrice: 350, lineTotal: 700 }]);
});
