/**
 * The catalogue of what a payment terminal tells its user, as identifiers
 * with typed arguments. The terminal says which message; the renderers
 * (one per language) say how it reads, and the layout how it fits the
 * screen. No argument can carry a PIN: PIN screens take the number of
 * digits typed, never the digits.
 */
import type { LocalDateTime } from "./local-time.ts";
import type { Money } from "./money.ts";

/** What the menu offers, and what an amount or card prompt is for. */
export type Operation =
  | "SALE"
  | "BALANCE"
  | "VOID"
  | "REFUND"
  | "PREAUTH"
  | "PREAUTH_COMPLETION"
  | "PREAUTH_CANCEL"
  | "SETTLEMENT"
  | "REPRINT"
  | "SIGN_ON"
  /** print the open batch's totals without settling */
  | "TOTALS";

/** Every {@link Operation}, in the order of a terminal's main menu. */
export const OPERATIONS: readonly Operation[] = [
  "SALE", "BALANCE", "VOID", "REFUND", "PREAUTH", "PREAUTH_COMPLETION", "PREAUTH_CANCEL", "SETTLEMENT", "REPRINT", "SIGN_ON", "TOTALS",
];

/** What a void, refund or completion asks of the original transaction. */
export type OriginalField =
  /** the original trace (voucher) number, ISO 8583 DE11 */
  | "TRACE"
  /** the original authorization code, DE38 */
  | "AUTH_CODE"
  /** the original retrieval reference number, DE37 */
  | "REFERENCE"
  /** the original date, MMDD */
  | "DATE";

/** Which copy of the receipt is printing. */
export type ReceiptCopy = "MERCHANT" | "CARDHOLDER" | "BANK";

/** A printer status that stops printing or warns (the printer driver's reasons). */
export type PrinterProblem = "PAPER_END" | "PAPER_NEAR_END" | "COVER_OPEN" | "OFFLINE" | "ERROR";

/** Which limit an amount passed. */
export type LimitScope = "TRANSACTION" | "DAY";

/** A count of transactions and their total, for settlement. */
export interface Tally {
  count: number;
  amount: Money;
}

/** A prompt or notice for the terminal's display. */
export type Message =
  /** idle screen: welcome and the local date and time; without `at` (a wall clock not yet set) dashes stand for them */
  | { id: "IDLE"; at?: LocalDateTime }
  /** the operations to choose from, numbered 1-9 then 0 */
  | { id: "MENU"; items: readonly Operation[] }
  /** the manager's password, shown as one `*` per digit typed */
  | { id: "MANAGER_PIN"; digits: number }
  /** too many wrong manager PINs in a row: the merchant menu's protected functions wait `minutes` (1-60, rounded up) */
  | { id: "MANAGER_LOCKED"; minutes: number }
  /** the amount being keyed */
  | { id: "AMOUNT_ENTRY"; amount: Money; operation?: Operation }
  /** a reference of the original transaction being keyed (void, refund, completion) */
  | { id: "ORIGINAL_ENTRY"; field: OriginalField; value: string }
  /** the merchant confirms a void, refund or completion; `cardLast4` are the card's last four digits */
  | { id: "CONFIRM_TRANSACTION"; operation: Operation; amount: Money; cardLast4?: string }
  /** basket entry: the code of item `line` being keyed */
  | { id: "BASKET_ITEM"; line: number; code: string }
  /** basket entry: the quantity of item `line` */
  | { id: "BASKET_QUANTITY"; line: number; quantity: number }
  /** basket entry: the unit price of item `line` */
  | { id: "BASKET_PRICE"; line: number; price: Money }
  /** basket entry: the total of `items` items */
  | { id: "BASKET_TOTAL"; items: number; total: Money }
  /** cash part: the amount due and the cash tendered being keyed */
  | { id: "CASH_TENDERED"; due: Money; tendered: Money }
  /** cash part: the change to hand back */
  | { id: "CHANGE_DUE"; change: Money }
  /** insert or swipe the card */
  | { id: "PRESENT_CARD"; amount?: Money; operation?: Operation }
  /** a chip card was swiped: use the chip reader */
  | { id: "USE_CHIP" }
  /** the chip failed: swipe the card (fallback) */
  | { id: "FALLBACK_SWIPE" }
  /** the card holds several applications: choose one by number (1-9) */
  | { id: "SELECT_APPLICATION"; labels: readonly string[] }
  /** the cardholder confirms the one application the card offers */
  | { id: "CONFIRM_APPLICATION"; label: string }
  /** the cardholder's PIN: `digits` is how many are typed so far; `tries: "last"` warns of the last try */
  | { id: "ENTER_PIN"; amount: Money; digits: number; tries?: "last" }
  /** the card accepted the offline PIN */
  | { id: "PIN_OK" }
  /** incorrect PIN; try again */
  | { id: "WRONG_PIN"; triesLeft?: number }
  /** no PIN tries left */
  | { id: "PIN_BLOCKED" }
  /** the cardholder signs the receipt */
  | { id: "SIGNATURE_REQUIRED" }
  | { id: "PROCESSING" }
  | { id: "CONNECTING" }
  | { id: "SENDING" }
  | { id: "RECEIVING" }
  | { id: "PLEASE_WAIT" }
  /** approved, with the authorization code (ISO 8583 DE38) when there is one */
  | { id: "APPROVED"; amount: Money; authCode?: string }
  /** declined, with the host's response code (DE39) or the card's (Z1, Z3) */
  | { id: "DECLINED"; responseCode: string }
  /** the result of a balance inquiry */
  | { id: "BALANCE"; balance: Money; overdrawn?: boolean }
  /** the host did not answer; whether a reversal is queued */
  | { id: "NO_RESPONSE"; reversalQueued: boolean }
  /** the host answered, but the terminal refused the answer (its MAC does not verify, or it is not a valid answer); whether a reversal is queued */
  | { id: "HOST_ERROR"; reversalQueued: boolean }
  /** the card left the reader before the end */
  | { id: "CARD_REMOVED" }
  | { id: "REMOVE_CARD" }
  | { id: "CANCELLED" }
  | { id: "TIMEOUT" }
  | { id: "PRINTING"; copy?: ReceiptCopy }
  | { id: "PRINTER_PROBLEM"; problem: PrinterProblem }
  /** the batch totals after settlement, and whether the host agreed with them */
  | { id: "SETTLEMENT_TOTALS"; sales: Tally; refunds: Tally; balanced: boolean }
  /** the journal has no room: settle before the next sale */
  | { id: "JOURNAL_FULL" }
  /** the amount passes a limit of the terminal's parameters */
  | { id: "LIMIT_EXCEEDED"; scope: LimitScope; limit: Money }
  | { id: "NOT_SIGNED_ON" }
  /** the terminal's clock is not set (no SNTP, no modem time yet): no financial transaction until a sign-on sets it */
  | { id: "CLOCK_NOT_SET" }
  | { id: "SIGNED_ON" }
  | { id: "CARD_NOT_SUPPORTED" }
  | { id: "CARD_EXPIRED" }
  | { id: "CARD_INVALID" }
  /** the chip says the card is blocked (SELECT answered 6A81): no retry, no fallback */
  | { id: "CARD_BLOCKED" }
  /** the card could not be read; try again */
  | { id: "READ_ERROR" };

/** The identifier of a {@link Message}. */
export type MessageId = Message["id"];

/** The message with identifier `K`. */
export type MessageOf<K extends MessageId> = Extract<Message, { id: K }>;

// a record, not a list, so that the compiler refuses it when an identifier is missing
const IDS: Record<MessageId, true> = {
  IDLE: true, MENU: true, MANAGER_PIN: true, MANAGER_LOCKED: true, AMOUNT_ENTRY: true, ORIGINAL_ENTRY: true, CONFIRM_TRANSACTION: true,
  BASKET_ITEM: true, BASKET_QUANTITY: true, BASKET_PRICE: true, BASKET_TOTAL: true, CASH_TENDERED: true, CHANGE_DUE: true,
  PRESENT_CARD: true, USE_CHIP: true, FALLBACK_SWIPE: true, SELECT_APPLICATION: true, CONFIRM_APPLICATION: true,
  ENTER_PIN: true, PIN_OK: true, WRONG_PIN: true, PIN_BLOCKED: true, SIGNATURE_REQUIRED: true,
  PROCESSING: true, CONNECTING: true, SENDING: true, RECEIVING: true, PLEASE_WAIT: true,
  APPROVED: true, DECLINED: true, BALANCE: true, NO_RESPONSE: true, HOST_ERROR: true,
  CARD_REMOVED: true, REMOVE_CARD: true, CANCELLED: true, TIMEOUT: true, PRINTING: true, PRINTER_PROBLEM: true,
  SETTLEMENT_TOTALS: true, JOURNAL_FULL: true, LIMIT_EXCEEDED: true, NOT_SIGNED_ON: true, CLOCK_NOT_SET: true, SIGNED_ON: true,
  CARD_NOT_SUPPORTED: true, CARD_EXPIRED: true, CARD_INVALID: true, CARD_BLOCKED: true, READ_ERROR: true,
};

/** Every {@link MessageId}. */
export const MESSAGE_IDS: readonly MessageId[] = Object.keys(IDS) as MessageId[];

/** True when `id` names a message of the catalogue. */
export function isMessageId(id: unknown): id is MessageId {
  return typeof id === "string" && Object.hasOwn(IDS, id);
}
