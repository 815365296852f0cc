/**
 * A terminal whose wall clock is not set (a board without RTC that
 * neither SNTP nor the modem reached counts from 1970): no sale, balance
 * inquiry or settlement starts, CLOCK_NOT_SET is shown and nothing is sent;
 * a sign-on from the menu, whose answer carries the host's date and time
 * (China UnionPay practice: DE12 local time hhmmss, DE13 local date MMDD),
 * sets the clock, and the sale that follows carries the right DE7. Until
 * it is set the idle screen shows no date.
 */
import test from "ava";
import { SettableWallClock } from "../../../modules/core/settable-wall-clock.ts";
import { text } from "../../../modules/iso8583/message.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { DEFAULT_TIMEOUTS } from "../../../modules/terminal/terminal-api.ts";
import { acquirerHost, rig, swipeSale, STRIPE_NO_PIN } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

/** A board's clock 12 s after boot, never set; the terminal in China Standard Time (UTC+8, 480 minutes). */
function unsetClock() {
  return new SettableWallClock({ now: () => 12_000, offsetMinutes: () => 480, set: false });
}

test("clock not set: a sale shows CLOCK_NOT_SET and sends nothing; so do a balance inquiry and a settlement", async (t) => {
  const r = await rig({ wallClock: unsetClock() });
  t.true(r.terminal.acquirer.signedOn, "the boot sign-on went through (its answer gave no time)");
  const before = r.host.mtis().length;
  r.type("100");
  t.is(r.display.last?.id, "CLOCK_NOT_SET");
  await r.idle();
  r.press("MENU", item("BALANCE") as never);
  t.is(r.display.last?.id, "CLOCK_NOT_SET");
  await r.idle();
  r.press("MENU", item("SETTLEMENT") as never);
  t.is(r.display.last?.id, "CLOCK_NOT_SET");
  t.is(r.display.ids().filter((id) => id === "CLOCK_NOT_SET").length, 3, "each refused on its own");
  await r.idle();
  t.is(r.host.mtis().length, before, "no message left the terminal");
  t.is(r.terminal.journal.transactions().length, 0, "nothing journaled");
  t.true(r.log.lines.some((l) => l.includes("the clock is not set")));
});

test("clock not set: a sign-on from the menu whose answer carries DE12 093015 and DE13 1126 sets it; the sale then carries DE7 1126013015 (GMT)", async (t) => {
  const host = acquirerHost();
  const wallClock = unsetClock();
  const r = await rig({ host, wallClock });
  t.false(wallClock.isSet());
  // 09:30:15 on 26 November in China (UTC+8) is 01:30:15 GMT (ISO 8583:1987 DE7 MMDDhhmmss in GMT)
  host.state.signOnTime = { 12: "093015", 13: "1126" };
  r.press("MENU", item("SIGN_ON") as never);
  await r.idle();
  t.true(r.display.ids().includes("SIGNED_ON"));
  t.true(wallClock.isSet());
  t.is(wallClock.utcMs(), Date.UTC(2026, 10, 26, 1, 30, 15));
  swipeSale(r, "1000", STRIPE_NO_PIN);
  await r.idle();
  const sale = host.seen.find((m) => m.mti === "0200")!;
  t.is(text(sale, 7), "1126013015");
  t.is(text(sale, 12), "093015");
  t.is(text(sale, 13), "1126");
  t.deepEqual(host.owed(), { count: 1, amount: 1000 });
});

test("a clock that is set is not moved by the host's time: the drift is logged", async (t) => {
  const host = acquirerHost();
  host.state.signOnTime = { 12: "093015", 13: "1126" };
  const wallClock = new SettableWallClock({ now: () => Date.UTC(2026, 10, 26, 1, 35, 15), offsetMinutes: () => 480, set: true });
  const r = await rig({ host, wallClock });
  t.is(wallClock.utcMs(), Date.UTC(2026, 10, 26, 1, 35, 15));
  t.true(r.log.lines.some((l) => l.includes("the clock is 300 s off the host's")));
});

/** The date and time the last idle screen showed; undefined for an idle screen without them. */
function idleAt(shown: readonly { id: string }[]) {
  const idle = [...shown].reverse().find((m) => m.id === "IDLE") as { at?: unknown } | undefined;
  return idle?.at;
}

test("clock not set: the idle screen shows no date (not 1970); after a sign-on whose answer sets it, the local date and time", async (t) => {
  const host = acquirerHost();
  const r = await rig({ host, wallClock: unsetClock() });
  t.is(r.display.last?.id, "IDLE");
  t.false("at" in r.display.last!, "no date before the clock is set");
  // 09:30:15 on 26 November in China (UTC+8), as in the sign-on answer above
  host.state.signOnTime = { 12: "093015", 13: "1126" };
  r.press("MENU", item("SIGN_ON") as never);
  await r.idle();
  t.is(r.display.last?.id, "IDLE");
  t.deepEqual(idleAt(r.display.shown), { year: 2026, month: 11, day: 26, hour: 9, minute: 30 });
});

test("clock not set: once set from elsewhere (SNTP, the modem), the idle screen's next refresh shows the local date and time", async (t) => {
  const wallClock = unsetClock();
  const r = await rig({ wallClock });
  t.is(r.display.last?.id, "IDLE");
  t.is(idleAt(r.display.shown), undefined);
  const idles = () => r.display.ids().filter((id) => id === "IDLE").length;
  const before = idles();
  r.clock.advance(DEFAULT_TIMEOUTS.idleRefresh);
  t.is(idles(), before + 1, "the idle screen was refreshed");
  t.is(idleAt(r.display.shown), undefined, "a refresh before the clock is set still shows no date");
  wallClock.set(Date.UTC(2026, 10, 26, 1, 30, 15));
  r.clock.advance(DEFAULT_TIMEOUTS.idleRefresh);
  t.is(idles(), before + 2);
  t.deepEqual(idleAt(r.display.shown), { year: 2026, month: 11, day: 26, hour: 9, minute: 30 });
});
