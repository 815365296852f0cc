/**
 * Void of a pre-authorization's completion (China UnionPay's
 * 预授权完成撤销): the completion leaves the batch and the day, its hold
 * is open again; the journal's records alone give the same after a
 * reboot, and the void's reversal gives the completion back.
 */
import test from "ava";
import { text } from "../../../modules/iso8583/message.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { localDay } from "../../../modules/terminal/limits.ts";
import { NOV_25, rig, STRIPE_NO_PIN, type Rig } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

async function holdAndComplete(r: Rig): Promise<{ hold: number; completion: number }> {
  r.press("MENU", item("PREAUTH") as never);
  r.type("6000");
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const hold = r.terminal.journal.openHolds()[0].stan;
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  r.type(String(hold));
  r.press("ENTER");
  r.type("4500");
  r.press("ENTER", "ENTER");
  await r.idle();
  const completion = r.terminal.journal.transactions().find((x) => x.kind === "preauthCompletion")!.stan;
  return { hold, completion };
}

const DAY = localDay(NOV_25, 120);

test("void of a completion by its trace: 0200 processing 02 DE25 06; the completion voided, its hold open again, nothing in the batch or the day; the same after a reboot", async (t) => {
  const r = await rig();
  const { hold, completion } = await holdAndComplete(r);
  t.like(r.terminal.journal.find(hold), { state: "captured" });
  r.press("MENU", item("VOID") as never);
  r.type(String(completion));
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "VOID", amount: { minor: 4500 }, cardLast4: "0010" });
  r.press("ENTER");
  await r.idle();
  const request = r.host.seen.at(-1)!;
  t.is(text(request, 3), "020000");
  t.is(text(request, 25), "06");
  const check = (x: Rig, when: string) => {
    t.like(x.terminal.journal.find(completion), { state: "voided" }, when);
    t.like(x.terminal.journal.find(hold), { state: "completed" }, when);
    t.deepEqual(x.terminal.journal.openHolds().map((h) => h.stan), [hold], when);
    t.like(x.terminal.journal.totals(), { debits: 0, debitsMinor: 0 }, when);
    // the hold, open again, still counts in the day's holds
    t.deepEqual(x.terminal.journal.dayTotals(DAY), { day: DAY, debitsMinor: 0, creditsMinor: 0, holdsMinor: 6000 }, when);
  };
  check(r, "after the void");
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  check(again, "after a reboot");
});

test("a completion's void the host does not answer is reversed: the completion counts again and its hold is captured again, also after a reboot", async (t) => {
  const r = await rig();
  const { hold, completion } = await holdAndComplete(r);
  r.host.state.silentFor = "0200";
  r.press("MENU", item("VOID") as never);
  r.press("ENTER", "ENTER");
  await r.idle();
  t.true(r.display.shown.some((m) => m.id === "NO_RESPONSE"));
  r.host.state.silentFor = "";
  await r.terminal.acquirer.drainPending();
  const check = (x: Rig, when: string) => {
    t.like(x.terminal.journal.transactions().find((v) => v.kind === "void"), { state: "reversed" }, when);
    t.like(x.terminal.journal.find(completion), { state: "completed" }, when);
    t.like(x.terminal.journal.find(hold), { state: "captured" }, when);
    t.deepEqual(x.terminal.journal.openHolds(), [], when);
    t.like(x.terminal.journal.totals(), { debits: 1, debitsMinor: 4500 }, when);
  };
  check(r, "after the reversal");
  const again = await rig({ flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  check(again, "after a reboot");
});
