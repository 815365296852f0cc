/**
 * The README's "Your first payment" followed on the page, step by step,
 * from the README's own text: each numbered step's bold words are the
 * buttons it presses (each must exist on the page under that label, once)
 * and its code spans are what the terminal then shows (on the display, a
 * moment at least, or on a receipt). The step that runs `make sim` is the
 * harness's start, and the line it prints must be the README's. So the
 * README and the page cannot drift apart.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { browserSession } from "../support/browser-sim.ts";
import { buttonsLabelled, receipts, screenMark, waitShownOrPrinted } from "../support/sim-page.ts";
import { root } from "../support/web-sim.ts";

const HEADING = "## Your first payment\n";
const STEP = /^(\d+)\. /;
const BOLD = /\*\*([^*]+)\*\*/g;
const CODE = /`([^`]+)`/g;
/** The line `make sim` prints, as the README quotes it (the default port). */
const ADDRESS_LINE = /^xspos simulator: open http:\/\/127\.0\.0\.1:(\d+)\/$/;

interface Step {
  n: number;
  text: string;
  buttons: string[];
  shown: string[];
}

/** The section's numbered list: each item with the lines that continue it. */
function readSteps(): Step[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const at = readme.indexOf(HEADING);
  if (at < 0) throw new Error(`README.md has no "${HEADING.trim()}" section`);
  const end = readme.indexOf("\n## ", at + HEADING.length);
  const section = readme.slice(at, end < 0 ? undefined : end);
  const items: { n: number; text: string }[] = [];
  for (const line of section.split("\n")) {
    const m = STEP.exec(line);
    if (m) items.push({ n: Number(m[1]), text: line.slice(m[0].length) });
    else if (items.length && /^\s+\S/.test(line)) items[items.length - 1].text += " " + line.trim();
  }
  return items.map(({ n, text }) => ({
    n,
    text,
    buttons: [...text.matchAll(BOLD)].map((m) => m[1]),
    shown: [...text.matchAll(CODE)].map((m) => m[1]),
  }));
}

test("the README's steps are numbered 1, 2, … and the first runs make sim and quotes the line it prints", (t) => {
  const steps = readSteps();
  t.true(steps.length >= 5, `${steps.length} steps`);
  t.deepEqual(
    steps.map((s) => s.n),
    steps.map((_, i) => i + 1),
  );
  t.true(steps[0].shown.includes("make sim"), steps[0].text);
  t.true(steps[0].shown.some((c) => ADDRESS_LINE.test(c)), "the first step quotes the address line");
});

test("the README's first payment followed on the page: every button a step names exists once under that label and is pressed, and every text a step quotes then appears on the display or a receipt", async (t) => {
  t.timeout(300_000);
  const steps = readSteps();
  const s = await browserSession(t);
  const { page } = s;

  // step 1 is the harness's own start: `make sim` printed the line the README quotes, on its own port
  const quoted = steps[0].shown.find((c) => ADDRESS_LINE.test(c))!;
  const printed = s.sim.stdout().split("\n").find((l) => ADDRESS_LINE.test(l));
  t.is(printed?.replace(/:\d+\//, ":PORT/"), quoted.replace(/:\d+\//, ":PORT/"), "make sim prints the line the README shows");

  // from step 2: the page opened (the session did), then each step's buttons and texts; a step that
  // presses nothing looks for its texts from the previous step's presses on (they may have come already)
  let mark = 0;
  for (const step of steps.slice(1)) {
    if (step.buttons.length) mark = await screenMark(page);
    for (const label of step.buttons) {
      const button = buttonsLabelled(page, label);
      t.is(await button.count(), 1, `step ${step.n}: one button labelled "${label}" on the page`);
      await button.click();
    }
    for (const text of step.shown) {
      const seen = await waitShownOrPrinted(page, text, mark);
      t.true(seen, `step ${step.n}: the page shows "${text}"`);
    }
  }
  t.true((await receipts(page)).length > 0, "the walk-through printed its receipts");
});
