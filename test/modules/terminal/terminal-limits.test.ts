/**
 * The terminal's limits per day: the day is the terminal's local day
 * (its wall clock and time zone offset), so the count of a day starts
 * again at local midnight and not at settlement, survives a reboot, and
 * counts the completions of pre-authorizations as sales and the
 * pre-authorizations themselves as holds, under limits of their own.
 */
import test from "ava";
import type { WallClock } from "../../../modules/core/ports.ts";
import { localDay } from "../../../modules/terminal/limits.ts";
import { MENU_ITEMS } from "../../../modules/terminal/terminal.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { rig, swipeSale, STRIPE_NO_PIN, type Rig, type RigOptions } from "./terminal-harness.ts";

const item = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10);

/** 2026-11-25 21:00 UTC: 23:00 on the 25th at UTC+2, one hour before the terminal's midnight (23:00 UTC). */
const EVENING = Date.UTC(2026, 10, 25, 21, 0, 0);
const HOUR = 3_600_000;

/** A wall clock two hours east of UTC whose time the test moves. */
function movableClock(start: number): WallClock & { at: number } {
  const w = { at: start, utcMs: () => w.at, offsetMinutes: () => 120 };
  return w;
}

function limitedConfig() {
  const config = kernelConfig([aidEntry("A0000000041010")]);
  config.limits.maxTransactionAmount = 9_000;
  config.limits.dailyTotals.sale = 10_000;
  config.limits.maxPreauthAmount = 12_000;
  config.limits.dailyTotals.preauth = 20_000;
  return config;
}

async function limitedRig(wallClock: WallClock, more: RigOptions = {}): Promise<Rig> {
  return rig({ config: limitedConfig(), wallClock, ...more });
}

async function sale(r: Rig, amount: string): Promise<string> {
  swipeSale(r, amount, STRIPE_NO_PIN);
  const shown = r.display.shown.length;
  await r.idle();
  const outcome = r.display.shown.slice(shown - 1).find((m) => m.id === "APPROVED" || m.id === "LIMIT_EXCEEDED");
  return outcome?.id ?? "none";
}

test("the day's sale limit counts across a settlement and a reboot, and starts again at the terminal's local midnight", async (t) => {
  const wall = movableClock(EVENING);
  const r = await limitedRig(wall);
  t.is(await sale(r, "6000"), "APPROVED");
  r.press("MENU", item("SETTLEMENT") as never);
  await r.idle();
  t.is(r.terminal.journal.batchNumber, 2, "the batch is settled");
  t.is(await sale(r, "5000"), "LIMIT_EXCEEDED", "6000 before the settlement + 5000 passes the day's 10000: settlement does not reset the day");
  t.like(r.display.shown.find((m) => m.id === "LIMIT_EXCEEDED"), { scope: "DAY", limit: { minor: 10_000 } });
  t.is(await sale(r, "4000"), "APPROVED", "6000 + 4000 is the day's limit exactly");
  const requests = () => r.host.seen.filter((m) => m.mti === "0200").length;
  const sent = requests();
  // the power goes: the same flash, key store and DUKPT registers
  const again = await limitedRig(wall, { flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  t.is(await sale(again, "1"), "LIMIT_EXCEEDED", "the day's count survives the reboot");
  t.is(requests(), sent, "nothing over the limit was sent");
  wall.at = EVENING + HOUR - 1000;
  t.is(await sale(again, "1"), "LIMIT_EXCEEDED", "23:59:59 local is still the same day");
  wall.at = EVENING + HOUR;
  t.is(await sale(again, "9000"), "APPROVED", "00:00 local: a new day, its count from zero");
  t.is(await sale(again, "1001"), "LIMIT_EXCEEDED", "the new day's own sales count");
});

test("a pre-authorization's completion counts toward the day's sales, and one that would pass the day's limit is refused before anything is sent", async (t) => {
  const wall = movableClock(EVENING);
  const r = await limitedRig(wall);
  r.press("MENU", item("PREAUTH") as never);
  r.type("8000");
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const hold = r.terminal.journal.openHolds()[0];
  t.like(hold, { kind: "preauth", amountMinor: 8000 });
  t.is(await sale(r, "3000"), "APPROVED", "the hold itself is no sale of the day");
  const sent = r.host.seen.length;
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  r.press("ENTER");
  r.type("8000");
  r.press("ENTER");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "DAY", limit: { minor: 10_000 } }, "3000 + 8000 passes 10000");
  await r.idle();
  t.is(r.host.seen.length, sent, "nothing sent");
  r.press("MENU", item("PREAUTH_COMPLETION") as never);
  r.press("ENTER");
  r.type("7000");
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_COMPLETION", amount: { minor: 7000 } });
  r.press("ENTER");
  await r.idle();
  t.like(r.terminal.journal.find(hold.stan), { state: "captured" });
  t.is(await sale(r, "1"), "LIMIT_EXCEEDED", "3000 + the completion's 7000 reach the limit");
  const day = localDay(EVENING, 120);
  t.deepEqual(r.terminal.journal.dayTotals(day), { day, debitsMinor: 10_000, creditsMinor: 0, holdsMinor: 8_000 });
});

/** Starts a pre-authorization of `amount` from the menu; the screen then asks for the card, or says which limit it passes. */
function preauth(r: Rig, amount: string): void {
  r.press("MENU", item("PREAUTH") as never);
  r.type(amount);
  r.press("ENTER");
}

test("a pre-authorization has its own limits: over the largest pre-authorization or the day's holds plus its amount it is refused before the card is read; the day's sales do not bound it", async (t) => {
  const wall = movableClock(EVENING);
  const r = await limitedRig(wall);
  const sent = () => r.host.seen.filter((m) => m.mti === "0100").length;
  preauth(r, "12001");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit: { minor: 12_000 } });
  await r.idle();
  t.is(await sale(r, "9000"), "APPROVED");
  // 9000 of sales: a hold of 11000 is over the largest sale and would pass the day's sales, and is no sale
  preauth(r, "11000");
  t.like(r.display.last, { id: "PRESENT_CARD", operation: "PREAUTH" }, "the card is asked for");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  t.is(r.terminal.journal.openHolds().length, 1);
  const day = localDay(EVENING, 120);
  t.deepEqual(r.terminal.journal.dayTotals(day), { day, debitsMinor: 9_000, creditsMinor: 0, holdsMinor: 11_000 }, "the hold counts in the day's holds, not its sales");
  preauth(r, "9001");
  t.like(r.display.last, { id: "LIMIT_EXCEEDED", scope: "DAY", limit: { minor: 20_000 } }, "11000 held + 9001 passes 20000");
  await r.idle();
  t.is(sent(), 1, "nothing sent for the refused pre-authorization");
  preauth(r, "9000");
  t.like(r.display.last, { id: "PRESENT_CARD", operation: "PREAUTH" }, "11000 + 9000 is the day's limit exactly");
});

test("the day's holds count a hold completed or cancelled since, across a settlement and a reboot, and start again at the terminal's local midnight", async (t) => {
  const wall = movableClock(EVENING);
  const r = await limitedRig(wall);
  preauth(r, "12000");
  r.terminal.handle({ type: "swipe", tracks: STRIPE_NO_PIN });
  await r.idle();
  const hold = r.terminal.journal.openHolds()[0];
  r.press("MENU", item("PREAUTH_CANCEL") as never);
  r.press("ENTER");
  t.like(r.display.last, { id: "CONFIRM_TRANSACTION", operation: "PREAUTH_CANCEL" });
  r.press("ENTER");
  await r.idle();
  t.like(r.terminal.journal.find(hold.stan), { state: "released" });
  r.press("MENU", item("SETTLEMENT") as never);
  await r.idle();
  t.is(r.terminal.journal.batchNumber, 2, "the batch is settled: the released hold's rows are gone");
  t.is(r.terminal.journal.find(hold.stan), undefined);
  const again = await limitedRig(wall, { flash: r.flash.reboot(), keys: r.keys, store: r.store, host: r.host });
  const day = localDay(EVENING, 120);
  t.is(again.terminal.journal.dayTotals(day).holdsMinor, 12_000, "the settlement carried the day's holds over, and the reboot kept them");
  preauth(again, "8001");
  t.like(again.display.last, { id: "LIMIT_EXCEEDED", scope: "DAY", limit: { minor: 20_000 } }, "a cancelled hold still counts: it was asked of the issuer that day");
  await again.idle();
  wall.at = EVENING + HOUR;
  preauth(again, "12000");
  t.like(again.display.last, { id: "PRESENT_CARD", operation: "PREAUTH" }, "00:00 local: a new day of holds");
});
