/**
 * Every message of the catalogue with representative arguments and the
 * worst cases for width: the largest amount in currencies of exponent 0,
 * 2 and 3 (ISO 4217: JPY 0, CNY and USD 2, KWD 3), the longest labels
 * (EMV tags 50 and 9F12 hold 16 characters), 12 PIN digits (ISO 9564-1),
 * the widest counts and codes the arguments allow.
 */
import { MAX_MINOR, OPERATIONS, REASON_CODES, type Message, type MessageId, type Money } from "../../../modules/display/index.ts";

export const CNY = { code: "CNY", exponent: 2 };
const USD = { code: "USD", exponent: 2 };
const JPY = { code: "JPY", exponent: 0 };
const KWD = { code: "KWD", exponent: 3 };

export const yuan = (minor: number): Money => ({ minor, currency: CNY });
export const TYPICAL = yuan(1250);
/** the widest amounts: 12 digits of minor units (ISO 8583 DE4) in each exponent, in and out of yuan */
export const WIDEST: readonly Money[] = [CNY, USD, JPY, KWD].map((currency) => ({ minor: MAX_MINOR, currency }));

const AT = { year: 2024, month: 5, day: 1, hour: 14, minute: 30 };
const LAST_AT = { year: 9999, month: 12, day: 31, hour: 23, minute: 59 };
const LONG_LABELS = ["MASTERCARD DEBIT", "ABCDEFGHIJKLMNOP", "中国银联借记卡中国银联借记卡中国", "VISA", "银联信用卡", "X", "APPLICATION SEVN", "8", "NINE NINE NINE N"];
const tally = (count: number, amount: Money) => ({ count, amount });

export interface Samples {
  typical: Message[];
  worst: Message[];
}

/** Per message identifier; the record type makes the compiler refuse a missing one. */
export const SAMPLES: Record<MessageId, Samples> = {
  IDLE: { typical: [{ id: "IDLE", at: AT }, { id: "IDLE" }], worst: [{ id: "IDLE", at: LAST_AT }] },
  MENU: {
    typical: [{ id: "MENU", items: ["SALE", "BALANCE", "VOID", "REFUND"] }],
    worst: [{ id: "MENU", items: OPERATIONS.slice(0, 10) }, { id: "MENU", items: OPERATIONS.slice(10) }, { id: "MENU", items: ["PREAUTH_COMPLETION"] }],
  },
  MANAGER_PIN: { typical: [{ id: "MANAGER_PIN", digits: 3 }], worst: [{ id: "MANAGER_PIN", digits: 12 }] },
  MANAGER_LOCKED: { typical: [{ id: "MANAGER_LOCKED", minutes: 15 }, { id: "MANAGER_LOCKED", minutes: 1 }], worst: [{ id: "MANAGER_LOCKED", minutes: 60 }] },
  AMOUNT_ENTRY: {
    typical: [{ id: "AMOUNT_ENTRY", amount: yuan(0) }, { id: "AMOUNT_ENTRY", amount: TYPICAL, operation: "SALE" }],
    worst: OPERATIONS.flatMap((operation) => WIDEST.map((amount): Message => ({ id: "AMOUNT_ENTRY", amount, operation }))),
  },
  ORIGINAL_ENTRY: {
    typical: [{ id: "ORIGINAL_ENTRY", field: "TRACE", value: "000123" }],
    worst: [
      { id: "ORIGINAL_ENTRY", field: "REFERENCE", value: "123456789012" },
      { id: "ORIGINAL_ENTRY", field: "AUTH_CODE", value: "ABC123" },
      { id: "ORIGINAL_ENTRY", field: "DATE", value: "1231" },
      { id: "ORIGINAL_ENTRY", field: "TRACE", value: "" },
    ],
  },
  CONFIRM_TRANSACTION: {
    typical: [{ id: "CONFIRM_TRANSACTION", operation: "VOID", amount: TYPICAL, cardLast4: "1234" }],
    worst: OPERATIONS.flatMap((operation) => WIDEST.map((amount): Message => ({ id: "CONFIRM_TRANSACTION", operation, amount, cardLast4: "9999" }))),
  },
  BASKET_ITEM: { typical: [{ id: "BASKET_ITEM", line: 1, code: "6901234567892" }], worst: [{ id: "BASKET_ITEM", line: 999, code: "ABCDEFGHIJKLMNOP" }] },
  BASKET_QUANTITY: { typical: [{ id: "BASKET_QUANTITY", line: 2, quantity: 3 }], worst: [{ id: "BASKET_QUANTITY", line: 999, quantity: 99_999 }] },
  BASKET_PRICE: {
    typical: [{ id: "BASKET_PRICE", line: 2, price: yuan(399) }],
    worst: WIDEST.map((price): Message => ({ id: "BASKET_PRICE", line: 999, price })),
  },
  BASKET_TOTAL: {
    typical: [{ id: "BASKET_TOTAL", items: 1, total: yuan(399) }, { id: "BASKET_TOTAL", items: 3, total: yuan(1197) }],
    worst: WIDEST.map((total): Message => ({ id: "BASKET_TOTAL", items: 999, total })),
  },
  CASH_TENDERED: {
    typical: [{ id: "CASH_TENDERED", due: TYPICAL, tendered: yuan(2000) }],
    worst: WIDEST.map((due): Message => ({ id: "CASH_TENDERED", due, tendered: due })),
  },
  CHANGE_DUE: { typical: [{ id: "CHANGE_DUE", change: yuan(750) }], worst: WIDEST.map((change): Message => ({ id: "CHANGE_DUE", change })) },
  PRESENT_CARD: {
    typical: [{ id: "PRESENT_CARD", amount: TYPICAL }, { id: "PRESENT_CARD", operation: "BALANCE" }],
    worst: OPERATIONS.flatMap((operation) => WIDEST.map((amount): Message => ({ id: "PRESENT_CARD", amount, operation }))),
  },
  USE_CHIP: { typical: [{ id: "USE_CHIP" }], worst: [] },
  FALLBACK_SWIPE: { typical: [{ id: "FALLBACK_SWIPE" }], worst: [] },
  SELECT_APPLICATION: {
    typical: [{ id: "SELECT_APPLICATION", labels: ["VISA CREDIT", "银联借记卡"] }],
    worst: [{ id: "SELECT_APPLICATION", labels: LONG_LABELS }],
  },
  CONFIRM_APPLICATION: {
    typical: [{ id: "CONFIRM_APPLICATION", label: "UNIONPAY DEBIT" }],
    worst: LONG_LABELS.slice(0, 3).map((label): Message => ({ id: "CONFIRM_APPLICATION", label })),
  },
  ENTER_PIN: {
    typical: [{ id: "ENTER_PIN", amount: TYPICAL, digits: 0 }, { id: "ENTER_PIN", amount: TYPICAL, digits: 4, tries: "last" }],
    worst: WIDEST.flatMap((amount) => [
      { id: "ENTER_PIN", amount, digits: 12 } as Message,
      { id: "ENTER_PIN", amount, digits: 12, tries: "last" } as Message,
    ]),
  },
  PIN_OK: { typical: [{ id: "PIN_OK" }], worst: [] },
  WRONG_PIN: { typical: [{ id: "WRONG_PIN" }, { id: "WRONG_PIN", triesLeft: 1 }, { id: "WRONG_PIN", triesLeft: 2 }], worst: [{ id: "WRONG_PIN", triesLeft: 99 }] },
  PIN_BLOCKED: { typical: [{ id: "PIN_BLOCKED" }], worst: [] },
  SIGNATURE_REQUIRED: { typical: [{ id: "SIGNATURE_REQUIRED" }], worst: [] },
  PROCESSING: { typical: [{ id: "PROCESSING" }], worst: [] },
  CONNECTING: { typical: [{ id: "CONNECTING" }], worst: [] },
  SENDING: { typical: [{ id: "SENDING" }], worst: [] },
  RECEIVING: { typical: [{ id: "RECEIVING" }], worst: [] },
  PLEASE_WAIT: { typical: [{ id: "PLEASE_WAIT" }], worst: [] },
  APPROVED: {
    typical: [{ id: "APPROVED", amount: TYPICAL, authCode: "123456" }, { id: "APPROVED", amount: TYPICAL }],
    worst: WIDEST.map((amount): Message => ({ id: "APPROVED", amount, authCode: "ABC123" })),
  },
  DECLINED: {
    typical: [{ id: "DECLINED", responseCode: "51" }],
    worst: [...REASON_CODES, "Q9"].map((responseCode): Message => ({ id: "DECLINED", responseCode })),
  },
  BALANCE: {
    typical: [{ id: "BALANCE", balance: yuan(123456) }],
    worst: WIDEST.flatMap((balance) => [{ id: "BALANCE", balance } as Message, { id: "BALANCE", balance, overdrawn: true } as Message]),
  },
  NO_RESPONSE: { typical: [{ id: "NO_RESPONSE", reversalQueued: true }, { id: "NO_RESPONSE", reversalQueued: false }], worst: [] },
  HOST_ERROR: { typical: [{ id: "HOST_ERROR", reversalQueued: true }, { id: "HOST_ERROR", reversalQueued: false }], worst: [] },
  CARD_REMOVED: { typical: [{ id: "CARD_REMOVED" }], worst: [] },
  REMOVE_CARD: { typical: [{ id: "REMOVE_CARD" }], worst: [] },
  CANCELLED: { typical: [{ id: "CANCELLED" }], worst: [] },
  TIMEOUT: { typical: [{ id: "TIMEOUT" }], worst: [] },
  PRINTING: { typical: [{ id: "PRINTING" }, { id: "PRINTING", copy: "MERCHANT" }], worst: [{ id: "PRINTING", copy: "CARDHOLDER" }, { id: "PRINTING", copy: "BANK" }] },
  PRINTER_PROBLEM: {
    typical: [{ id: "PRINTER_PROBLEM", problem: "PAPER_END" }],
    worst: (["PAPER_NEAR_END", "COVER_OPEN", "OFFLINE", "ERROR"] as const).map((problem): Message => ({ id: "PRINTER_PROBLEM", problem })),
  },
  SETTLEMENT_TOTALS: {
    typical: [{ id: "SETTLEMENT_TOTALS", sales: tally(12, yuan(123456)), refunds: tally(1, yuan(2000)), balanced: true }],
    worst: WIDEST.map((amount): Message => ({ id: "SETTLEMENT_TOTALS", sales: tally(999_999, amount), refunds: tally(999_999, amount), balanced: false })),
  },
  JOURNAL_FULL: { typical: [{ id: "JOURNAL_FULL" }], worst: [] },
  LIMIT_EXCEEDED: {
    typical: [{ id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit: yuan(500000) }],
    worst: WIDEST.flatMap((limit) => [{ id: "LIMIT_EXCEEDED", scope: "TRANSACTION", limit } as Message, { id: "LIMIT_EXCEEDED", scope: "DAY", limit } as Message]),
  },
  NOT_SIGNED_ON: { typical: [{ id: "NOT_SIGNED_ON" }], worst: [] },
  CLOCK_NOT_SET: { typical: [{ id: "CLOCK_NOT_SET" }], worst: [] },
  SIGNED_ON: { typical: [{ id: "SIGNED_ON" }], worst: [] },
  CARD_NOT_SUPPORTED: { typical: [{ id: "CARD_NOT_SUPPORTED" }], worst: [] },
  CARD_EXPIRED: { typical: [{ id: "CARD_EXPIRED" }], worst: [] },
  CARD_INVALID: { typical: [{ id: "CARD_INVALID" }], worst: [] },
  READ_ERROR: { typical: [{ id: "READ_ERROR" }], worst: [] },
  CARD_BLOCKED: { typical: [{ id: "CARD_BLOCKED" }], worst: [] },
};

/** Every sample, typical then worst. */
export const ALL_SAMPLES: readonly Message[] = Object.values(SAMPLES).flatMap((s) => [...s.typical, ...s.worst]);

/** The amounts a message carries, each of which a screen must show whole. */
export function amountsOf(m: Message): Money[] {
  switch (m.id) {
    case "AMOUNT_ENTRY":
    case "CONFIRM_TRANSACTION":
    case "ENTER_PIN":
    case "APPROVED":
      return [m.amount];
    case "PRESENT_CARD":
      return m.amount ? [m.amount] : [];
    case "BASKET_PRICE":
      return [m.price];
    case "BASKET_TOTAL":
      return [m.total];
    case "CASH_TENDERED":
      return [m.due, m.tendered];
    case "CHANGE_DUE":
      return [m.change];
    case "BALANCE":
      return [m.balance];
    case "LIMIT_EXCEEDED":
      return [m.limit];
    case "SETTLEMENT_TOTALS":
      return [m.sales.amount, m.refunds.amount];
    default:
      return [];
  }
}
