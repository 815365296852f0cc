/**
 * The rule of the result screen for reversals (modules/terminal/README.md,
 * "Reversal queued"), end to end: the real drivers over virtual devices
 * (terminal-device.ts) and the acquirer emulator over real sockets. A
 * transaction whose end leaves a reversal of its own queued says so
 * (NO_RESPONSE or HOST_ERROR with REVERSAL QUEUED, 冲正待发送), whatever
 * ended it: no answer, a refused answer, CANCEL while online, the card
 * declining or pulled out after the host's approval. An older reversal
 * that fails again shows the current operation's NO_RESPONSE or
 * HOST_ERROR with TRY AGAIN (请重试), for a sale and a settlement alike.
 */
import test, { type ExecutionContext } from "ava";
import type { CardFault } from "../../hosts/desktop/virtual-card.ts";
import type { Message } from "../../modules/display/message.ts";
import { screenOf } from "../../modules/display/render.ts";
import { CHIP, VISA, device, menu, swiped, type Device } from "./terminal-device.ts";
import { booked, cancelOnceOnline, journalAtRest, journalOf, sent, shownSince } from "./terminal-e2e-support.ts";

/** The result screen's message of the kind `id` shown since `from`, checked in English and Chinese for its second line. */
function prompt(t: ExecutionContext, d: Device, from: number, id: "NO_RESPONSE" | "HOST_ERROR", reversalQueued: boolean): void {
  const shown = d.shown.slice(from);
  const m = shown.find((x): x is Extract<Message, { id: typeof id }> => x.id === id);
  if (!m) return void t.fail(`no ${id} in ${shownSince(d, from).join(" ")}`);
  t.is(m.reversalQueued, reversalQueued, `${id} reversalQueued`);
  const en = JSON.stringify(screenOf(m, "en"));
  const zh = JSON.stringify(screenOf(m, "zh"));
  t.regex(en, reversalQueued ? /REVERSAL QUEUED/ : /TRY AGAIN/);
  t.regex(zh, reversalQueued ? /冲正待发送/ : /请重试/);
  for (const other of ["CANCELLED", "DECLINED", "CARD_REMOVED", "APPROVED"]) t.false(shownSince(d, from).includes(other as Message["id"]), `no ${other}: ${shownSince(d, from).join(" ")}`);
}

/** The reversal left queued goes before the next sale, once; the sale then goes through. */
async function reversalGoesFirst(t: ExecutionContext, d: Device, reversedKind: string, amount: number): Promise<void> {
  await swiped(d, "700");
  t.deepEqual(sent(d).slice(-2), ["0400", "0200"], "the reversal goes before the next sale");
  t.true(booked(d).includes(`${reversedKind} ${amount} 00 reversed`), booked(d).join(", "));
  t.is(d.acquirer.ledger.reversals, 1, "the emulator took one reversal");
  t.deepEqual(journalAtRest(d), []);
}

/** A swiped sale of 15.00 whose end leaves its own reversal queued: `shows` with REVERSAL QUEUED, the sale reversing in the journal. */
async function saleLeavesReversal(t: ExecutionContext, d: Device, shows: "NO_RESPONSE" | "HOST_ERROR"): Promise<void> {
  const from = d.shown.length;
  await swiped(d, "1500");
  prompt(t, d, from, shows, true);
  t.deepEqual(journalOf(d), ["sale 1500 reversing"]);
}

/** The sale's own answer fails. */
const OWN: { fault: "drop" | "wrong-mac"; what: string; shows: "NO_RESPONSE" | "HOST_ERROR" }[] = [
  { fault: "drop", what: "with no answer", shows: "NO_RESPONSE" },
  { fault: "wrong-mac", what: "whose answer fails its MAC", shows: "HOST_ERROR" },
];

for (const { fault, what, shows } of OWN) {
  test.serial(`a sale ${what}: ${shows} with REVERSAL QUEUED (冲正待发送); the reversal goes before the next sale`, async (t) => {
    const d = await device();
    try {
      d.acquirer.inject({ on: "0200", kind: fault });
      await saleLeavesReversal(t, d, shows);
      await reversalGoesFirst(t, d, "sale", 1500);
    } finally {
      await d.close();
    }
  });
}

/** An older sale's reversal waits; the fault falls on it when the next operation sends it first. */
const OLDER: { fault: "drop" | "wrong-mac"; shows: "NO_RESPONSE" | "HOST_ERROR" }[] = [
  { fault: "drop", shows: "NO_RESPONSE" },
  { fault: "wrong-mac", shows: "HOST_ERROR" },
];

for (const { fault, shows } of OLDER) {
  test.serial(`an older reversal that fails again (${fault}) before a sale: ${shows} with TRY AGAIN (请重试), the sale never sent`, async (t) => {
    const d = await device();
    try {
      d.acquirer.inject({ on: "0200", kind: "drop" });
      await swiped(d, "1500");
      d.acquirer.inject({ on: "0400", kind: fault });
      const from = d.shown.length;
      const requests = sent(d).filter((m) => m === "0200").length;
      await swiped(d, "900");
      prompt(t, d, from, shows, false);
      t.is(sent(d).filter((m) => m === "0200").length, requests, "the sale never left");
      t.deepEqual(journalOf(d), ["sale 1500 reversing"], "the older reversal still waits; the sale wrote nothing");
    } finally {
      await d.close();
    }
  });

  test.serial(`an older reversal that fails again (${fault}) before a settlement: ${shows} with TRY AGAIN (请重试), as for a sale; the batch stays open`, async (t) => {
    const d = await device();
    try {
      await swiped(d, "1000");
      d.acquirer.inject({ on: "0200", kind: "drop" });
      await swiped(d, "1500");
      d.acquirer.inject({ on: "0400", kind: fault });
      const from = d.shown.length;
      await d.press("MENU", menu("SETTLEMENT"));
      await d.until("idle");
      prompt(t, d, from, shows, false);
      t.false(sent(d).includes("0500"), "no settlement sent");
      t.is(d.terminal.journal.batchNumber, 1, "the batch stays open");
    } finally {
      await d.close();
    }
  });
}

test.serial("CANCEL while a sale is online and the emulator never answers: NO_RESPONSE with REVERSAL QUEUED, not CANCELLED; the reversal goes before the next sale", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0200", kind: "drop" });
    const cancelled = cancelOnceOnline(d);
    await saleLeavesReversal(t, d, "NO_RESPONSE");
    t.true(cancelled());
    t.true(d.log.lines.includes("terminal: cancel asked at online; the transaction ends when the card or the host answers"));
    await reversalGoesFirst(t, d, "sale", 1500);
  } finally {
    await d.close();
  }
});

test.serial("CANCEL while a sale is online, the approval comes and its reversal gets no answer: NO_RESPONSE with REVERSAL QUEUED, not CANCELLED; the reversal goes again before the next sale", async (t) => {
  const d = await device();
  try {
    d.acquirer.inject({ on: "0400", kind: "drop", process: false });
    const cancelled = cancelOnceOnline(d);
    await saleLeavesReversal(t, d, "NO_RESPONSE");
    t.true(cancelled());
    t.deepEqual(booked(d), ["sale 1500 00"], "the approval stands at the emulator until the reversal reaches it");
    await reversalGoesFirst(t, d, "sale", 1500);
  } finally {
    await d.close();
  }
});

/** The host approved a chip sale of 150.00 on the signature card; the completion then ends it, and its reversal gets no answer. */
const CHIP_ENDS: { what: string; instead: string; edit?(profile: Record<string, unknown>): void; at?(card: { inject(fault: CardFault): void }): void }[] = [
  {
    // the card takes only 08 as an approval code (EMV Book 3 §9.3: the card's own decision at the second GENERATE AC): the host's 00 gets an AAC
    what: "the card declines (AAC)",
    instead: "DECLINED Z3",
    edit: (profile) => {
      const [app] = profile.applications as Record<string, unknown>[];
      app.completion = { approvalCodes: ["08"] };
    },
  },
  { what: "the card is pulled out at the second GENERATE AC", instead: "CARD_REMOVED", at: (card) => card.inject("pull") },
];

for (const end of CHIP_ENDS) {
  test.serial(`a chip sale the host approved, then ${end.what}, its reversal unanswered: NO_RESPONSE with REVERSAL QUEUED instead of ${end.instead}; the reversal goes before the next sale`, async (t) => {
    const d = await device();
    try {
      d.acquirer.inject({ on: "0400", kind: "drop", process: false });
      const hand: { card?: { inject(fault: CardFault): void } } = {};
      let stopped = false;
      const push = d.shown.push.bind(d.shown);
      d.shown.push = (...list) => {
        const n = push(...list);
        if (!stopped && d.terminal.state === "completion" && hand.card) {
          stopped = true;
          end.at?.(hand.card);
        }
        return n;
      };
      await d.type("15000");
      await d.press("ENTER");
      const from = d.shown.length;
      const card = await d.insert("signature", end.edit ? { edit: end.edit } : {});
      hand.card = card;
      await d.until("remove-card", "idle");
      t.true(stopped, "the terminal reached the completion state");
      prompt(t, d, from, "NO_RESPONSE", true);
      t.deepEqual(journalOf(d), ["sale 15000 reversing"]);
      card.pull();
      await d.until("idle");
      await reversalGoesFirst(t, d, "sale", 15000);
      t.is(d.acquirer.ledger.net(CHIP), 0);
      t.is(d.acquirer.ledger.net(VISA), 700);
    } finally {
      await d.close();
    }
  });
}
