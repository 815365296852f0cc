/**
 * A working chip whose application is blocked: the kernel offers no
 * fallback, so the terminal refuses the stripe of that chip card.
 */
import test from "ava";
import { testCard } from "../emv/kernel/test-cards.ts";
import { adfFci } from "../../support/emv-card.ts";
import { rig, STRIPE_CHIP } from "./terminal-harness.ts";

test("a chip whose only application answers SELECT with 6283 (blocked): CARD_NOT_SUPPORTED, no FALLBACK_SWIPE, and a swipe afterwards sends nothing to the host", async (t) => {
  const r = await rig();
  // the application's FCI with 6283 (application blocked, Book 1 §12.4) to every SELECT of it
  const card = testCard({ profile: { override: (c) => (c.ins === 0xa4 && c.data?.length === 7 ? adfFci("A0000000041010", "MASTERCARD") + "6283" : undefined) } });
  r.type("1000");
  r.press("ENTER");
  r.insert(card);
  await r.run(10);
  t.false(r.display.ids().includes("FALLBACK_SWIPE"));
  t.true(r.display.ids().includes("CARD_NOT_SUPPORTED"));
  r.terminal.handle({ type: "swipe", tracks: STRIPE_CHIP });
  await r.idle();
  t.deepEqual(r.host.mtis(), ["0800"]);
  t.is(r.terminal.journal.transactions().length, 0);
});
