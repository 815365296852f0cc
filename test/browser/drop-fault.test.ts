/**
 * The browser simulator end to end: the acquirer's drop fault, clicked on
 * the page. The acquirer books the sale but its answer never comes; the
 * terminal waits to its time-out, shows NO HOST RESPONSE with REVERSAL
 * QUEUED, prints nothing, and sends the reversal (0400) before the next
 * sale's 0200.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { receipts, receivedTrace as received, screensSince, sentTrace as sent, swipeSale, traceLines, waitReceipts, waitScreen, waitState, waitTrace } from "../support/sim-page.ts";

/** the display's lines, trimmed, runs of spaces as one, the empty ones left out */
const words = (lines: string[]) => lines.map((l) => l.trim().replace(/ +/g, " ")).filter((l) => l !== "");

test("the drop fault clicked before a swipe sale of HKD 20.00: no answer, NO HOST RESPONSE and REVERSAL QUEUED, never approved, no receipt; the 0400 goes out after that sale's 0200 and before the next sale's, which is approved (HKD 3.00) and printed", async (t) => {
  t.timeout(300_000);
  const { page, events } = await browserSession(t);
  const { mark, start } = await swipeSale(page, "2000", 0, "drop");
  const lost = await waitTrace(page, "iso8583", sent("0200"), start);
  // the terminal waits for the answer to its time-out, on the wall clock
  const noResponse = await waitScreen(page, /^NO (?:HOST )?RESPONSE/, mark, 90_000);
  t.deepEqual(words(noResponse), ["NO HOST RESPONSE", "REVERSAL QUEUED"]);
  await waitState(page, "idle", 60_000);
  const first = await traceLines(page);
  t.false(first.slice(start).some((l) => l.kind === "iso8583" && received("0210").test(l.text)), "no answer to the sale reached the terminal");
  t.true(events.events.some((e) => (e.type === "log" || e.type === "trace") && /fault drop on 0200/.test(String(e.text))), "the emulator says it dropped its answer");
  t.false((await screensSince(page, mark)).some((screen) => screen.some((l) => l.startsWith("APPROVED"))), "never shown approved");
  t.is((await receipts(page)).length, 0, "no receipt for the lost sale");

  const next = await swipeSale(page, "300", 2);
  await waitScreen(page, /^APPROVED/, next.mark);
  const reversal = await waitTrace(page, "iso8583", sent("0400"), lost + 1);
  const sale = await waitTrace(page, "iso8583", sent("0200"), lost + 1);
  t.true(reversal < sale, `the 0400 (trace line ${reversal}) after the lost 0200 (line ${lost}) and before the next 0200 (line ${sale})`);
  await waitTrace(page, "iso8583", received("0410"), reversal);
  const printed = await waitReceipts(page, 2);
  t.true(printed.every((r) => /^AMOUNT +HKD 3\.00$/m.test(r.text)), "the two receipts are the next sale's");
  await waitState(page, "idle");
});
