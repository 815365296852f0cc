/**
 * The steps of the card-reading transaction types (refund, balance
 * inquiry, pre-authorization) and of the linked ones (void, a
 * pre-authorization's completion and cancellation) where the cancel and
 * time-out matrices (terminal-e2e-cancel-steps.test.ts,
 * terminal-e2e-timeout-steps.test.ts) stop them, and what the emulator's
 * ledger and the terminal's journal must hold afterwards.
 */
import type { ExecutionContext } from "ava";
import type { CardFault } from "../../hosts/desktop/virtual-card.ts";
import type { TerminalState } from "../../modules/terminal/terminal.ts";
import { VISA, swiped, type Device } from "./terminal-device.ts";
import { DEBIT_SWIPE, VISA_SWIPE, booked, journalAtRest, journalOf, keyCompletion, keyHoldCancel, keyVoid, reversalsSent, startOperation, type CardOperation } from "./terminal-e2e-support.ts";

/** A step of a card-reading operation; `to` goes there from idle and returns the inserted card, if any. */
export interface CardStep {
  step: "present card" | "the chip read" | "the application choice" | "PIN entry" | "online";
  state: TerminalState;
  /** `card`: how the chip read's card is inserted (a fault queued on it) */
  to(d: Device, op: CardOperation, card?: { fault?: CardFault }): Promise<{ pull(): void } | undefined>;
}

/** A step reached from the card's prompt of the operation by `then`. */
const cardStep = (step: CardStep["step"], state: TerminalState, then: (d: Device, card?: { fault?: CardFault }) => Promise<{ pull(): void } | undefined>): CardStep => ({
  step,
  state,
  to: async (d, op, card) => {
    await startOperation(d, op);
    return then(d, card);
  },
});

export const CARD_STEPS: CardStep[] = [
  cardStep("present card", "present-card", async () => undefined),
  // the signature card (test/emv/cards/signature.json): a refund's AAC, a balance inquiry's and a pre-authorization's ARQC
  cardStep("the chip read", "processing", (d, card) => d.insert("signature", card)),
  // both applications of the card ask for the cardholder's confirmation (test/emv/cards/two-applications.json)
  cardStep("the application choice", "application", async (d) => {
    const card = await d.insert("two-applications");
    await d.until("application");
    return card;
  }),
  // the debit card's service code 120 asks for the PIN; two digits keyed
  cardStep("PIN entry", "pin", async (d) => {
    await d.swipe(DEBIT_SWIPE);
    await d.type("12");
    return undefined;
  }),
  // the emulator holds its answer back (the caller injects the delay): the request has left
  cardStep("online", "online", async (d) => {
    await d.swipe(VISA_SWIPE);
    return undefined;
  }),
];

/** What an operation stopped once its request left leaves behind: its approval reversed once where it moved or held money. */
export function afterOnline(op: CardOperation): { booked: string[]; reversals: number; journal: string[] } {
  if (op.kind === undefined) return { booked: [], reversals: 0, journal: ["balance 0 completed"] };
  return { booked: [`${op.kind} ${op.amount} 00 reversed`], reversals: 1, journal: [`${op.kind} ${op.amount} reversed`] };
}

/** A void, completion or cancellation of an earlier transaction, stopped once its request left. */
export interface LinkedOperation {
  name: string;
  mti: "0100" | "0200";
  setup(d: Device): Promise<void>;
  /** from idle to the confirmation's ENTER, which sends the request */
  act(d: Device): Promise<void>;
  /** the emulator's ledger, the journal, the amount held and the money moved on the card once the approval is reversed */
  after: { booked: string[]; journal: string[]; held: number; net: number };
}

export const LINKED_OPERATIONS: LinkedOperation[] = [
  {
    name: "a void",
    mti: "0200",
    setup: (d) => swiped(d, "1200"),
    act: keyVoid,
    after: { booked: ["sale 1200 00", "void 1200 00 reversed"], journal: ["sale 1200 completed", "void 1200 reversed"], held: 0, net: 1200 },
  },
  {
    name: "a pre-authorization's completion",
    mti: "0200",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: (d) => keyCompletion(d),
    after: { booked: ["preauth 6000 00", "preauthCompletion 4500 00 reversed"], journal: ["preauth 6000 completed", "preauthCompletion 4500 reversed"], held: 6000, net: 0 },
  },
  {
    name: "a pre-authorization's cancellation",
    mti: "0100",
    setup: (d) => swiped(d, "6000", "PREAUTH"),
    act: keyHoldCancel,
    after: { booked: ["preauth 6000 00", "preauthCancel 6000 00 reversed"], journal: ["preauth 6000 completed", "preauthCancel 6000 reversed"], held: 6000, net: 0 },
  },
];

/** From idle (the menu item `item` first, if any) to the dda card's PIN prompt, two digits keyed. */
async function toChipPin(d: Device, item?: string): Promise<{ pull(): void }> {
  await startOperation(d, { item, amount: 5000 });
  const card = await d.insert("dda");
  await d.until("pin");
  await d.type("24");
  return card;
}

/** A chip operation on the dda card, which asks for its PIN online first (test/emv/cards/dda.json): from idle to the card's PIN prompt. */
export const CHIP_PIN_OPERATIONS: { name: string; to(d: Device): Promise<{ pull(): void }> }[] = [
  { name: "a chip sale", to: (d) => toChipPin(d) },
  { name: "a chip pre-authorization", to: (d) => toChipPin(d, "PREAUTH") },
];

/**
 * Once the state online ended: idle, the emulator's ledger and the
 * journal as `after` says, the journal at rest, nothing held or moved on
 * the Visa card and nothing in the journal's totals.
 */
export function reversedAfterOnline(t: ExecutionContext, d: Device, after: ReturnType<typeof afterOnline>): void {
  t.deepEqual(booked(d), after.booked);
  t.is(reversalsSent(d), after.reversals);
  t.deepEqual(journalOf(d), after.journal);
  t.deepEqual(journalAtRest(d), []);
  t.is(d.acquirer.ledger.net(VISA), 0);
  t.is(d.acquirer.ledger.held(VISA), 0);
  t.like(d.terminal.journal.totals(), { debits: 0, credits: 0 });
}

/** Once a linked operation's approval was reversed: one more reversal than `reversals` sent, the ledger, the journal, the amount held and the money moved as `op.after` says. */
export function linkedReversed(t: ExecutionContext, d: Device, op: LinkedOperation, reversals: number): void {
  t.deepEqual(booked(d), op.after.booked);
  t.is(reversalsSent(d) - reversals, 1, "one reversal sent");
  t.deepEqual(journalOf(d), op.after.journal);
  t.deepEqual(journalAtRest(d), []);
  t.is(d.acquirer.ledger.held(VISA), op.after.held);
  t.is(d.acquirer.ledger.net(VISA), op.after.net);
}
