/**
 * `make sim`'s web mode, over HTTP without a browser: the acquirer's
 * garbage and wrong-MAC faults on a sale's 0200. The terminal gets an
 * answer it cannot trust, does not take the sale as approved, queues a
 * reversal and sends it before the next sale's request.
 */
import test from "ava";
import { simDir, webSim, type WebEvent, type WebRun } from "../support/simulator-run.ts";

const isState = (state: string) => (e: WebEvent) => e.type === "state" && e.state === state;

async function keys(t: { is(a: unknown, b: unknown, m?: string): void }, sim: WebRun, ...list: string[]): Promise<void> {
  for (const key of list) t.is((await sim.input({ key })).status, 200, `key ${key} taken`);
}

const logs = (events: WebEvent[]) => events.filter((e) => e.type === "log" || (e.type === "trace" && e.kind === "log")).map((e) => String(e.text));
const toHost = (events: WebEvent[]) => events.filter((e) => e.type === "trace" && e.kind === "iso8583" && e.dir === "to-host").map((e) => String(e.text));

/**
 * [fault, what the uplink logs of the answer, its failure with the error code, the reversal's reason as the uplink logs it]:
 * garbage is no message the uplink can match to its request, so it drops it and waits on to its time-out;
 * a wrong MAC is the answer, refused for its MAC.
 */
const CASES: [string, RegExp, RegExp, RegExp][] = [
  ["garbage", /^uplink: 1 unmatched message\(s\) dropped$/, /uplink: sale 411111\*{6}1111 STAN (\d{6}) failed: HOST_TIMEOUT, reversal queued/, /0400 for STAN (\d{6}) delivered \(reversal reason: no answer\)/],
  ["wrong-mac", /^uplink: sale 411111\*{6}1111 STAN \d{6} failed: HOST_MAC/, /uplink: sale 411111\*{6}1111 STAN (\d{6}) failed: HOST_MAC, reversal queued/, /0400 for STAN (\d{6}) delivered \(reversal reason: bad MAC on the response\)/],
];

for (const [fault, answer, failed, delivered] of CASES) {
  test.serial(`the ${fault} fault on a sale's 0200: the acquirer answers, the terminal takes no approval from it, shows REVERSAL QUEUED, and sends the 0400 (its reason logged) before the next sale's 0200`, async (t) => {
    t.timeout(240_000);
    const sim = await webSim(t, simDir(t));
    await sim.until((e) => (e.type === "snapshot" && e.state === "idle") || isState("idle")(e), 0, 90_000);
    await keys(t, sim, "2", "0", "0", "0", "ENTER");
    await sim.until(isState("present-card"));
    t.is((await sim.input({ fault })).status, 200);
    const from = sim.events.length;
    t.is((await sim.input({ swipe: 0 })).status, 200);
    const shown = await sim.until((e) => e.type === "display" && (e.lines as string[]).some((l) => l.includes("REVERSAL QUEUED")), from, 60_000);
    t.log(`${fault}: ${(shown.lines as string[]).map((l) => l.trim()).join(" | ")}`);
    await sim.until(isState("idle"), from, 60_000);
    const first = sim.events.slice(from);
    t.true(logs(first).some((l) => new RegExp(`fault ${fault} on 0200`).test(l)), `the emulator applied the fault: ${logs(first).join(" / ")}`);
    t.true(logs(first).some((l) => answer.test(l)), `the uplink got the answer and says what it made of it: ${logs(first).filter((l) => l.includes("uplink")).join(" / ")}`);
    const failure = logs(first).map((l) => failed.exec(l)).find((m) => m);
    t.truthy(failure, `the uplink says why the answer failed: ${logs(first).filter((l) => l.includes("uplink")).join(" / ")}`);
    t.false(first.some((e) => e.type === "display" && (e.lines as string[]).some((l) => l.startsWith("APPROVED"))), "never shown approved");
    t.false(first.some((e) => e.type === "receipt"), "no receipt");

    // the next sale: its reversal goes first
    const next = sim.events.length;
    await keys(t, sim, "3", "0", "0", "ENTER");
    await sim.until(isState("present-card"), next);
    t.is((await sim.input({ swipe: 0 })).status, 200);
    await sim.until((e) => e.type === "receipt", next, 60_000);
    const sent = toHost(sim.events.slice(next)).map((m) => m.slice(0, 4));
    t.deepEqual(sent.filter((m) => m === "0400" || m === "0200"), ["0400", "0200"], `the reversal before the sale: ${sent.join(" ")}`);
    const reversed = logs(sim.events.slice(next)).map((l) => delivered.exec(l)).find((m) => m);
    t.truthy(reversed, `the uplink logs the reversal's delivery and its reason: ${logs(sim.events.slice(next)).filter((l) => l.includes("0400")).join(" / ")}`);
    t.is(reversed?.[1], failure?.[1], "the reversal is the failed sale's");
    t.is(await sim.stop(), 0);
  });
}
