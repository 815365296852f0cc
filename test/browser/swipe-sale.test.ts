/**
 * The browser simulator end to end: a swiped sale with a signature,
 * clicked on the page, checked on the display and the receipts.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { press, receipts, screenMark, typeDigits, waitDisplay, waitReceipts, waitScreen, waitState } from "../support/sim-page.ts";

/** Visa 4111 1111 1111 1111 (the card networks' published test number), stripe card 0 of the wallet. */
const VISA_PAN = "4111111111111111";

test("a swiped sale of the stripe-only Visa (service code 101) clicked on the page: APPROVED HKD 12.50, two receipts; the merchant copy has the signature line, the customer copy not; SWIPE, the PAN masked 411111******1111 and never in full; then idle", async (t) => {
  t.timeout(240_000);
  const { page } = await browserSession(t);
  await typeDigits(page, "1250");
  await waitDisplay(page, /HKD 12\.50/);
  await press(page, "ENTER");
  await waitState(page, "present-card");
  const mark = await screenMark(page);
  await page.locator('button[data-swipe="0"]').click();
  const approved = await waitScreen(page, /^APPROVED/, mark);
  t.true(approved.some((l) => l.includes("HKD 12.50")), `the approval shows the amount: ${approved.join(" | ")}`);
  const [merchant, customer] = await waitReceipts(page, 2);
  t.regex(merchant.text, /^MERCHANT COPY$/m);
  t.regex(customer.text, /^CUSTOMER COPY$/m);
  t.regex(merchant.text, /^CARDHOLDER SIGNATURE:\n_{20,}$/m, "the merchant copy has the line the cardholder signs");
  t.notRegex(customer.text, /CARDHOLDER SIGNATURE/, "the customer copy has no signature line");
  for (const r of [merchant, customer]) {
    t.regex(r.text, /^AMOUNT +HKD 12\.50$/m);
    t.regex(r.text, /^ENTRY MODE +SWIPE$/m);
    t.regex(r.text, /^CARD NO\. +411111\*{6}1111$/m, "the PAN as first 6, last 4");
    t.false(r.text.includes(VISA_PAN), "never the full PAN");
    t.notRegex(r.text, /PIN VERIFIED/, "no PIN for this card");
    t.true(r.hasSvg);
  }
  await waitState(page, "idle");
  t.is((await receipts(page)).length, 2, "no other receipt");
});
