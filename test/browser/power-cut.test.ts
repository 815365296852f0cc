/**
 * The browser simulator end to end: the power cut in the middle of a sale,
 * clicked on the page. The acquirer answers late (the `delay` fault), the
 * power goes while the request is out; at power-on the terminal sends the
 * reversal (0400) before anything else, and the settled batch does not
 * hold the cut sale.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { receivedTrace as received, screensSince, sentTrace as sent, settle, swipeSale, traceLines, waitPower, waitReceipt, waitReceipts, waitScreen, waitState, waitTrace } from "../support/sim-page.ts";

test("a power cut while a sale's 0200 awaits its late answer, clicked on the page: no approval shown; after power-on a 0400 goes out before the next sale's 0200; the next sale (HKD 3.00) is approved; the settlement report counts that sale alone (SALE 1 HKD 3.00) and is BALANCED", async (t) => {
  t.timeout(300_000);
  const { page } = await browserSession(t);

  const { mark, start } = await swipeSale(page, "2000", 0, "delay");
  await waitState(page, "online");
  await waitTrace(page, "iso8583", sent("0200"), start);
  await page.locator("#power-cut").click();
  await waitPower(page, "off");
  const cut = await traceLines(page);
  t.false(cut.slice(start).some((l) => l.kind === "iso8583" && received("0210").test(l.text)), "the cut came before the answer reached the terminal");
  const shown = await screensSince(page, mark);
  t.false(shown.some((screen) => screen.some((l) => l.startsWith("APPROVED"))), "the cut sale was never shown approved");

  const off = (await traceLines(page)).length;
  await page.locator("#power-on").click();
  await waitPower(page, "on");
  await waitState(page, "idle", 60_000);
  const reversal = await waitTrace(page, "iso8583", sent("0400"), off);

  const next = await swipeSale(page, "300", 2);
  await waitScreen(page, /^APPROVED/, next.mark);
  const sale = await waitTrace(page, "iso8583", sent("0200"), off);
  t.true(reversal < sale, `the 0400 (trace line ${reversal}) before the next 0200 (trace line ${sale})`);
  const receipts = await waitReceipts(page, 2);
  t.true(receipts.every((r) => !/HKD 20\.00/.test(r.text)), "no receipt for the cut sale");
  await waitState(page, "idle");

  await settle(page);
  const report = await waitReceipt(page, /^SETTLEMENT$/m, 60_000);
  t.regex(report.text, /^SALE +1 HKD 3\.00$/m, "by transaction type: the one sale after the cut");
  t.regex(report.text, /^AMEX +1 HKD 3\.00$/m, "by card type: the American Express sale alone");
  t.notRegex(report.text, /VISA/, "the cut Visa sale is not in the batch");
  t.regex(report.text, /^BALANCED$/m, "the host's totals, the reversal applied, agree with the terminal's");
});
