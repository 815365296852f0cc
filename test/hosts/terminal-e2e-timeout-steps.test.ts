/**
 * The time-out of each step of a refund, a balance inquiry and a
 * pre-authorization (present card, the chip read, the application choice,
 * PIN entry, online), of the online PIN the kernel asks for on a chip
 * sale and pre-authorization, and of a void, a pre-authorization's
 * completion or its cancellation while online, end to end: the real
 * drivers over virtual devices (terminal-device.ts) and the acquirer
 * emulator over real sockets. Each shows TIMEOUT, never CANCELLED (that
 * is for the CANCEL key): the chip's application choice and PIN entry
 * too, whose time-out the kernel ends apart from a cancel. Before the
 * request leaves nothing goes to the emulator; once it has left, TIMEOUT
 * shows at once, the approval that comes late is reversed exactly once
 * and a late decline is not.
 */
import test from "ava";
import { VISA, device } from "./terminal-device.ts";
import { CARD_STEPS, CHIP_PIN_OPERATIONS, LINKED_OPERATIONS, afterOnline, linkedReversed, reversedAfterOnline } from "./terminal-e2e-steps.ts";
import { CARD_OPERATIONS, LATE_MS, SHORT, booked, idleWithNothingSent, journalAtRest, journalOf, reversalsSent, shownSince, waitReal } from "./terminal-e2e-support.ts";

/**
 * The card's exchanges take no virtual time unless the card stalls: at
 * the chip read the card goes mute at its first command, and the busy
 * time-out (500 virtual ms) comes before the slot's waiting time (9600
 * etu, about 1 s at 3.57 MHz) gives the card up.
 */
const MUTE_BUSY = { ...SHORT, busy: 500 };

for (const op of CARD_OPERATIONS) {
  for (const step of CARD_STEPS.filter((s) => s.step !== "online")) {
    // the PIN session's own time-out (30 s for the first digit, modules/pin) ends PIN entry
    test.serial(`time-out at ${step.step} of a ${op.name}${step.state === "processing" ? " (the card goes mute)" : ""}: TIMEOUT and no CANCELLED, nothing sent to the emulator, its ledger empty, the journal without a transaction, idle again`, async (t) => {
      const d = await device({ timeouts: step.state === "processing" ? MUTE_BUSY : SHORT });
      try {
        const card = await step.to(d, op, { fault: "mute" });
        t.is(d.terminal.state, step.state);
        const from = d.shown.length;
        await d.until("result", "remove-card", "idle");
        t.true(shownSince(d, from).includes("TIMEOUT"), shownSince(d, from).join(" "));
        t.false(shownSince(d, from).includes("CANCELLED"), shownSince(d, from).join(" "));
        if (step.state === "processing") t.true(d.log.lines.includes("terminal: time-out at processing; the transaction is abandoned"), d.log.lines.join("; "));
        await idleWithNothingSent(t, d, card);
        t.deepEqual(journalAtRest(d), []);
      } finally {
        await d.close();
      }
    });
  }

  const after = afterOnline(op);
  test.serial(`time-out while a ${op.name} is online (the emulator answers after the busy time-out): TIMEOUT at once; ledger ${JSON.stringify(after.booked)}, ${after.reversals} reversal sent, journal ${JSON.stringify(after.journal)} at rest, nothing held or moved`, async (t) => {
    // the busy state ends after 2 virtual s; the client waits 10 virtual minutes for the answer, which comes LATE_MS real ms late
    const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
    try {
      d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
      await CARD_STEPS.find((s) => s.step === "online")!.to(d, op);
      await d.until("result");
      t.like(d.shown.at(-1), { id: "TIMEOUT" });
      t.deepEqual(journalOf(d), [`${op.kind ?? "balance"} ${op.amount ?? 0} intended`], "the answer has not come yet");
      await waitReal(d, () => d.terminal.state === "idle");
      t.is(d.terminal.state, "idle");
      reversedAfterOnline(t, d, after);
    } finally {
      await d.close();
    }
  });
}

for (const op of LINKED_OPERATIONS) {
  test.serial(`time-out while ${op.name} is online (the emulator answers after the busy time-out): TIMEOUT at once; the late approval reversed once at the emulator (ledger ${JSON.stringify(op.after.booked)}), journal ${JSON.stringify(op.after.journal)} at rest, ${op.after.held} held, ${op.after.net} moved`, async (t) => {
    const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
    try {
      await op.setup(d);
      const reversals = reversalsSent(d);
      d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
      await op.act(d);
      await d.until("result");
      t.like(d.shown.at(-1), { id: "TIMEOUT" });
      await waitReal(d, () => d.terminal.state === "idle");
      t.is(d.terminal.state, "idle");
      linkedReversed(t, d, op, reversals);
    } finally {
      await d.close();
    }
  });
}

for (const op of CHIP_PIN_OPERATIONS) {
  // the PIN session's time-out reaches the kernel as a timed-out PIN entry: the kernel ends the transaction cancelled by a time-out, as a swiped PIN's time-out does
  test.serial(`time-out at the online PIN entry of ${op.name} (the PIN session's own 30 s): the kernel's PIN entry ends timed out, TIMEOUT and no CANCELLED, nothing sent to the emulator, the journal without a transaction, idle again once the card is out`, async (t) => {
    const d = await device({ timeouts: SHORT });
    try {
      const card = await op.to(d);
      t.is(d.terminal.state, "pin");
      const from = d.shown.length;
      await d.until("remove-card", "idle");
      t.true(shownSince(d, from).includes("TIMEOUT"), shownSince(d, from).join(" "));
      t.false(shownSince(d, from).includes("CANCELLED"), shownSince(d, from).join(" "));
      t.true(d.log.lines.includes("terminal: chip cancelled (time-out)"), d.log.lines.join("; "));
      await idleWithNothingSent(t, d, card);
    } finally {
      await d.close();
    }
  });
}

/** The answer that comes after the time-out is a decline (the account blocked): there is nothing to reverse. */
for (const op of CARD_OPERATIONS.filter((o) => o.kind !== undefined)) {
  test.serial(`time-out while a ${op.name} is online, the late answer a decline (05): TIMEOUT at once; no reversal sent, the emulator's ledger holds the decline alone, the journal's ${op.kind} declined and at rest`, async (t) => {
    const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
    try {
      d.acquirer.accounts.get(VISA)!.blocked = true;
      d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
      await CARD_STEPS.find((s) => s.step === "online")!.to(d, op);
      await d.until("result");
      t.like(d.shown.at(-1), { id: "TIMEOUT" });
      await waitReal(d, () => d.terminal.state === "idle");
      t.is(d.terminal.state, "idle");
      t.is(reversalsSent(d), 0);
      t.deepEqual(booked(d), [`${op.kind} ${op.amount} 05`]);
      t.deepEqual(journalOf(d), [`${op.kind} ${op.amount} declined`]);
      t.deepEqual(journalAtRest(d), []);
      t.false(d.shown.some((m) => m.id === "DECLINED"), "the screen left alone after the time-out");
    } finally {
      await d.close();
    }
  });
}
