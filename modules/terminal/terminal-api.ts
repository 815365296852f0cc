/*
 * The terminal application's public shape: its states, what the menu
 * offers, the default time-outs, and what createTerminal returns.
 */
import type { KeyEvent } from "../core/keys.ts";
import type { Operation } from "../display/message.ts";
import type { ApduTransport } from "../iso7816/transport.ts";
import type { TransactionJournal } from "../journal/transaction-journal.ts";
import type { AcquirerClient } from "../uplink/acquirer-client.ts";
import type { TerminalEvent, TerminalTimeouts } from "./ports.ts";
import type { SwipedTrack } from "./swipe-outcome.ts";

/** The states of the terminal, each with its time-out and its way out on CANCEL. */
export type TerminalState =
  | "starting"
  | "idle"
  | "menu"
  | "manager-pin"
  | "amount"
  | "basket"
  | "cash"
  | "original"
  | "confirm"
  | "present-card"
  | "processing"
  | "application"
  | "pin"
  | "online"
  | "completion"
  | "receipt"
  | "result"
  | "remove-card"
  | "settlement"
  | "sign-on"
  | "halted"
  | "closed";

/** The transaction types the terminal runs. */
export type TransactionType = "sale" | "balance" | "void" | "refund" | "preauth" | "preauthCompletion" | "preauthCancel";

/**
 * What the menu offers, in pages of {@link MENU_PAGE} entries: keys 1-9
 * then 0 for the tenth (the display numbers them so), MENU for the next
 * page. The pre-authorization entries come after the older ones, and the
 * totals report on the second page, so the older entries keep their keys.
 */
export const MENU_ITEMS: readonly Operation[] = ["SALE", "BALANCE", "VOID", "REFUND", "SETTLEMENT", "REPRINT", "SIGN_ON", "PREAUTH", "PREAUTH_COMPLETION", "PREAUTH_CANCEL", "TOTALS"];
/** Entries on one page of the menu: the keys 1-9 and 0. */
export const MENU_PAGE = 10;
/** The operations behind the manager PIN (when the configuration asks for one). */
export const PROTECTED: readonly Operation[] = ["VOID", "REFUND", "SETTLEMENT", "PREAUTH_COMPLETION", "PREAUTH_CANCEL"];

/** The time-outs a host does not set (README.md lists them by state). */
export const DEFAULT_TIMEOUTS: TerminalTimeouts = {
  entry: 60_000,
  card: 60_000,
  application: 30_000,
  result: 3_000,
  removeCard: 30_000,
  printer: 60_000,
  // a raster-heavy copy (Chinese glyphs as images) at 9600 baud takes about a minute; the driver reports a stalled printer long before
  copy: 180_000,
  idleRefresh: 60_000,
  busy: 120_000,
};

/** What `createTerminal` returns. */
export interface Terminal {
  /** Opens the journal's recovery, sends what a power cut left, signs on, and shows the idle screen. */
  start(): Promise<void>;
  /** One event from a driver or the host. */
  handle(event: TerminalEvent): void;
  /** Driver callbacks, for wiring: the keypad's `onKey`, the reader's `onSwipe`, the slot's presence, the printer's `onStatus`. */
  onKey(event: KeyEvent): void;
  onSwipe(swipe: { tracks: SwipedTrack[] }): void;
  onInserted(transport: ApduTransport): void;
  onRemoved(): void;
  readonly state: TerminalState;
  /** the journal (views: totals, transactions, find) */
  readonly journal: TransactionJournal;
  readonly acquirer: AcquirerClient;
  /** Resolves the next time the terminal is idle (or halted, or closed). */
  whenIdle(): Promise<TerminalState>;
  /** Stops the timers; later events are ignored. */
  close(): void;
}

