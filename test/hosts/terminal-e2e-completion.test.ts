/**
 * The chip card's completion (its second GENERATE AC, after the host's
 * answer) stopped end to end, on the signature card, for a sale, a
 * pre-authorization and a balance inquiry: CANCEL, the card pulled out,
 * the card declining (AAC) and the busy time-out (the card mute), each at
 * the moment the terminal enters the completion state; and a sale and a
 * pre-authorization stopped one step earlier, while the host decides.
 * What the screen shows, the journal at rest with an approval that moved
 * or held money reversed once, and the emulator's ledger.
 */
import test, { type ExecutionContext } from "ava";
import type { CardFault } from "../../hosts/desktop/virtual-card.ts";
import type { Message } from "../../modules/display/message.ts";
import { CHIP, device, type Device } from "./terminal-device.ts";
import { LATE_MS, SHORT, booked, journalAtRest, journalOf, keyNow, onceShown, reversalsSent, sent, startOperation, waitReal } from "./terminal-e2e-support.ts";

/** A chip operation that goes online and completes on the card: the signature card asks for an ARQC above 50.00 (test/emv/cards/signature.json). */
const OPERATIONS: { name: string; start(d: Device): Promise<void>; kind: "sale" | "preauth"; mti: "0100" | "0200" }[] = [
  { name: "a chip sale", kind: "sale", mti: "0200", start: (d) => startOperation(d, { amount: 15000 }) },
  { name: "a chip pre-authorization", kind: "preauth", mti: "0100", start: (d) => startOperation(d, { item: "PREAUTH", amount: 15000 }) },
];

interface Stop {
  what: string;
  /** what the screen shows once the completion is stopped */
  shows: Message["id"];
  responseCode?: string;
  /** the terminal's log line that says where it was stopped */
  log?: string;
  /** the busy time-out (virtual ms) */
  busy?: number;
  /** the card's profile changed before it is inserted */
  edit?(profile: Record<string, unknown>): void;
  /** done as the terminal enters the completion state (the second GENERATE AC about to go to the card) */
  at(d: Device, card: { inject(fault: CardFault): void }): void;
}

const STOPS: Stop[] = [
  { what: "CANCEL", shows: "CANCELLED", log: "terminal: cancel asked at completion; the transaction ends when the card or the host answers", at: (d) => queueMicrotask(() => keyNow(d, "CANCEL")) },
  // the card leaves the slot as the second GENERATE AC reaches it
  { what: "the card pulled out", shows: "CARD_REMOVED", at: (_d, card) => card.inject("pull") },
  {
    // the card takes no Authorisation Response Code but 08 as an approval (EMV Book 3 §9.3: the card's own decision at the second GENERATE AC): the host's 00 gets an AAC
    what: "the card declining (AAC)",
    shows: "DECLINED",
    responseCode: "Z3",
    edit: (profile) => {
      const [app] = profile.applications as Record<string, unknown>[];
      app.completion = { approvalCodes: ["08"] };
    },
    at: () => {},
  },
  {
    // the card mute at the second GENERATE AC: the busy time-out (500 virtual ms) comes before the slot's waiting time gives the card up
    what: "the busy time-out (the card mute)",
    shows: "TIMEOUT",
    log: "terminal: time-out at completion; the transaction is abandoned",
    busy: 500,
    at: (_d, card) => card.inject("mute"),
  },
];

/** Lets Node turn its event loop (the card's exchanges, the sockets) without moving the virtual clock, while `busy` holds, at most 10 real s. */
async function holdClockWhile(busy: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (busy() && Date.now() < end) await new Promise((r) => setTimeout(r, 1));
}

/**
 * From idle through `start` and the signature card's insertion to the
 * end of its completion, `stop` acting as the terminal enters the
 * completion state: checks that it did; returns the card and where the
 * messages shown since the insertion start.
 */
async function stopCompletion(t: ExecutionContext, d: Device, stop: Stop, start: (d: Device) => Promise<void>): Promise<{ card: { pull(): void }; from: number }> {
  const hand: { card?: { inject(fault: CardFault): void } } = {};
  let stoppedAt: string | undefined;
  onceShown(d, () => d.terminal.state === "completion" && hand.card !== undefined, () => {
    stoppedAt = d.terminal.state;
    stop.at(d, hand.card!);
  });
  await start(d);
  const from = d.shown.length;
  const card = await d.insert("signature", stop.edit ? { edit: stop.edit } : {});
  hand.card = card;
  // the card's read and the emulator's answer, with the virtual clock held: the short busy time-out of the mute case is for the completion alone
  await holdClockWhile(() => d.terminal.state === "processing" || d.terminal.state === "online");
  await d.until("remove-card", "idle");
  t.is(stoppedAt, "completion", "the terminal reached the completion state");
  return { card, from };
}

for (const op of OPERATIONS) {
  for (const stop of STOPS) {
    const code = stop.responseCode ? ` ${stop.responseCode}` : "";
    test.serial(`${stop.what} during the completion of ${op.name}: ${stop.shows}${code}; the approval reversed once at the emulator (${op.kind} reversed, nothing held or moved), no TC upload, the journal's ${op.kind} reversed and at rest, nothing printed`, async (t) => {
      const d = await device({ timeouts: { ...SHORT, busy: stop.busy ?? 2000 } });
      try {
        const { card, from } = await stopCompletion(t, d, stop, op.start);
        const ids = d.shown.slice(from).map((m) => m.id);
        const shown = d.shown.slice(from).find((m) => m.id === stop.shows);
        t.truthy(shown, ids.join(" "));
        if (stop.responseCode) t.like(shown, { responseCode: stop.responseCode });
        t.false(ids.includes("APPROVED"), "no approval shown");
        if (stop.log) t.true(d.log.lines.includes(stop.log), d.log.lines.join("; "));
        card.pull();
        await d.until("idle");
        t.is(d.terminal.state, "idle");
        t.deepEqual(booked(d), [`${op.kind} 15000 00 reversed`]);
        t.is(reversalsSent(d), 1, "one reversal sent");
        t.false(sent(d).includes("0320"), "no TC upload");
        t.is(d.acquirer.ledger.chipAdvices.size, 0);
        t.is(d.acquirer.ledger.net(CHIP), 0);
        t.is(d.acquirer.ledger.held(CHIP), 0);
        t.deepEqual(journalOf(d), [`${op.kind} 15000 reversed`]);
        t.deepEqual(journalAtRest(d), []);
        t.like(d.terminal.journal.totals(), { debits: 0, debitsMinor: 0 });
        t.deepEqual(d.terminal.journal.openHolds(), []);
        t.deepEqual(d.paper(), [], "no receipt printed");
      } finally {
        await d.close();
      }
    });
  }
}

/**
 * A chip balance inquiry completes on the card too (its ARQC, the host's
 * answer, the second GENERATE AC) but moves no money: nothing to reverse.
 * The host's answer is final, so the card's AAC still shows the balance;
 * CANCEL, the card pulled out and the time-out end it without.
 */
const BALANCE_SHOWS: Record<string, Message["id"]> = {
  CANCEL: "CANCELLED",
  "the card pulled out": "CARD_REMOVED",
  "the card declining (AAC)": "BALANCE",
  "the busy time-out (the card mute)": "TIMEOUT",
};

for (const stop of STOPS) {
  const shows = BALANCE_SHOWS[stop.what];
  test.serial(`${stop.what} during the completion of a chip balance inquiry: ${shows}; nothing to reverse (no reversal sent, the emulator's ledger empty), no TC upload, the journal's inquiry completed and at rest, nothing printed`, async (t) => {
    const d = await device({ timeouts: { ...SHORT, busy: stop.busy ?? 2000 } });
    try {
      const { card, from } = await stopCompletion(t, d, stop, (x) => startOperation(x, { item: "BALANCE" }));
      const ids = d.shown.slice(from).map((m) => m.id);
      t.true(ids.includes(shows), ids.join(" "));
      for (const other of Object.values(BALANCE_SHOWS).filter((x) => x !== shows)) t.false(ids.includes(other), `no ${other}`);
      card.pull();
      await d.until("idle");
      t.is(d.terminal.state, "idle");
      t.deepEqual(booked(d), []);
      t.is(reversalsSent(d), 0);
      t.false(sent(d).includes("0320"), "no TC upload");
      t.deepEqual(journalOf(d), ["balance 0 completed"]);
      t.deepEqual(journalAtRest(d), []);
      t.deepEqual(d.paper(), [], "no receipt printed");
    } finally {
      await d.close();
    }
  });
}

/**
 * The chip transaction stopped one step earlier, while the host decides
 * (the emulator's answer held back): CANCEL waits for the answer, the
 * time-out ends the state at once; either way the card's completion still
 * runs to its end and the approval is reversed once.
 */
const ONLINE_STOPS: { what: string; shows: "CANCELLED" | "TIMEOUT"; log: string; stop(d: Device): Promise<void> }[] = [
  {
    what: "CANCEL",
    shows: "CANCELLED",
    log: "terminal: cancel asked at online; the transaction ends when the card or the host answers",
    stop: (d) => d.press("CANCEL"),
  },
  {
    what: "the busy time-out",
    shows: "TIMEOUT",
    log: "terminal: time-out at online; the transaction is abandoned",
    stop: (d) => d.until("result"),
  },
];

for (const op of OPERATIONS) {
  for (const stop of ONLINE_STOPS) {
    test.serial(`${stop.what} while ${op.name} is online (the emulator's answer late): ${stop.shows}; the card's completion still runs, the approval reversed once at the emulator, no TC upload, the journal's ${op.kind} reversed and at rest, nothing printed`, async (t) => {
      const d = await device({ timeouts: SHORT, responseTimeoutMs: 600_000 });
      try {
        d.acquirer.inject({ on: op.mti, kind: "delay", delayMs: LATE_MS });
        await op.start(d);
        const from = d.shown.length;
        const card = await d.insert("signature");
        await d.until("online");
        t.is(d.terminal.state, "online");
        await stop.stop(d);
        await waitReal(d, () => d.log.lines.some((l) => l.startsWith("terminal: chip completion")));
        await d.until("remove-card", "idle");
        t.true(d.log.lines.includes(stop.log), d.log.lines.join("; "));
        const ids = d.shown.slice(from).map((m) => m.id);
        t.true(ids.includes(stop.shows), ids.join(" "));
        t.false(ids.includes("APPROVED"), "no approval shown");
        t.true(d.log.lines.includes("terminal: chip completion approved"), "the card completed its transaction");
        card.pull();
        await d.until("idle");
        t.deepEqual(booked(d), [`${op.kind} 15000 00 reversed`]);
        t.is(reversalsSent(d), 1, "one reversal sent");
        t.false(sent(d).includes("0320"), "no TC upload");
        t.is(d.acquirer.ledger.net(CHIP), 0);
        t.is(d.acquirer.ledger.held(CHIP), 0);
        t.deepEqual(journalOf(d), [`${op.kind} 15000 reversed`]);
        t.deepEqual(journalAtRest(d), []);
        t.deepEqual(d.paper(), [], "no receipt printed");
      } finally {
        await d.close();
      }
    });
  }
}
