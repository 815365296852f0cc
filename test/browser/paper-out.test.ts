/**
 * The browser simulator end to end: the printer out of paper, toggled on
 * the page. A sale approved while the printer has no paper shows PAPER
 * OUT and prints nothing; once paper is loaded again both copies of its
 * receipt print and the approval shows.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { press, receipts, screenMark, typeDigits, waitReceipts, waitScreen, waitState } from "../support/sim-page.ts";

/** the display's lines, trimmed, runs of spaces as one, the empty ones left out */
const words = (lines: string[]) => lines.map((l) => l.trim().replace(/ +/g, " ")).filter((l) => l !== "");

test("paper out clicked before a swipe sale of HKD 8.00: the sale is approved, the display says PAPER OUT / LOAD PAPER and no receipt prints; paper loaded again: the merchant and customer copies print with HKD 8.00 and the masked PAN, the approval shows, then idle", async (t) => {
  t.timeout(300_000);
  const { page, events } = await browserSession(t);
  const toggle = page.locator("#paper-toggle");
  await toggle.click();
  await page.locator("#paper-text", { hasText: "no paper" }).waitFor({ timeout: 30_000 });
  t.is((await toggle.textContent())?.trim(), "Load paper", "the button now loads paper");
  await typeDigits(page, "800");
  await press(page, "ENTER");
  await waitState(page, "present-card");
  const mark = await screenMark(page);
  await page.locator('button[data-swipe="0"]').click();
  const out = await waitScreen(page, /^PAPER OUT/, mark, 60_000);
  t.deepEqual(words(out), ["PAPER OUT", "LOAD PAPER"]);
  t.true(events.events.some((e) => e.type === "log" && /sale 411111\*{6}1111 STAN \d{6}: 00 approved/.test(String(e.text))), "the host approved the sale");
  // the terminal's clock runs on with the wall clock: still nothing printed a while later
  await page.waitForTimeout(3000);
  t.is((await receipts(page)).length, 0, "nothing printed without paper");

  const loaded = await screenMark(page);
  await toggle.click();
  await page.locator("#paper-toggle", { hasText: "Paper out" }).waitFor({ timeout: 30_000 });
  t.is((await page.locator("#paper-text").textContent()) ?? "", "", "no more \"no paper\"");
  const [merchant, customer] = await waitReceipts(page, 2, 60_000);
  t.regex(merchant.text, /^MERCHANT COPY$/m);
  t.regex(customer.text, /^CUSTOMER COPY$/m);
  for (const r of [merchant, customer]) {
    t.regex(r.text, /^AMOUNT +HKD 8\.00$/m);
    t.regex(r.text, /^CARD NO\. +411111\*{6}1111$/m);
  }
  const approved = await waitScreen(page, /^APPROVED/, loaded);
  t.true(approved.some((l) => l.includes("HKD 8.00")), `the approval after the paper came back: ${approved.join(" | ")}`);
  await waitState(page, "idle");
  t.is((await receipts(page)).length, 2, "the two copies, once each");
});
