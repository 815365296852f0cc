/**
 * CANCEL at each step of a refund, a balance inquiry and a
 * pre-authorization (present card, the chip read, the application choice,
 * PIN entry, online), at the online PIN the kernel asks for on a chip sale
 * and pre-authorization, and while a void, a pre-authorization's
 * completion or its cancellation is online, end to end: the real drivers
 * over virtual devices (terminal-device.ts) and the acquirer emulator over
 * real sockets. Before the request leaves nothing goes to the emulator;
 * once it has left, the approval that still comes is reversed exactly
 * once, and a request never answered is reversed before the next sale,
 * its screen saying REVERSAL QUEUED rather than CANCELLED.
 */
import test from "ava";
import { VISA, device, swiped, type Device } from "./terminal-device.ts";
import { CARD_STEPS, CHIP_PIN_OPERATIONS, LINKED_OPERATIONS, afterOnline, linkedReversed, reversedAfterOnline } from "./terminal-e2e-steps.ts";
import { CANCEL_ONLINE_LOG, CARD_OPERATIONS, LATE_MS, booked, cancelOnceOnline, cancelWhileOnline, idleWithNothingSent, journalAtRest, journalOf, keyNow, reversalsSent, sent, shownSince } from "./terminal-e2e-support.ts";

for (const op of CARD_OPERATIONS) {
  for (const step of CARD_STEPS.filter((s) => s.step !== "online")) {
    test.serial(`CANCEL at ${step.step} of a ${op.name}: CANCELLED, nothing sent to the emulator, its ledger empty, the journal without a transaction, idle again`, async (t) => {
      const d = await device();
      try {
        const card = await step.to(d, op);
        t.is(d.terminal.state, step.state);
        const from = d.shown.length;
        // the chip read runs on the same virtual clock as the keypad's scan: the key goes in at once
        if (step.state === "processing") keyNow(d, "CANCEL");
        else await d.press("CANCEL");
        await d.until("result", "remove-card", "idle");
        t.true(shownSince(d, from).includes("CANCELLED"), shownSince(d, from).join(" "));
        await idleWithNothingSent(t, d, card);
        t.deepEqual(journalAtRest(d), []);
      } finally {
        await d.close();
      }
    });
  }

  const after = afterOnline(op);
  test.serial(`CANCEL while a ${op.name} is online: PROCESSING stays until the host answers, then CANCELLED; ledger ${JSON.stringify(after.booked)}, ${after.reversals} reversal sent, journal ${JSON.stringify(after.journal)} at rest, nothing held or moved`, async (t) => {
    const d = await device({ responseTimeoutMs: 600_000 });
    try {
      d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
      await CARD_STEPS.find((s) => s.step === "online")!.to(d, op);
      t.is(d.terminal.state, "online");
      await cancelWhileOnline(t, d);
      reversedAfterOnline(t, d, after);
    } finally {
      await d.close();
    }
  });
}

for (const op of LINKED_OPERATIONS) {
  test.serial(`CANCEL while ${op.name} is online: PROCESSING stays until the host answers, then CANCELLED; the approval reversed once at the emulator (ledger ${JSON.stringify(op.after.booked)}), journal ${JSON.stringify(op.after.journal)} at rest, ${op.after.held} held, ${op.after.net} moved`, async (t) => {
    const d = await device({ responseTimeoutMs: 600_000 });
    try {
      await op.setup(d);
      const reversals = reversalsSent(d);
      d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
      await op.act(d);
      t.is(d.terminal.state, "online");
      await cancelWhileOnline(t, d, false);
      linkedReversed(t, d, op, reversals);
    } finally {
      await d.close();
    }
  });
}

for (const op of CHIP_PIN_OPERATIONS) {
  test.serial(`CANCEL at the online PIN entry of ${op.name} (the kernel asked for it): the PIN session ends, the kernel ends, CANCELLED, nothing sent to the emulator, the journal without a transaction, idle again once the card is out`, async (t) => {
    const d = await device();
    try {
      const card = await op.to(d);
      t.is(d.terminal.state, "pin");
      const from = d.shown.length;
      await d.press("CANCEL");
      await d.until("remove-card", "idle");
      t.true(shownSince(d, from).includes("CANCELLED"), shownSince(d, from).join(" "));
      t.true(d.log.lines.includes("terminal: chip cancelled"));
      await idleWithNothingSent(t, d, card);
    } finally {
      await d.close();
    }
  });
}

/** CANCEL once the request left, and then no answer at all: the client's own response time-out ends the wait. */
const NO_ANSWER: { name: string; kind: "sale" | "refund" | "preauth"; mti: "0100" | "0200"; amount: number; act(d: Device): Promise<void> }[] = [
  { name: "a sale", kind: "sale", mti: "0200", amount: 1500, act: (d) => swiped(d, "1500") },
  { name: "a refund", kind: "refund", mti: "0200", amount: 500, act: (d) => swiped(d, "500", "REFUND") },
  { name: "a pre-authorization", kind: "preauth", mti: "0100", amount: 6000, act: (d) => swiped(d, "6000", "PREAUTH") },
];

for (const op of NO_ANSWER) {
  test.serial(`CANCEL while ${op.name} is online and the emulator never answers: once the client gives up, its reversal queued, NO_RESPONSE with REVERSAL QUEUED and no CANCELLED; the next sale sends the reversal first; ${op.kind} reversed once at the emulator, the journal at rest`, async (t) => {
    const d = await device();
    try {
      // the emulator books the request, then drops its answer
      d.acquirer.inject({ on: op.mti, kind: "drop" });
      const cancelled = cancelOnceOnline(d);
      const from = d.shown.length;
      await op.act(d);
      t.true(cancelled());
      t.true(d.log.lines.includes(CANCEL_ONLINE_LOG));
      // the transaction's end leaves its own reversal queued: the screen says so (modules/terminal README, "Reversal queued")
      t.like(d.shown.slice(from).find((m) => m.id === "NO_RESPONSE"), { id: "NO_RESPONSE", reversalQueued: true }, shownSince(d, from).join(" "));
      t.false(shownSince(d, from).includes("CANCELLED"), shownSince(d, from).join(" "));
      t.false(shownSince(d, from).includes("APPROVED"));
      t.deepEqual(journalOf(d), [`${op.kind} ${op.amount} reversing`], "the reversal waits");
      t.deepEqual(booked(d), [`${op.kind} ${op.amount} 00`]);
      await swiped(d, "700");
      t.deepEqual(sent(d).slice(-2), ["0400", "0200"], "the reversal goes before the next sale");
      t.deepEqual(booked(d), [`${op.kind} ${op.amount} 00 reversed`, "sale 700 00"]);
      t.is(d.acquirer.ledger.reversals, 1);
      t.deepEqual(journalOf(d), [`${op.kind} ${op.amount} reversed`, "sale 700 completed"]);
      t.deepEqual(journalAtRest(d), []);
      t.is(d.acquirer.ledger.held(VISA), 0);
    } finally {
      await d.close();
    }
  });
}
