/**
 * The host that refuses the connection, end to end: the acquirer emulator
 * behind a TCP gate (test/support/tcp-gate.ts) whose port is shut, so the
 * terminal's connect meets ECONNREFUSED, then opened again on the same
 * port with the emulator's ledger and session keys intact. For each
 * transaction type, for a settlement and for a sign-on from the menu:
 * nothing leaves, nothing is written to the journal, nothing is queued;
 * and a reversal queued before
 * the host went down waits, goes first once the host is back, and is
 * booked once.
 */
import test from "ava";
import type { Message } from "../../modules/display/message.ts";
import { VISA, device, menu, swiped, testAcquirer, type Device } from "./terminal-device.ts";
import { tcpGate, type TcpGate } from "../support/tcp-gate.ts";
import { booked, chipSale, journalAtRest, journalOf, keyCompletion, keyHoldCancel, keyVoid, sent, shownSince, swipedBalance, thenIdle } from "./terminal-e2e-support.ts";

/** A device whose emulator sits behind a gate, shut from the start where `shut`; closing the device closes both. */
async function gated(shut = false): Promise<{ d: Device; gate: TcpGate }> {
  const emulator = await testAcquirer();
  const gate = await tcpGate(emulator.port);
  if (shut) await gate.shut();
  const d = await device({
    acquirer: {
      ...emulator,
      port: gate.port,
      close: async () => {
        await gate.close();
        await emulator.close();
      },
    },
  });
  return { d, gate };
}

const REFUSED: { name: string; setup?(d: Device): Promise<void>; act(d: Device): Promise<void> }[] = [
  { name: "a sale", act: (d) => swiped(d, "1500") },
  // the kernel completes with "unable to go online" and the signature card declines (its profile's default)
  { name: "a chip sale", act: (d) => chipSale(d, "15000") },
  { name: "a refund", act: (d) => swiped(d, "500", "REFUND") },
  { name: "a balance inquiry", act: (d) => swipedBalance(d) },
  { name: "a pre-authorization", act: (d) => swiped(d, "6000", "PREAUTH") },
  { name: "a void", setup: (d) => swiped(d, "1200"), act: thenIdle(keyVoid) },
  { name: "a pre-authorization's completion", setup: (d) => swiped(d, "6000", "PREAUTH"), act: thenIdle(keyCompletion) },
  { name: "a pre-authorization's cancellation", setup: (d) => swiped(d, "6000", "PREAUTH"), act: thenIdle(keyHoldCancel) },
  {
    name: "a settlement",
    setup: (d) => swiped(d, "1000"),
    act: async (d) => {
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
    },
  },
];

for (const c of REFUSED) {
  test.serial(`${c.name} while the host refuses the connection (port closed): NO_RESPONSE without a reversal queued, nothing sent, the journal and the emulator's ledger unchanged, the batch open; the port open again, a sale goes through and is booked once`, async (t) => {
    const { d, gate } = await gated();
    try {
      await c.setup?.(d);
      const frames = d.uplink.length;
      const journal = journalOf(d);
      const ledger = booked(d);
      const batch = d.terminal.journal.batchNumber;
      await gate.shut();
      const from = d.shown.length;
      await c.act(d);
      const failed = d.shown.slice(from).find((m) => m.id === "NO_RESPONSE") as Extract<Message, { id: "NO_RESPONSE" }> | undefined;
      t.truthy(failed, shownSince(d, from).join(" "));
      t.false(failed?.reversalQueued, "nothing left the terminal: nothing to reverse");
      t.true(d.log.lines.some((l) => l.includes("HOST_CONNECT")), "the log names the refused connection");
      t.is(d.uplink.length, frames, "no frame written");
      t.deepEqual(journalOf(d), journal, "nothing written to the journal's transactions");
      t.deepEqual(journalAtRest(d), []);
      t.deepEqual(booked(d), ledger);
      t.is(d.terminal.journal.batchNumber, batch, "the batch stays open");
      await gate.open();
      await swiped(d, "700");
      t.deepEqual(booked(d), [...ledger, "sale 700 00"]);
      t.deepEqual(sent(d).slice(frames), ["0200"], "only the new sale went: nothing was queued");
      t.deepEqual(journalAtRest(d), []);
    } finally {
      await d.close();
    }
  });
}

test.serial("a queued reversal while the host refuses the connection: the next sale fails with NO_RESPONSE before anything is sent, the reversal still pending; the port open again, the reversal goes first, then the sale; the first sale reversed once, the refused one never booked", async (t) => {
  const { d, gate } = await gated();
  try {
    // no answer to the sale: its reversal is queued
    d.acquirer.inject({ on: "0200", kind: "drop" });
    await swiped(d, "1500");
    t.like(d.terminal.journal.pending()[0], { state: "reversing", amountMinor: 1500 });
    const frames = d.uplink.length;
    await gate.shut();
    const from = d.shown.length;
    await swiped(d, "900");
    t.true(shownSince(d, from).includes("NO_RESPONSE"), shownSince(d, from).join(" "));
    t.is(d.uplink.length, frames, "neither the reversal nor the sale was written");
    t.like(d.terminal.journal.pending()[0], { state: "reversing", amountMinor: 1500 }, "the reversal still waits");
    t.deepEqual(journalOf(d), ["sale 1500 reversing"], "the refused sale has no journal record");
    t.deepEqual(booked(d), ["sale 1500 00"], "the emulator processed the first sale and has seen nothing since");
    await gate.open();
    await swiped(d, "700");
    t.deepEqual(sent(d).slice(frames), ["0400", "0200"], "the reversal first, then the sale");
    t.deepEqual(booked(d), ["sale 1500 00 reversed", "sale 700 00"]);
    t.is(d.acquirer.ledger.reversals, 1);
    t.is(d.acquirer.ledger.net(VISA), 700);
    t.deepEqual(journalOf(d), ["sale 1500 reversed", "sale 700 completed"]);
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});

test.serial("the host refuses the connection at boot: the sign-on fails, NOT_SIGNED_ON; a sale is refused on the terminal (NOT_SIGNED_ON) with nothing sent or written; once the port is open a sign-on from the menu takes a key and the sale goes through", async (t) => {
  const { d, gate } = await gated(true);
  try {
    t.like(d.shown.at(-1), { id: "NOT_SIGNED_ON" });
    t.true(d.log.lines.includes("terminal: sign-on failed (HOST_CONNECT)"));
    t.false(d.terminal.acquirer.signedOn);
    await d.until("idle");
    await d.type("1500");
    t.like(d.shown.at(-1), { id: "NOT_SIGNED_ON" }, "no amount entry without a session key");
    await d.until("idle");
    t.deepEqual(sent(d), []);
    t.deepEqual(journalOf(d), []);
    await gate.open();
    await d.press("MENU", menu("SIGN_ON"));
    await d.until("idle");
    t.true(d.shown.some((m) => m.id === "SIGNED_ON"));
    await swiped(d, "1500");
    t.deepEqual(sent(d), ["0800", "0200"]);
    t.deepEqual(booked(d), ["sale 1500 00"]);
    t.deepEqual(journalOf(d), ["sale 1500 completed"]);
  } finally {
    await d.close();
  }
});

test.serial("a sign-on from the menu while the host refuses the connection: NOT_SIGNED_ON, nothing sent or written, the log names the refused connection, the boot's session key kept; the port open again, a sign-on from the menu succeeds and a sale is booked once", async (t) => {
  const { d, gate } = await gated();
  try {
    t.true(d.terminal.acquirer.signedOn, "signed on at boot");
    const frames = d.uplink.length;
    await gate.shut();
    const from = d.shown.length;
    await d.press("MENU", menu("SIGN_ON"));
    await d.until("idle");
    t.true(shownSince(d, from).includes("NOT_SIGNED_ON"), shownSince(d, from).join(" "));
    t.false(shownSince(d, from).includes("SIGNED_ON"));
    t.true(d.log.lines.includes("terminal: sign-on failed (HOST_CONNECT)"));
    t.is(d.uplink.length, frames, "no frame written");
    t.true(d.terminal.acquirer.signedOn, "a sign-on that could not connect keeps the session key it had");
    t.deepEqual(journalOf(d), []);
    await gate.open();
    await d.press("MENU", menu("SIGN_ON"));
    await d.until("idle");
    t.true(d.shown.slice(from).some((m) => m.id === "SIGNED_ON"));
    await swiped(d, "1500");
    t.deepEqual(sent(d).slice(frames), ["0800", "0200"]);
    t.deepEqual(booked(d), ["sale 1500 00"]);
    t.deepEqual(journalAtRest(d), []);
  } finally {
    await d.close();
  }
});
