/**
 * The simulator's page as the browser suites drive it: only clicks on the
 * elements of the page's contract (keypad `data-key`, wallet
 * `data-swipe`/`data-insert`, `#remove-card`, faults, power) and reads of
 * what it shows (`#display`, `#state`, `#receipts`, `#trace`, `#notice`).
 */
import type { Locator, Page } from "playwright-core";

// The functions handed to page.evaluate and waitForFunction run in the browser; this program is
// type-checked without the DOM's types, so these few names are declared here, as far as they are used.
interface PageElement {
  textContent: string | null;
  value?: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  cloneNode(deep: boolean): PageElement;
  remove(): void;
}
declare const document: { body: PageElement; querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement> };
declare const window: { xsposScreens: string[][] };

/** How long a step may take to show its outcome (the terminal runs on XS, in the terminal's real time). */
export const STEP_MS = 30_000;

/** A receipt as the page shows it. */
export interface PageReceipt {
  /** the text of the paper, lines joined by "\n" (`data-text`) */
  text: string;
  /** whether the receipt holds the printer interpreter's drawing */
  hasSvg: boolean;
  /** the text the drawing draws: each `<text>` element of its SVG, in order (the cut's label included) */
  svgText: string[];
}

/** One line of the trace pane. */
export interface TraceLine {
  kind: string;
  text: string;
}

/** Opens the page and waits until its first snapshot has drawn the terminal (powered, idle); from then on every screen the display shows is recorded. */
export async function openSim(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitState(page, "idle");
  await recordScreens(page);
}

/**
 * Keeps, in the page, each screen the display shows (its lines), so that a
 * screen shown for a moment (APPROVED before PRINTING) is not missed
 * between two looks.
 */
async function recordScreens(page: Page): Promise<void> {
  // a string, not a function: the TypeScript loader would wrap a named function inside it in a helper the page lacks
  await page.evaluate(RECORD_SCREENS);
}

const RECORD_SCREENS = `(() => {
  window.xsposScreens = [];
  const look = function () {
    const lines = [...document.querySelectorAll("#display .line")].map((l) => l.textContent ?? "");
    const last = window.xsposScreens[window.xsposScreens.length - 1];
    if (!last || last.join("\\n") !== lines.join("\\n")) window.xsposScreens.push(lines);
  };
  look();
  new MutationObserver(look).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
})()`;

/** How many screens the display has shown since the page opened: a mark for {@link waitScreen}. */
export function screenMark(page: Page): Promise<number> {
  return page.evaluate(() => window.xsposScreens.length);
}

/** Waits until a screen shown after `mark` has a line matching `pattern` (now or a moment ago); gives that screen's lines. */
export async function waitScreen(page: Page, pattern: RegExp, mark: number, timeout = STEP_MS): Promise<string[]> {
  const handle = await page.waitForFunction(
    ([source, flags, from]) => {
      const screens = window.xsposScreens;
      const re = new RegExp(source, flags);
      for (let i = from; i < screens.length; i++) if (screens[i].some((l) => re.test(l))) return screens[i];
      return undefined;
    },
    [pattern.source, pattern.flags, mark] as const,
    { timeout },
  );
  return (await handle.jsonValue()) as string[];
}

/** Clicks keypad keys, one after the other: each of `keys` a `data-key` value ("1", "00", "ENTER", ...). */
export async function press(page: Page, ...keys: string[]): Promise<void> {
  for (const key of keys) await page.locator(`button[data-key="${key}"]`).click();
}

/** Clicks the digit keys of `digits` one by one ("15000" → 1 5 0 0 0). */
export async function typeDigits(page: Page, digits: string): Promise<void> {
  await press(page, ...digits.split(""));
}

/** Records, in the page, each keypad button that gets lit (class `pressed`), whatever the time it stays lit. */
const WATCH_LIT = `(() => {
  if (window.xsposLit) return;
  window.xsposLit = [];
  new MutationObserver((changes) => {
    for (const c of changes) if (c.target.classList && c.target.classList.contains("pressed")) window.xsposLit.push(c.target.getAttribute("data-key"));
  }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ["class"] });
})()`;

/**
 * Types `digits` on the computer's keyboard, one key at a time; gives the
 * `data-key` of each keypad button the page lit meanwhile (it lights the
 * pressed key's button for 120 ms), in order.
 */
export async function keyboardDigits(page: Page, digits: string): Promise<string[]> {
  await page.evaluate(WATCH_LIT);
  await page.evaluate("window.xsposLit.length = 0");
  for (const d of digits) await page.keyboard.press(d);
  // a light comes with the keydown; the observer has seen it once the page has run its handlers
  await page.waitForTimeout(200);
  return (await page.evaluate("window.xsposLit.slice()")) as string[];
}

/** Waits until `#state` has `data-state` = `state`. */
export async function waitState(page: Page, state: string, timeout = STEP_MS): Promise<void> {
  await page.locator(`#state[data-state="${state}"]`).waitFor({ state: "attached", timeout });
}

/** Waits until `#state` has `data-power` = `power`. */
export async function waitPower(page: Page, power: "on" | "off", timeout = STEP_MS): Promise<void> {
  await page.locator(`#state[data-power="${power}"]`).waitFor({ state: "attached", timeout });
}

/** The terminal state the page shows. */
export function stateOf(page: Page): Promise<string | null> {
  return page.locator("#state").getAttribute("data-state");
}

/** The display's lines, as its `.line` elements hold them. */
export function displayLines(page: Page): Promise<string[]> {
  return page.locator("#display .line").allTextContents();
}

/** Waits until some line of the display matches `pattern`; gives all the lines then. */
export async function waitDisplay(page: Page, pattern: RegExp, timeout = STEP_MS): Promise<string[]> {
  await page.waitForFunction(
    ([source, flags]) => [...document.querySelectorAll("#display .line")].some((l) => new RegExp(source, flags).test(l.textContent ?? "")),
    [pattern.source, pattern.flags] as const,
    { timeout },
  );
  return displayLines(page);
}

/** The receipts on the page, oldest first. */
export function receipts(page: Page): Promise<PageReceipt[]> {
  return page.locator("#receipts .receipt").evaluateAll((els) =>
    els.map((e) => ({ text: e.getAttribute("data-text") ?? "", hasSvg: e.querySelector("svg") !== null, svgText: [...e.querySelectorAll("svg text")].map((x) => x.textContent ?? "") })),
  );
}

/** Waits until the page holds at least `n` receipts; gives them. */
export async function waitReceipts(page: Page, n: number, timeout = STEP_MS): Promise<PageReceipt[]> {
  await page.waitForFunction((count) => document.querySelectorAll("#receipts .receipt").length >= count, n, { timeout });
  return receipts(page);
}

/** The trace pane's lines, oldest first. */
export function traceLines(page: Page): Promise<TraceLine[]> {
  return page.locator("#trace .trace-line").evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute("data-kind") ?? "", text: e.textContent ?? "" })));
}

/** Waits until a trace line of `kind` matches `pattern`, after the first `from` lines; gives its index. */
export async function waitTrace(page: Page, kind: string, pattern: RegExp, from = 0, timeout = STEP_MS): Promise<number> {
  const handle = await page.waitForFunction(
    ([k, source, flags, start]) => {
      const lines = [...document.querySelectorAll("#trace .trace-line")];
      for (let i = start; i < lines.length; i++) if (lines[i].getAttribute("data-kind") === k && new RegExp(source, flags).test(lines[i].textContent ?? "")) return i + 1;
      return 0;
    },
    [kind, pattern.source, pattern.flags, from] as const,
    { timeout },
  );
  return (await handle.jsonValue()) - 1;
}

/**
 * Everything the page shows in words: the body's text without the receipts'
 * drawings (an SVG's numbers are coordinates, not text) and without the
 * device-time figures (measured milliseconds), plus each receipt's text.
 */
export function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true);
    for (const e of body.querySelectorAll("svg, script, style, #device-time")) e.remove();
    const texts = [...document.querySelectorAll("#receipts .receipt")].map((r) => r.getAttribute("data-text") ?? "");
    const values = [...document.querySelectorAll("input, textarea")].map((e) => e.value ?? "");
    return [body.textContent ?? "", ...texts, ...values].join("\n");
  });
}

/** How many times `digits` stand as a number of their own (not inside a longer word or number) in `text`. */
export function countNumber(text: string, digits: string): number {
  return (text.match(new RegExp(`(?<![0-9A-Za-z])${digits}(?![0-9A-Za-z])`, "g")) ?? []).length;
}

/** Waits until a receipt's text matches `pattern`; gives the first such receipt. */
export async function waitReceipt(page: Page, pattern: RegExp, timeout = STEP_MS): Promise<PageReceipt> {
  await page.waitForFunction(
    ([source, flags]) => [...document.querySelectorAll("#receipts .receipt")].some((r) => new RegExp(source, flags).test(r.getAttribute("data-text") ?? "")),
    [pattern.source, pattern.flags] as const,
    { timeout },
  );
  return (await receipts(page)).find((r) => pattern.test(r.text))!;
}

/** Settles through the merchant menu: MENU, 5 (SETTLEMENT), the manager PIN, ENTER. */
export async function settle(page: Page, managerPin = "9876"): Promise<void> {
  await press(page, "MENU");
  await waitState(page, "menu");
  await press(page, "5");
  await waitState(page, "manager-pin");
  await typeDigits(page, managerPin);
  await press(page, "ENTER");
}

/** The screens the display showed after `mark`, each as its lines. */
export function screensSince(page: Page, mark: number): Promise<string[][]> {
  return page.evaluate((from) => window.xsposScreens.slice(from), mark);
}

/** Waits until `text` is on a screen shown after `mark` or on a receipt; false when it did not come in time. */
export async function waitShownOrPrinted(page: Page, text: string, mark: number, timeout = STEP_MS): Promise<boolean> {
  return page
    .waitForFunction(
      ([want, from]) => {
        const onScreen = window.xsposScreens.slice(from).some((lines) => lines.some((l) => l.includes(want)));
        const onPaper = [...document.querySelectorAll("#receipts .receipt")].some((r) => (r.getAttribute("data-text") ?? "").includes(want));
        return onScreen || onPaper;
      },
      [text, mark] as const,
      { timeout },
    )
    .then(
      () => true,
      () => false,
    );
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** The page's buttons whose text is exactly `label` (white space collapsed), as a person reads them. */
export function buttonsLabelled(page: Page, label: string): Locator {
  return page.locator("button").filter({ hasText: new RegExp(`^\\s*${label.replace(REGEX_SPECIAL, "\\$&")}\\s*$`) });
}

/** The pattern of a trace line of the ISO 8583 message of type `type` (its MTI) that the terminal sent (`→ host`). */
export const sentTrace = (type: string): RegExp => new RegExp(`→ host\\s*${type}(?![0-9])`);

/** The pattern of a trace line of the ISO 8583 message of type `type` (its MTI) that the terminal received (`← host`). */
export const receivedTrace = (type: string): RegExp => new RegExp(`← host\\s*${type}(?![0-9])`);

/**
 * A sale of `amount` (digits) keyed from idle and paid by the wallet's
 * card number `card` (its `data-swipe` button), the acquirer's `fault`,
 * if any, clicked first. Returns the screen's mark and the trace's length
 * as they were just before the swipe.
 */
export async function swipeSale(page: Page, amount: string, card: number, fault?: string): Promise<{ mark: number; start: number }> {
  await typeDigits(page, amount);
  await press(page, "ENTER");
  await waitState(page, "present-card");
  if (fault !== undefined) await page.locator(`button[data-fault="${fault}"]`).click();
  const mark = await screenMark(page);
  const start = (await traceLines(page)).length;
  await page.locator(`button[data-swipe="${card}"]`).click();
  return { mark, start };
}
