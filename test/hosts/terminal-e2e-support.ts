/**
 * What the end-to-end matrices of the terminal (terminal-e2e-*.test.ts,
 * terminal-chip-advice.test.ts) share: the messages the terminal sent,
 * the emulator's ledger in short, the journal at rest, the operations as
 * typed on the key matrix, and the pace of real and virtual time while
 * the emulator holds an answer back.
 */
import type { ExecutionContext } from "ava";
import type { Message } from "../../modules/display/message.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { TerminalTimeouts } from "../../modules/terminal/ports.ts";
import { VISA_SWIPE, menu, type Device } from "./terminal-device.ts";

/** The MTIs the terminal sent, in order. */
export const sent = (d: Device): string[] => d.uplink.map((f) => unpack(ISO87A, f.subarray(2)).mti);

/** The authorization and financial requests the terminal sent (no sign-on, reversal or advice). */
export const financial = (d: Device): string[] => sent(d).filter((m) => m === "0100" || m === "0200");

/** How many reversals the terminal sent. */
export const reversalsSent = (d: Device): number => sent(d).filter((m) => m === "0400").length;

/** What the emulator's ledger says moved: per entry, its kind, amount, response code, and whether it was reversed or voided. */
export const booked = (d: Device): string[] =>
  [...d.acquirer.ledger.entries.values()].map((e) => `${e.kind} ${e.amountMinor} ${e.responseCode}${e.reversed ? " reversed" : ""}${e.voided ? " voided" : ""}`);

/** The journal at rest: nothing half-done (no intent, request or approval without its end), nothing left to send. */
export function journalAtRest(d: Device): string[] {
  const open = d.terminal.journal.transactions().filter((x) => x.state === "intended" || x.state === "sent" || x.state === "approved" || x.state === "reversing");
  return [...open.map((x) => `trace ${x.stan} ${x.state}`), ...(d.terminal.journal.pending().length ? ["a reversal or advice pending"] : [])];
}

/** The journal's transactions in short: kind, amount and state, in order. */
export const journalOf = (d: Device): string[] => d.terminal.journal.transactions().map((x) => `${x.kind} ${x.amountMinor} ${x.state}`);

/** The ids of the messages shown since `from`. */
export const shownSince = (d: Device, from: number): string[] => d.shown.slice(from).map((m) => m.id);

/**
 * Lets real time pass (the emulator's delayed answers are on Node's
 * timers) while the virtual clock moves slowly, until `done` or 10 s.
 */
export async function waitReal(d: Device, done: () => boolean): Promise<void> {
  const end = Date.now() + 10_000;
  while (!done() && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 10));
    d.clock.advance(5);
  }
}

/** How late the emulator answers when a test cancels or times out while online: real ms, far more than the 2 virtual s of `busy` take. */
export const LATE_MS = 1500;

/** Short time-outs, so that each waiting state times out within a few virtual seconds. */
export const SHORT: Partial<TerminalTimeouts> = { entry: 2000, card: 2000, application: 2000, result: 1000, removeCard: 2000, printer: 2000, busy: 2000, idleRefresh: 60_000 };

/** The Visa test card's track 2 without PIN, and the debit card's with PIN required (service code 120; PIN 1234 at the emulator). */
export { VISA_SWIPE } from "./terminal-device.ts";
export const DEBIT_SWIPE = "4000056655665556=31061201234567890";

/** A transaction type that reads a card, as the merchant starts it on the keypad. */
export interface CardOperation {
  name: "refund" | "balance inquiry" | "pre-authorization";
  /** the menu item */
  item: "REFUND" | "BALANCE" | "PREAUTH";
  /** the amount typed (minor units), none for a balance inquiry */
  amount?: number;
  /** the MTI of its request */
  mti: "0100" | "0200";
  /** the ledger entry kind the emulator books for it */
  kind: "refund" | "preauth" | undefined;
}

export const CARD_OPERATIONS: CardOperation[] = [
  { name: "refund", item: "REFUND", amount: 500, mti: "0200", kind: "refund" },
  { name: "balance inquiry", item: "BALANCE", mti: "0200", kind: undefined },
  { name: "pre-authorization", item: "PREAUTH", amount: 6000, mti: "0100", kind: "preauth" },
];

/** From idle to the card's prompt of `op`: the menu item, if any, then its amount and ENTER, if any. */
export async function startOperation(d: Device, op: { item?: string; amount?: number }): Promise<void> {
  if (op.item !== undefined) await d.press("MENU", menu(op.item));
  if (op.amount !== undefined) {
    await d.type(String(op.amount));
    await d.press("ENTER");
  }
}

/** A chip sale of `amount` to its end on the test card `card` (test/emv/cards/<card>.json), which asks for no PIN: the card in, its result, the card out, idle. */
export async function chipSale(d: Device, amount: string, card = "signature"): Promise<void> {
  await d.type(amount);
  await d.press("ENTER");
  const inserted = await d.insert(card);
  await d.until("remove-card", "idle");
  inserted.pull();
  await d.until("idle");
}

/** A chip sale of 50.00 on the dda card with its online PIN (2468), to its end; against a scripting acquirer its issuer sends a script, so the TC upload and the script results are queued. */
export async function scriptedSale(d: Device): Promise<void> {
  await d.type("5000");
  await d.press("ENTER");
  const card = await d.insert("dda");
  await d.until("pin");
  await d.type("2468");
  await d.press("ENTER");
  await d.until("remove-card", "idle");
  card.pull();
  await d.until("idle");
}

/** A balance inquiry by the stripe to its end. */
export async function swipedBalance(d: Device, track = VISA_SWIPE): Promise<void> {
  await d.press("MENU", menu("BALANCE"));
  await d.swipe(track);
  await d.until("idle");
}

/** From idle to the confirmation's ENTER of a void of the last sale or completion, which sends the void. */
export async function keyVoid(d: Device): Promise<void> {
  await d.press("MENU", menu("VOID"));
  await d.press("ENTER", "ENTER");
}

/** From idle to the confirmation's ENTER of the last hold's completion for `amount`, which sends the completion. */
export async function keyCompletion(d: Device, amount = "4500"): Promise<void> {
  await d.press("MENU", menu("PREAUTH_COMPLETION"));
  await d.press("ENTER");
  await d.type(amount);
  await d.press("ENTER", "ENTER");
}

/** From idle to the confirmation's ENTER of the last hold's cancellation, which sends the cancellation. */
export async function keyHoldCancel(d: Device): Promise<void> {
  await d.press("MENU", menu("PREAUTH_CANCEL"));
  await d.press("ENTER", "ENTER");
}

/** `act`, then until the terminal is idle again. */
export const thenIdle = (act: (d: Device) => Promise<void>) => async (d: Device): Promise<void> => {
  await act(d);
  await d.until("idle");
};

/**
 * Runs `act` once, the first time a message is shown while `when` holds
 * (it sees the messages being shown): the moment the terminal enters a
 * state, whose work may run within a single turn of the clock.
 */
export function onceShown(d: Device, when: (list: Message[]) => boolean, act: () => void): void {
  let done = false;
  const push = d.shown.push.bind(d.shown);
  d.shown.push = (...list) => {
    const n = push(...list);
    if (!done && when(list)) {
      done = true;
      act();
    }
    return n;
  };
}

/** Presses CANCEL (straight from the keypad's driver) as soon as the terminal shows its first screen online; returns whether it has. */
export function cancelOnceOnline(d: Device): () => boolean {
  let cancelled = false;
  onceShown(d, () => d.terminal.state === "online", () => {
    cancelled = true;
    queueMicrotask(() => keyNow(d, "CANCEL"));
  });
  return () => cancelled;
}

/** What the terminal logs when CANCEL comes once the request has left. */
export const CANCEL_ONLINE_LOG = "terminal: cancel asked at online; the transaction ends when the card or the host answers";

/**
 * CANCEL once the request has left: the state waits for the host's answer
 * with PROCESSING shown (and the log saying so, where `logged`), then
 * CANCELLED once the late answer came; until idle.
 */
export async function cancelWhileOnline(t: ExecutionContext, d: Device, logged = true): Promise<void> {
  await d.press("CANCEL");
  t.is(d.terminal.state, "online", "the request has left: the state waits for the answer");
  t.like(d.shown.at(-1), { id: "PROCESSING" });
  if (logged) t.true(d.log.lines.includes(CANCEL_ONLINE_LOG));
  await waitReal(d, () => d.terminal.state !== "online");
  t.like(d.shown.at(-1), { id: "CANCELLED" });
  await d.until("idle");
}

/** The card, if any, pulled out: idle again, no request sent to the emulator, its ledger empty, the journal without a transaction. */
export async function idleWithNothingSent(t: ExecutionContext, d: Device, card?: { pull(): void }): Promise<void> {
  card?.pull();
  await d.until("idle");
  t.is(d.terminal.state, "idle");
  t.deepEqual(financial(d), [], "no request sent");
  t.deepEqual(booked(d), []);
  t.deepEqual(journalOf(d), []);
}

/** A key straight from the keypad's driver event, for the states whose work runs on the same virtual clock as the keypad's scan. */
export function keyNow(d: Device, key: "CANCEL" | "ENTER"): void {
  d.terminal.onKey({ key, repeat: false, at: d.clock.now() });
}
