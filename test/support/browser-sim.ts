/**
 * One browser suite's session: `make sim` on a free port, Chromium on its
 * page, and a listener on its event stream; all ended at the test's
 * teardown (or earlier through `end`).
 */
import type { Page } from "playwright-core";
import { launchPage } from "./browser.ts";
import { listenEvents, type EventLog } from "./sim-events.ts";
import { openSim } from "./sim-page.ts";
import { startWebSim, type StopResult, type WebSim } from "./web-sim.ts";

/** A simulator with the page open on it. */
export interface BrowserSession {
  sim: WebSim;
  page: Page;
  events: EventLog;
  /** closes the browser and the event stream, then interrupts the simulator */
  end(): Promise<StopResult>;
}

/** Starts a session; the test's teardown ends it if the test did not. */
export async function browserSession(t: { teardown(f: () => Promise<void>): void }): Promise<BrowserSession> {
  const sim = await startWebSim();
  let browser: Awaited<ReturnType<typeof launchPage>> | undefined;
  let events: EventLog | undefined;
  let ending: Promise<StopResult> | undefined;
  const end = (): Promise<StopResult> =>
    (ending ??= (async () => {
      events?.close();
      await browser?.close().catch(() => undefined);
      return sim.stop();
    })());
  t.teardown(async () => void (await end()));
  browser = await launchPage();
  events = await listenEvents(sim.url);
  await openSim(browser.page, sim.url);
  return { sim, page: browser.page, events, end };
}
