/**
 * `npm run screenshots`: the README's pictures of the browser simulator.
 * Starts it as a user does (`make sim`, on a free port, in a directory of
 * its own), plays the README's first payment (a chip sale of HKD 150.00
 * with the PIN) in Chromium, and writes docs/images/simulator.png (the
 * page) and docs/images/receipt.png (the customer's copy).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchPage } from "../test/support/browser.ts";
import { openSim, press, typeDigits, waitDisplay, waitReceipts, waitState } from "../test/support/sim-page.ts";
import { root, startWebSim } from "../test/support/web-sim.ts";

declare function scrollTo(x: number, y: number): void;

const out = join(root, "docs/images");
mkdirSync(out, { recursive: true });
const sim = await startWebSim();
try {
  const browser = await launchPage({ width: 1280, height: 900 });
  try {
    const { page } = browser;
    await openSim(page, sim.url);
    await typeDigits(page, "15000");
    await press(page, "ENTER");
    await waitState(page, "present-card");
    await page.locator('button[data-insert="1"]').click();
    await waitState(page, "pin");
    await typeDigits(page, "1234");
    await press(page, "ENTER");
    // the page as the sale ends: APPROVED on the display, both copies printed, the card still in
    await waitReceipts(page, 2);
    await waitDisplay(page, /^APPROVED/);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: join(out, "simulator.png"), fullPage: true });
    await page.locator("#receipts .receipt").last().screenshot({ path: join(out, "receipt.png") });
    await waitState(page, "remove-card");
    await page.locator("#remove-card").click();
    await waitState(page, "idle");
    console.log(`wrote ${join(out, "simulator.png")} and ${join(out, "receipt.png")}`);
  } finally {
    await browser.close();
  }
} finally {
  await sim.stop();
}
