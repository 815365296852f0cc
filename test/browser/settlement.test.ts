/**
 * The browser simulator end to end: the end of the day through the
 * merchant menu (MENU, 5 SETTLEMENT, the manager PIN), clicked on the
 * page; the settlement report comes out of the printer.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { countNumber, pageWords, press, screenMark, traceLines, typeDigits, waitDisplay, waitReceipt, waitReceipts, waitScreen, waitState } from "../support/sim-page.ts";

test("a settlement through MENU, 5 and the manager PIN 9876 clicked on the page after one swiped sale of HKD 12.50: the display shows the balanced totals (SALES 1 HKD 12.50), the settlement report receipt lists the sale by card type and by transaction type and prints BALANCED; typing the manager PIN adds no 9876 to the page's text (its hint names the test PIN) and puts none in the trace, on the event stream or in the server's output", async (t) => {
  t.timeout(240_000);
  const s = await browserSession(t);
  const { page } = s;
  await typeDigits(page, "1250");
  await press(page, "ENTER");
  await waitState(page, "present-card");
  await page.locator('button[data-swipe="0"]').click();
  await waitReceipts(page, 2);
  await waitState(page, "idle");

  await press(page, "MENU");
  await waitState(page, "menu");
  await press(page, "5");
  await waitState(page, "manager-pin");
  await waitDisplay(page, /^MANAGER PASSWORD/);
  const before = countNumber(await pageWords(page), "9876");
  await typeDigits(page, "9876");
  await waitDisplay(page, /\*{4}/);
  t.is(countNumber(await pageWords(page), "9876"), before, "the manager PIN's digits add no 9876 to the page's text");
  const mark = await screenMark(page);
  await press(page, "ENTER");

  const totals = await waitScreen(page, /^SALES 1 +HKD 12\.50\s*$/, mark);
  t.deepEqual(
    totals.map((l) => l.trim().replace(/ +/g, " ")),
    ["SETTLEMENT", "TOTALS BALANCED", "SALES 1 HKD 12.50", "REFUNDS 0 HKD 0.00"],
  );
  const report = await waitReceipt(page, /^SETTLEMENT$/m);
  t.regex(report.text, /^BATCH NO\. +000001$/m);
  t.regex(report.text, /^VISA +1 HKD 12\.50$/m, "by card type: one Visa sale");
  t.regex(report.text, /^SALE +1 HKD 12\.50$/m, "by transaction type: one sale");
  t.regex(report.text, /^BALANCED$/m, "the terminal's totals agree with the host's");
  t.true(report.hasSvg);
  await waitState(page, "idle");

  t.is(countNumber(await pageWords(page), "9876"), before, "after the settlement the page holds no more 9876 than before the manager PIN");
  t.is(countNumber((await traceLines(page)).map((l) => l.text).join("\n"), "9876"), 0, "no 9876 in the trace");
  t.is(countNumber(s.events.words(), "9876"), 0, "no 9876 on the event stream");
  t.is(countNumber(s.sim.stdout(), "9876"), 0, "no 9876 in the server's output");
});
