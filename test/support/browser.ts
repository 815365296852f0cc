/**
 * Launches Debian's Chromium (/usr/bin/chromium) headless through
 * playwright-core, for the simulator's browser suites and the screenshot
 * script. A fresh profile each time (Playwright's temporary one), and no
 * background traffic: on a closed network Chromium's own connections
 * (updates, sync, QUIC probes) are refused and slow it down.
 */
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

/** Where Debian's `chromium` package installs the browser. */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A browser with one page; `close` ends both. */
export interface BrowserPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile and opens one page of `width`×`height` CSS pixels. */
export async function launchPage(viewport = { width: 1280, height: 900 }): Promise<BrowserPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    return { browser, context, page, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
