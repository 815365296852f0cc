/**
 * The browser simulator end to end: sales the host declines, clicked on
 * the page. The terminal prints no receipt for a declined sale (no money
 * moved: modules/terminal prints receipts only after an approval).
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { buttonsLabelled, press, receipts, screenMark, typeDigits, waitDisplay, waitScreen, waitState } from "../support/sim-page.ts";

/** The wallet's card whose account the acquirer emulator holds blocked (hosts/desktop/cards.ts). */
const HOST_DECLINED = "Visa, the host declines it (account blocked: 05)";

/** The display's lines, trimmed, runs of spaces as one, the empty ones left out. */
const words = (lines: string[]) => lines.map((l) => l.trim().replace(/ +/g, " ")).filter((l) => l !== "");

test("the wallet's host-declined card (account blocked) clicked on the page: DECLINED 05 and DO NOT HONOUR on the display, no receipt printed, then idle", async (t) => {
  t.timeout(240_000);
  const { page } = await browserSession(t);
  await typeDigits(page, "1000");
  await waitDisplay(page, /HKD 10\.00/);
  await press(page, "ENTER");
  await waitState(page, "present-card");
  const mark = await screenMark(page);
  const card = buttonsLabelled(page, HOST_DECLINED);
  t.is(await card.count(), 1, "the wallet has the host-declined card once");
  await card.click();
  const declined = await waitScreen(page, /^DECLINED +05\s*$/, mark);
  t.deepEqual(words(declined), ["DECLINED 05", "DO NOT HONOUR"], "response code 05 (ISO 8583:1987) and its reason");
  await waitState(page, "idle");
  t.is((await receipts(page)).length, 0, "no receipt for a declined sale");
});

test("a sale over the account's limit (HKD 2,500.00 on the stripe Visa) clicked on the page: DECLINED 61 and EXCEEDS AMOUNT LIMIT on the display, no receipt printed, then idle", async (t) => {
  t.timeout(240_000);
  const { page } = await browserSession(t);
  await typeDigits(page, "250000");
  await waitDisplay(page, /HKD 2,500\.00/);
  await press(page, "ENTER");
  await waitState(page, "present-card");
  const mark = await screenMark(page);
  await page.locator('button[data-swipe="0"]').click();
  const declined = await waitScreen(page, /^DECLINED +61\s*$/, mark);
  t.deepEqual(words(declined), ["DECLINED 61", "EXCEEDS AMOUNT LIMIT"], "response code 61 (ISO 8583:1987) and its reason");
  await waitState(page, "idle");
  t.is((await receipts(page)).length, 0, "no receipt for a declined sale");
});
