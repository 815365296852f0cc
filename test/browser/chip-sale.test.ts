/**
 * The browser simulator end to end (`make sim`, Chromium): a chip sale
 * with online PIN, clicked on the page's keypad and wallet, checked on the
 * display, on the printed receipts and for the PIN's secrecy on the page,
 * in the trace and on the event stream.
 */
import test from "ava";
import { browserSession } from "../support/browser-sim.ts";
import { countNumber, displayLines, keyboardDigits, pageWords, press, receipts, screenMark, stateOf, traceLines, waitDisplay, waitReceipts, waitScreen, waitState } from "../support/sim-page.ts";

/** The Visa DDA test card (test/emv/cards/dda): its PAN, and as a receipt prints it. */
const DDA_PAN = "4761739001010028";
const DDA_MASKED = /\b476173\*{6}0028\b/;

test("a chip sale with online PIN on the page, its amount and PIN typed on the computer's keyboard (the amount's digits light their buttons, the PIN's light none): APPROVED and HKD 150.00 on the display, two receipts (merchant, customer) with the amount, the PAN masked 476173******0028 and never in full, PIN VERIFIED, in their text and in the SVG drawing's text; REMOVE CARD then idle; typing the PIN 1234 adds no 1234 to the page's text (its hint names the test PIN) and puts none in the trace, on the event stream or in the server's output; no full PAN on the page, in the trace or on the stream; SIGINT ends every process of make sim", async (t) => {
  t.timeout(240_000);
  const s = await browserSession(t);
  const { page } = s;

  // the amount typed on the computer's keyboard: each digit's button lights as it is typed
  t.deepEqual(await keyboardDigits(page, "15000"), ["1", "5", "0", "0", "0"], "each amount digit typed lights its button");
  t.true((await waitDisplay(page, /HKD 150\.00/)).some((l) => l.includes("HKD 150.00")), "the amount typed on the keyboard is on the display");
  await press(page, "ENTER");
  await waitState(page, "present-card");
  await page.locator('button[data-insert="1"]').click();
  await waitState(page, "pin");

  // the PIN's secrecy: what the page, the trace and the stream held before the PIN against after its digits
  const before = countNumber(await pageWords(page), "1234");
  // the PIN typed on the keyboard lights no digit's button: which one lit would show the PIN
  t.deepEqual(await keyboardDigits(page, "1234"), [], "no button lights while the PIN is typed");
  await waitDisplay(page, /\*{4}/);
  t.is(countNumber(await pageWords(page), "1234"), before, "the PIN's digits add no 1234 to the page's text");
  t.is(countNumber((await traceLines(page)).map((l) => l.text).join("\n"), "1234"), 0, "no 1234 in the trace while the PIN is typed");
  const mark = await screenMark(page);
  await press(page, "ENTER");

  const approved = await waitScreen(page, /^APPROVED/, mark);
  t.true(approved.some((l) => l.includes("HKD 150.00")), `the approval shows the amount: ${approved.join(" | ")}`);
  const [merchant, customer] = await waitReceipts(page, 2);
  t.is((await receipts(page)).length, 2, "one receipt per copy");
  t.regex(merchant.text, /^MERCHANT COPY$/m);
  t.regex(customer.text, /^CUSTOMER COPY$/m);
  for (const r of [merchant, customer]) {
    t.regex(r.text, /^AMOUNT +HKD 150\.00$/m, "the receipt prints the amount");
    t.regex(r.text, DDA_MASKED, "the receipt prints the PAN as first 6, last 4");
    t.false(r.text.includes(DDA_PAN), "the receipt never prints the full PAN");
    t.regex(r.text, /^ENTRY MODE +CHIP$/m);
    t.regex(r.text, /^PIN VERIFIED$/m, "the cardholder verified by PIN");
    t.true(r.hasSvg, "the receipt holds the printer interpreter's drawing");
    // the drawing itself, not only data-text: its <text> elements carry the amount and the masked PAN
    const drawn = r.svgText.join("\n");
    t.regex(drawn, /HKD 150\.00/, "the drawn receipt shows the amount");
    t.regex(drawn, DDA_MASKED, "the drawn receipt shows the PAN as first 6, last 4");
    t.regex(drawn, /PIN VERIFIED/, "the drawn receipt says the PIN was verified");
    t.false(drawn.includes(DDA_PAN), "the drawing never holds the full PAN");
  }

  await waitState(page, "remove-card");
  t.deepEqual(await displayLines(page).then((ls) => ls.map((l) => l.trim()).filter((l) => l !== "")), ["REMOVE CARD"]);
  await page.locator("#remove-card").click();
  await waitState(page, "idle");
  t.is(await stateOf(page), "idle");

  const words = await pageWords(page);
  t.is(countNumber(words, "1234"), before, "after the sale the page's text still holds no more 1234 than before the PIN");
  t.false(words.includes(DDA_PAN), "no full PAN on the page");
  const trace = (await traceLines(page)).map((l) => l.text).join("\n");
  t.is(countNumber(trace, "1234"), 0, "no 1234 in the trace");
  t.false(trace.includes(DDA_PAN), "the trace masks the PAN");
  t.is(countNumber(s.events.words(), "1234"), 0, "no 1234 on the event stream");
  t.false(s.events.words().includes(DDA_PAN), "no full PAN on the event stream");
  t.is(countNumber(s.sim.stdout(), "1234"), 0, "no 1234 in the server's output");

  const stopped = await s.end();
  t.is(stopped.signal, "SIGINT", "make ends on the interrupt, as on Ctrl-C");
  t.true(stopped.files.length > 0, `the simulator saved its state in its directory: ${stopped.files.join(", ")}`);
  t.notRegex(s.sim.stderr(), /Error|at .*\.ts:\d+/, `no error on the way out: ${s.sim.stderr()}`);
});
