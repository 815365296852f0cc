import { isCapitalsAndDigits, isDigits, isLettersAndDigits, isPrintableAscii } from "../core/chars.ts";
import { DisplayError } from "./error.ts";
import { checkLocalDateTime } from "./local-time.ts";
import { isMessageId, OPERATIONS, type Message, type Operation, type Tally } from "./message.ts";
import { checkMoney } from "./money.ts";
import { hasControl } from "./text-width.ts";
import { isIntegerIn } from "../core/integers.ts";

/** ISO 9564-1: a PIN has 4 to 12 digits, so no more than 12 are ever typed. */
export const MAX_PIN_DIGITS = 12;

function bad(name: string, what: string): never {
  throw new DisplayError("DISPLAY_ARGUMENT", `${name}: ${what}`);
}

function int(value: unknown, low: number, high: number, name: string): void {
  if (!isIntegerIn(value, low, high)) bad(name, `an integer from ${low} to ${high} is required`);
}

function oneOf(value: unknown, allowed: readonly string[], name: string): void {
  if (!allowed.includes(value as string)) bad(name, `one of ${allowed.join(", ")} is required`);
}

function bool(value: unknown, name: string): void {
  if (typeof value !== "boolean") bad(name, "true or false is required");
}

function ascii(value: unknown, min: number, max: number, name: string): void {
  if (!isPrintableAscii(value, min, max)) {
    bad(name, `${min} to ${max} printable ASCII characters are required`);
  }
}

function tally(value: Tally, name: string): void {
  if (typeof value !== "object" || value === null) bad(name, "{ count, amount } is required");
  int(value.count, 0, 999_999, `${name}.count`);
  checkMoney(value.amount, `${name}.amount`);
}

/** A label from the card: EMV tags 50 and 9F12 hold 1 to 16 characters. */
function label(value: unknown, name: string): void {
  if (typeof value !== "string" || hasControl(value)) bad(name, "a label without control characters is required");
  const length = Array.from(value).length;
  if (length < 1 || length > 16 || value.trim() === "") bad(name, "a label of 1 to 16 characters is required");
}

/**
 * Throws a `DisplayError` unless `message` is in the catalogue
 * (`DISPLAY_MESSAGE`) with every argument in range (`DISPLAY_ARGUMENT`,
 * naming the argument). The compiler already holds typed callers to the
 * shapes; this guards the ranges and untyped callers.
 */
export function checkMessage(message: Message): void {
  if (typeof message !== "object" || message === null || !isMessageId(message.id)) {
    throw new DisplayError("DISPLAY_MESSAGE", "not a message of the display catalogue");
  }
  const m = message;
  switch (m.id) {
    case "IDLE":
      if (m.at !== undefined) checkLocalDateTime(m.at, "at");
      return;
    case "MENU": {
      if (!Array.isArray(m.items) || m.items.length < 1 || m.items.length > 10) bad("items", "1 to 10 operations are required (keys 1-9 and 0)");
      m.items.forEach((item: Operation, i: number) => oneOf(item, OPERATIONS, `items[${i}]`));
      if (new Set(m.items).size !== m.items.length) bad("items", "each operation at most once");
      return;
    }
    case "MANAGER_PIN":
      return int(m.digits, 0, MAX_PIN_DIGITS, "digits");
    case "MANAGER_LOCKED":
      return int(m.minutes, 1, 60, "minutes");
    case "AMOUNT_ENTRY":
      checkMoney(m.amount, "amount");
      if (m.operation !== undefined) oneOf(m.operation, OPERATIONS, "operation");
      return;
    case "ORIGINAL_ENTRY":
      oneOf(m.field, ["TRACE", "AUTH_CODE", "REFERENCE", "DATE"], "field");
      // DE37, the longest of the four, is 12 characters
      return ascii(m.value, 0, 12, "value");
    case "CONFIRM_TRANSACTION":
      oneOf(m.operation, OPERATIONS, "operation");
      checkMoney(m.amount, "amount");
      if (m.cardLast4 !== undefined && !isDigits(m.cardLast4, 4, 4)) bad("cardLast4", "four digits are required");
      return;
    case "BASKET_ITEM":
      int(m.line, 1, 999, "line");
      return ascii(m.code, 0, 16, "code");
    case "BASKET_QUANTITY":
      int(m.line, 1, 999, "line");
      return int(m.quantity, 0, 99_999, "quantity");
    case "BASKET_PRICE":
      int(m.line, 1, 999, "line");
      return checkMoney(m.price, "price");
    case "BASKET_TOTAL":
      int(m.items, 0, 999, "items");
      return checkMoney(m.total, "total");
    case "CASH_TENDERED":
      checkMoney(m.due, "due");
      return checkMoney(m.tendered, "tendered");
    case "CHANGE_DUE":
      return checkMoney(m.change, "change");
    case "PRESENT_CARD":
      if (m.amount !== undefined) checkMoney(m.amount, "amount");
      if (m.operation !== undefined) oneOf(m.operation, OPERATIONS, "operation");
      return;
    case "SELECT_APPLICATION":
      if (!Array.isArray(m.labels) || m.labels.length < 1 || m.labels.length > 9) bad("labels", "1 to 9 applications are required (keys 1-9)");
      m.labels.forEach((l: string, i: number) => label(l, `labels[${i}]`));
      return;
    case "CONFIRM_APPLICATION":
      return label(m.label, "label");
    case "ENTER_PIN":
      checkMoney(m.amount, "amount");
      int(m.digits, 0, MAX_PIN_DIGITS, "digits");
      if (m.tries !== undefined && m.tries !== "last") bad("tries", `"last" or nothing is required`);
      return;
    case "WRONG_PIN":
      if (m.triesLeft !== undefined) int(m.triesLeft, 1, 99, "triesLeft");
      return;
    case "APPROVED":
      checkMoney(m.amount, "amount");
      if (m.authCode !== undefined && !isLettersAndDigits(m.authCode, 1, 6)) bad("authCode", "1 to 6 letters or digits are required (ISO 8583 DE38)");
      return;
    case "DECLINED":
      if (!isCapitalsAndDigits(m.responseCode, 2, 2)) bad("responseCode", "two digits or capital letters are required (ISO 8583 DE39)");
      return;
    case "BALANCE":
      checkMoney(m.balance, "balance");
      if (m.overdrawn !== undefined) bool(m.overdrawn, "overdrawn");
      return;
    case "NO_RESPONSE":
      return bool(m.reversalQueued, "reversalQueued");
    case "PRINTING":
      if (m.copy !== undefined) oneOf(m.copy, ["MERCHANT", "CARDHOLDER", "BANK"], "copy");
      return;
    case "PRINTER_PROBLEM":
      return oneOf(m.problem, ["PAPER_END", "PAPER_NEAR_END", "COVER_OPEN", "OFFLINE", "ERROR"], "problem");
    case "SETTLEMENT_TOTALS":
      tally(m.sales, "sales");
      tally(m.refunds, "refunds");
      return bool(m.balanced, "balanced");
    case "LIMIT_EXCEEDED":
      oneOf(m.scope, ["TRANSACTION", "DAY"], "scope");
      return checkMoney(m.limit, "limit");
    default:
      // messages without arguments
      return;
  }
}
