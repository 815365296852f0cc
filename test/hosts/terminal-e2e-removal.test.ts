/**
 * The chip card pulled out at each step of each chip transaction type,
 * end to end (the real slot driver over the virtual EMV card,
 * terminal-device.ts; the acquirer emulator over real sockets): during
 * its read, at its online PIN, and while the host decides. What the
 * screen shows, what reaches the emulator and what its ledger and the
 * journal hold afterwards. (During the completion itself:
 * terminal-e2e-completion.test.ts.)
 */
import test from "ava";
import type { Message } from "../../modules/display/message.ts";
import { CHIP, CHIP_PIN, device } from "./terminal-device.ts";
import { LATE_MS, booked, financial, idleWithNothingSent, journalAtRest, journalOf, reversalsSent, shownSince, startOperation, waitReal } from "./terminal-e2e-support.ts";

interface ChipType {
  name: string;
  item?: "REFUND" | "BALANCE" | "PREAUTH";
  amount?: number;
  kind: "sale" | "refund" | "balance" | "preauth";
  mti: "0100" | "0200";
}

const TYPES: ChipType[] = [
  { name: "a chip sale", amount: 15_000, kind: "sale", mti: "0200" },
  { name: "a chip refund", item: "REFUND", amount: 500, kind: "refund", mti: "0200" },
  { name: "a chip balance inquiry", item: "BALANCE", kind: "balance", mti: "0200" },
  { name: "a chip pre-authorization", item: "PREAUTH", amount: 15_000, kind: "preauth", mti: "0100" },
];

for (const type of TYPES) {
  test.serial(`${type.name}, the card pulled out during its read (at its first command): CARD_REMOVED, nothing sent to the emulator, its ledger and the journal empty, idle again`, async (t) => {
    const d = await device();
    try {
      await startOperation(d, type);
      const from = d.shown.length;
      await d.insert("signature", { fault: "pull" });
      await idleWithNothingSent(t, d);
      t.true(shownSince(d, from).includes("CARD_REMOVED"), shownSince(d, from).join(" "));
    } finally {
      await d.close();
    }
  });
}

/**
 * Pulled while the emulator holds its answer back: the card gave its
 * cryptogram already. A sale's, a pre-authorization's and a balance
 * inquiry's ARQC needs the card's second GENERATE AC, which finds it
 * gone: the sale's and the pre-authorization's approval is reversed, and
 * the balance inquiry (no money moved) ends with the card's removal, not
 * the balance. A refund's AAC ends with the host's answer (no second
 * GENERATE AC): the host's approval stands.
 */
const ONLINE: Record<ChipType["kind"], { shows: Message["id"]; booked: string[]; journal: string[]; reversals: number }> = {
  sale: { shows: "CARD_REMOVED", booked: ["sale 15000 00 reversed"], journal: ["sale 15000 reversed"], reversals: 1 },
  preauth: { shows: "CARD_REMOVED", booked: ["preauth 15000 00 reversed"], journal: ["preauth 15000 reversed"], reversals: 1 },
  refund: { shows: "APPROVED", booked: ["refund 500 00"], journal: ["refund 500 completed"], reversals: 0 },
  balance: { shows: "CARD_REMOVED", booked: [], journal: ["balance 0 completed"], reversals: 0 },
};

for (const type of TYPES) {
  const want = ONLINE[type.kind];
  test.serial(`${type.name}, the card pulled out while the host decides: ${want.shows}; the emulator's ledger ${JSON.stringify(want.booked)}, ${want.reversals} reversal sent, the journal ${JSON.stringify(want.journal)} at rest`, async (t) => {
    const d = await device({ responseTimeoutMs: 600_000 });
    try {
      d.acquirer.inject({ on: type.mti, kind: "delay", delayMs: LATE_MS / 2 });
      await startOperation(d, type);
      const from = d.shown.length;
      const card = await d.insert("signature");
      await d.until("online");
      t.is(d.terminal.state, "online");
      card.pull();
      await waitReal(d, () => d.terminal.state !== "online" && d.terminal.state !== "completion");
      await d.until("idle");
      t.is(d.terminal.state, "idle");
      t.true(shownSince(d, from).includes(want.shows), shownSince(d, from).join(" "));
      t.deepEqual(booked(d), want.booked);
      t.is(reversalsSent(d), want.reversals);
      t.deepEqual(journalOf(d), want.journal);
      t.deepEqual(journalAtRest(d), []);
      t.is(d.acquirer.ledger.held(CHIP), 0);
    } finally {
      await d.close();
    }
  });
}

/** The dda card asks for its PIN online (test/emv/cards/dda.json); the card pulled out while the PIN is keyed. */
for (const type of TYPES.filter((x) => x.kind === "sale" || x.kind === "preauth")) {
  test.serial(`${type.name} on a card asking for the PIN online, the card pulled out at PIN entry: the PIN session ends, CARD_REMOVED, nothing sent, the journal empty, idle again`, async (t) => {
    const d = await device();
    try {
      await startOperation(d, type);
      const from = d.shown.length;
      const card = await d.insert("dda");
      await d.until("pin");
      await d.type("24");
      card.pull();
      await d.until("idle");
      t.true(shownSince(d, from).includes("CARD_REMOVED"), shownSince(d, from).join(" "));
      t.deepEqual(financial(d), []);
      t.deepEqual(booked(d), []);
      t.deepEqual(journalOf(d), []);
      t.is(d.acquirer.ledger.net(CHIP_PIN), 0);
    } finally {
      await d.close();
    }
  });
}
