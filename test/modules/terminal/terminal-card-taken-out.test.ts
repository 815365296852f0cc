/**
 * A card inserted before the amount is finished and taken out again: the
 * terminal forgets it on `card-removed`, whatever its transport still
 * says (a slot closed before it noticed, a reader that does not track
 * presence), and asks for a card once the amount is entered; it neither
 * reads the card that left nor offers the stripe for it.
 */
import test, { type ExecutionContext } from "ava";
import type { ApduTransport } from "../../../modules/iso7816/transport.ts";
import { testCard } from "../emv/kernel/test-cards.ts";
import { rig, type Rig } from "./terminal-harness.ts";

/**
 * `card` inserted while the terminal takes the amount, then taken out:
 * only the `card-removed` event says so (the card's transport keeps
 * saying it is present); then `digits` finish the amount and ENTER.
 */
async function takenOutBeforeEnter(t: ExecutionContext, r: Rig, card: ApduTransport, digits: string): Promise<void> {
  r.insert(card);
  t.is(r.terminal.state, "amount");
  r.terminal.handle({ type: "card-removed" });
  r.type(digits);
  r.press("ENTER");
  await r.run();
}

test("inserted while the amount is keyed, removed before ENTER: PRESENT_CARD with the amount, no command sent to the card, no fallback", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("7");
  await takenOutBeforeEnter(t, r, card, "00");
  t.is(r.terminal.state, "present-card");
  t.like(r.display.last, { id: "PRESENT_CARD", operation: "SALE" });
  t.deepEqual(card.commands, [], "the card that left is not read");
  t.false(r.display.ids().includes("FALLBACK_SWIPE"));
  t.true(r.log.lines.includes("terminal: the card was taken out at amount, before it was read"));
});

test("inserted at idle (the sale starts with the card), removed before the amount is done: the terminal asks for a card; one inserted then is read and approved", async (t) => {
  const r = await rig();
  const first = testCard();
  await takenOutBeforeEnter(t, r, first, "20000");
  t.like(r.display.last, { id: "PRESENT_CARD" });
  t.deepEqual(first.commands, []);
  const second = testCard();
  r.insert(second);
  await r.until("remove-card");
  t.true(second.commands.length > 0, "the card inserted when asked is read");
  t.true(r.display.ids().includes("APPROVED"));
  t.deepEqual(r.host.mtis(), ["0800", "0200"]);
});

test("a card inserted while the amount is keyed and left in is read at ENTER, without being asked for", async (t) => {
  const r = await rig();
  const card = testCard();
  r.type("20000");
  r.insert(card);
  r.press("ENTER");
  await r.until("remove-card");
  t.false(r.display.ids().includes("PRESENT_CARD"));
  t.true(card.commands.length > 0);
  t.true(r.display.ids().includes("APPROVED"));
});
