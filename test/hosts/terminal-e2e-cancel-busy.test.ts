/**
 * CANCEL while a settlement or a sign-on is online, end to end: the real
 * drivers over virtual devices (terminal-device.ts) and the acquirer
 * emulator over real sockets, its answer held back (LATE_MS real ms) or
 * never sent. The state ends at once with CANCELLED; the exchange goes on
 * to its end and the terminal is idle only then. A settlement the host
 * accepts still closes the batch at both ends (the totals shown and the
 * report printed after CANCELLED); one the host never answers leaves the
 * batch open, and the next settlement closes it, each sale settled once.
 * A sign-on the host accepts still installs its key; one never answered
 * shows nothing more.
 */
import test from "ava";
import { device, menu, swiped } from "./terminal-device.ts";
import { LATE_MS, journalAtRest, sent, shownSince, waitReal } from "./terminal-e2e-support.ts";

const settledAtHost = (d: Awaited<ReturnType<typeof device>>) =>
  [...d.acquirer.ledger.entries.values()].filter((e) => e.kind === "sale").map((e) => e.settled);

test.serial("CANCEL while the settlement's 0500 waits for the host, which then accepts it: CANCELLED at once, then the totals and the printed report; the batch closed at the terminal and at the emulator, once", async (t) => {
  const d = await device();
  try {
    await swiped(d, "1000");
    const paper = d.paper().length;
    d.acquirer.inject({ on: "0500", kind: "delay", delayMs: LATE_MS });
    const from = d.shown.length;
    await d.press("MENU", menu("SETTLEMENT"));
    t.is(d.terminal.state, "settlement");
    await d.press("CANCEL");
    t.is(d.terminal.state, "result", "the state ends at once");
    t.like(d.shown.at(-1), { id: "CANCELLED" });
    t.true(d.log.lines.includes("terminal: cancelled at settlement"));
    await waitReal(d, () => d.terminal.journal.lastSettlement !== undefined);
    await d.until("idle");
    const after = shownSince(d, from);
    t.true(after.indexOf("SETTLEMENT_TOTALS") > after.indexOf("CANCELLED"), after.join(" "));
    t.like(d.terminal.journal.lastSettlement, { debits: 1, debitsMinor: 1000 });
    t.is(d.terminal.journal.batchNumber, 2);
    t.deepEqual(settledAtHost(d), [true]);
    t.is(sent(d).filter((m) => m === "0500").length, 1);
    t.true(d.paper().length > paper, "the settlement report printed");
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL while the settlement's 0500 gets no answer (the emulator never saw it): CANCELLED at once, the exchange ended by the client's response time-out, nothing more shown; the batch stays open and the next settlement closes it, the sale settled once", async (t) => {
  const d = await device();
  try {
    await swiped(d, "1000");
    d.acquirer.inject({ on: "0500", kind: "drop", process: false });
    const from = d.shown.length;
    await d.press("MENU", menu("SETTLEMENT"));
    await d.press("CANCEL");
    t.like(d.shown.at(-1), { id: "CANCELLED" });
    await d.until("idle");
    t.deepEqual(shownSince(d, from).slice(shownSince(d, from).indexOf("CANCELLED") + 1), ["IDLE"], "nothing shown between CANCELLED and idle");
    t.true(d.log.lines.some((l) => l.startsWith("terminal: settlement failed (HOST_")), "the exchange ended by its own time-out");
    t.is(d.terminal.journal.lastSettlement, undefined);
    t.like(d.terminal.journal.totals(), { debits: 1, debitsMinor: 1000 });
    t.deepEqual(settledAtHost(d), [false]);
    await d.press("MENU", menu("SETTLEMENT"));
    await d.until("idle");
    t.like(d.terminal.journal.lastSettlement, { debits: 1, debitsMinor: 1000 });
    t.deepEqual(settledAtHost(d), [true]);
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL while the sign-on's 0800 waits for the host, which then accepts it: CANCELLED at once, no SIGNED_ON; the new key is installed: the next sale goes through with no sign-on asked for", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0800", kind: "delay", delayMs: LATE_MS });
    const from = d.shown.length;
    const frames = sent(d).length;
    await d.press("MENU", menu("SIGN_ON"));
    t.is(d.terminal.state, "sign-on");
    await d.press("CANCEL");
    t.is(d.terminal.state, "result");
    t.like(d.shown.at(-1), { id: "CANCELLED" });
    t.true(d.log.lines.includes("terminal: cancelled at sign-on"));
    await waitReal(d, () => d.log.lines.includes("terminal: abandoned work ended (SIGNED_ON)"));
    await d.until("idle");
    t.true(d.log.lines.includes("terminal: abandoned work ended (SIGNED_ON)"), "the exchange ended with the host's acceptance");
    t.false(shownSince(d, from).includes("SIGNED_ON"));
    t.true(d.terminal.acquirer.signedOn);
    await swiped(d, "1500");
    t.deepEqual(sent(d).slice(frames), ["0800", "0200"], "the sale under the new key, no A0 and no second sign-on");
    t.deepEqual([...d.acquirer.ledger.entries.values()].map((e) => `${e.kind} ${e.amountMinor} ${e.responseCode}`), ["sale 1500 00"]);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL while the sign-on's 0800 gets no answer (the emulator never saw it): CANCELLED at once, then idle after the client's response time-out with nothing more shown (no NOT_SIGNED_ON); the boot's key still serves the next sale", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0800", kind: "drop", process: false });
    const from = d.shown.length;
    const frames = sent(d).length;
    await d.press("MENU", menu("SIGN_ON"));
    await d.press("CANCEL");
    t.like(d.shown.at(-1), { id: "CANCELLED" });
    await d.until("idle");
    t.deepEqual(shownSince(d, from).slice(shownSince(d, from).indexOf("CANCELLED") + 1), ["IDLE"]);
    t.true(d.log.lines.some((l) => l.startsWith("terminal: sign-on failed (HOST_")));
    await swiped(d, "1500");
    t.deepEqual(sent(d).slice(frames), ["0800", "0200"]);
    t.deepEqual([...d.acquirer.ledger.entries.values()].map((e) => `${e.kind} ${e.amountMinor} ${e.responseCode}`), ["sale 1500 00"]);
  } finally {
    await d.close();
  }
});
