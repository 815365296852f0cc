/**
 * The catalogue in English. Capitals, as on most terminal displays; the
 * wording follows the EMV standard messages where one exists (EMV 4.4
 * Book 4 §11.2: APPROVED, DECLINED, ENTER PIN, INCORRECT PIN, INSERT CARD,
 * PIN OK, PLEASE WAIT, REMOVE CARD, USE CHIP READER, USE MAG STRIPE, TRY
 * AGAIN, CALL YOUR BANK). Every variant list ends with one that fits 16
 * columns.
 */
import { fixed, itemKey, mask, type Catalogue } from "./catalogue.ts";
import { ISO_DATE_TIME_UNKNOWN, isoDateTime } from "./local-time.ts";
import type { Operation, OriginalField, PrinterProblem, ReceiptCopy } from "./message.ts";
import { amountVariants, type Money } from "./money.ts";
import { declineReason } from "./response-reasons.ts";
import { centred, items, pair, right, screen, text } from "./screen.ts";

const OPERATION: Readonly<Record<Operation, readonly string[]>> = {
  SALE: ["SALE"],
  BALANCE: ["BALANCE INQUIRY", "BALANCE"],
  VOID: ["VOID"],
  REFUND: ["REFUND"],
  PREAUTH: ["PRE-AUTH"],
  PREAUTH_COMPLETION: ["PRE-AUTH COMPLETION", "PRE-AUTH COMPL.", "COMPLETION"],
  PREAUTH_CANCEL: ["PRE-AUTH CANCEL", "AUTH CANCEL"],
  SETTLEMENT: ["SETTLEMENT"],
  REPRINT: ["REPRINT"],
  SIGN_ON: ["SIGN ON"],
  TOTALS: ["TOTALS REPORT", "TOTALS"],
};

const ORIGINAL: Readonly<Record<OriginalField, readonly string[]>> = {
  TRACE: ["ORIGINAL TRACE NO.", "ORIG. TRACE NO."],
  AUTH_CODE: ["ORIGINAL AUTH CODE", "ORIG. AUTH CODE"],
  REFERENCE: ["ORIGINAL REFERENCE", "ORIG. REF. NO."],
  DATE: ["ORIGINAL DATE (MMDD)", "ORIG. DATE MMDD"],
};

const COPY: Readonly<Record<ReceiptCopy, string>> = { MERCHANT: "MERCHANT COPY", CARDHOLDER: "CARDHOLDER COPY", BANK: "BANK COPY" };

const PRINTER: Readonly<Record<PrinterProblem, readonly [readonly string[], readonly string[]]>> = {
  PAPER_END: [["PAPER OUT"], ["LOAD PAPER"]],
  PAPER_NEAR_END: [["PAPER LOW"], ["REPLACE ROLL SOON", "REPLACE ROLL"]],
  COVER_OPEN: [["PRINTER COVER OPEN", "COVER OPEN"], ["CLOSE THE COVER"]],
  OFFLINE: [["PRINTER OFFLINE"], ["CHECK PRINTER"]],
  ERROR: [["PRINTER ERROR"], ["CHECK PRINTER"]],
};

const amount = (money: Money) => amountVariants(money, "en");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// lines that several screens share
const PLEASE_WAIT_LINE = text(["PLEASE WAIT"], 1);
const CANCELLED_LINE = text(["TRANSACTION CANCELLED", "CANCELLED"], 1);
const SIGN_ON_FIRST_LINE = text(["PLEASE SIGN ON"], 1);

/** Every message in English. */
export const EN: Catalogue = {
  IDLE: (m) => [centred(["WELCOME"], 1), centred([m.at ? isoDateTime(m.at) : ISO_DATE_TIME_UNKNOWN])],
  MENU: (m) => [centred(["MENU"], 3), items(m.items.map((op, i) => OPERATION[op].map((name) => `${itemKey(i)}.${name}`)))],
  MANAGER_PIN: (m) => [text(["MANAGER PASSWORD", "MANAGER PIN"]), right([mask(m.digits)])],
  MANAGER_LOCKED: (m) => [text(["MANAGER PIN LOCKED", "PIN LOCKED"]), text([`TRY AGAIN IN ${m.minutes} MIN`, `WAIT ${m.minutes} MIN`])],
  AMOUNT_ENTRY: (m) => screen(
    m.operation && text(OPERATION[m.operation], 1),
    text(["ENTER AMOUNT"], 2),
    right(amount(m.amount)),
  ),
  ORIGINAL_ENTRY: (m) => [text(ORIGINAL[m.field]), right([m.value])],
  CONFIRM_TRANSACTION: (m) => screen(
    text(OPERATION[m.operation].map((name) => `${name}?`)),
    right(amount(m.amount)),
    m.cardLast4 && text([`CARD ****${m.cardLast4}`], 1),
    text(["PRESS ENTER TO CONFIRM", "ENTER TO CONFIRM"], 2),
  ),
  BASKET_ITEM: (m) => [text([`ITEM ${m.line} CODE`]), right([m.code])],
  BASKET_QUANTITY: (m) => [text([`ITEM ${m.line} QUANTITY`, `ITEM ${m.line} QTY`]), right([String(m.quantity)])],
  BASKET_PRICE: (m) => [text([`ITEM ${m.line} UNIT PRICE`, `ITEM ${m.line} PRICE`]), right(amount(m.price))],
  BASKET_TOTAL: (m) => [text([`TOTAL, ${plural(m.items, "ITEM", "ITEMS")}`]), right(amount(m.total))],
  CASH_TENDERED: (m) => [pair(["TOTAL DUE", "DUE", ""], amount(m.due)), pair(["CASH TENDERED", "CASH", ""], amount(m.tendered))],
  CHANGE_DUE: (m) => [text(["CHANGE DUE"]), right(amount(m.change))],
  PRESENT_CARD: (m) => screen(
    m.operation && text(OPERATION[m.operation], 2),
    m.amount && right(amount(m.amount)),
    text(["INSERT OR SWIPE CARD", "INSERT OR SWIPE"]),
  ),
  USE_CHIP: fixed([text(["CHIP CARD"]), text(["USE CHIP READER"])]),
  FALLBACK_SWIPE: fixed([text(["CHIP ERROR"]), text(["USE MAG STRIPE"])]),
  SELECT_APPLICATION: (m) => [centred(["SELECT APPLICATION", "SELECT APP"], 3), items(m.labels.map((l, i) => [`${itemKey(i)}.${l}`]))],
  CONFIRM_APPLICATION: (m) => [text([m.label]), text(["PRESS ENTER TO CONFIRM", "ENTER TO CONFIRM"])],
  ENTER_PIN: (m) => [
    pair(["AMOUNT", ""], amount(m.amount)),
    pair(m.tries === "last" ? ["LAST TRY, ENTER PIN", "LAST TRY", "LAST", ""] : ["ENTER PIN", "PIN", ""], [mask(m.digits)]),
  ],
  PIN_OK: fixed([text(["PIN OK"])]),
  WRONG_PIN: (m) => [
    text(["INCORRECT PIN"]),
    text(m.triesLeft === undefined ? ["TRY AGAIN"] : [plural(m.triesLeft, "TRY LEFT", "TRIES LEFT")]),
  ],
  PIN_BLOCKED: fixed([text(["PIN TRIES EXCEEDED", "PIN BLOCKED"]), text(["CALL YOUR BANK"], 1)]),
  SIGNATURE_REQUIRED: fixed([text(["SIGNATURE REQUIRED", "SIGNATURE"]), text(["PLEASE SIGN THE RECEIPT", "SIGN THE RECEIPT"], 1)]),
  PROCESSING: fixed([text(["PROCESSING"]), PLEASE_WAIT_LINE]),
  CONNECTING: fixed([text(["CONNECTING"]), PLEASE_WAIT_LINE]),
  SENDING: fixed([text(["SENDING"]), PLEASE_WAIT_LINE]),
  RECEIVING: fixed([text(["RECEIVING"]), PLEASE_WAIT_LINE]),
  PLEASE_WAIT: fixed([text(["PLEASE WAIT"])]),
  APPROVED: (m) => [
    pair(["APPROVED"], m.authCode ? [`AUTH CODE ${m.authCode}`, `AUTH ${m.authCode}`, m.authCode] : [""]),
    right(amount(m.amount)),
  ],
  DECLINED: (m) => {
    const reason = declineReason(m.responseCode, "en");
    return screen(pair(["DECLINED"], [m.responseCode]), reason && text(reason));
  },
  BALANCE: (m) => [text(m.overdrawn ? ["OVERDRAWN BY", "OVERDRAWN"] : ["BALANCE"]), right(amount(m.balance))],
  NO_RESPONSE: (m) => [text(["NO HOST RESPONSE", "NO RESPONSE"]), text(m.reversalQueued ? ["REVERSAL QUEUED"] : ["TRY AGAIN"])],
  HOST_ERROR: (m) => [text(["HOST REPLY REJECTED", "BAD HOST REPLY"]), text(m.reversalQueued ? ["REVERSAL QUEUED"] : ["TRY AGAIN"])],
  CARD_REMOVED: fixed([text(["CARD REMOVED"]), CANCELLED_LINE]),
  REMOVE_CARD: fixed([text(["REMOVE CARD"])]),
  CANCELLED: fixed([text(["TRANSACTION CANCELLED", "CANCELLED"])]),
  TIMEOUT: fixed([text(["TIME-OUT"]), CANCELLED_LINE]),
  PRINTING: (m) => screen(text(["PRINTING..."]), m.copy && text([COPY[m.copy]], 1)),
  PRINTER_PROBLEM: (m) => [text(PRINTER[m.problem][0]), text(PRINTER[m.problem][1])],
  SETTLEMENT_TOTALS: (m) => [
    centred(["SETTLEMENT"], 1),
    text(m.balanced ? ["TOTALS BALANCED", "BALANCED"] : ["TOTALS NOT BALANCED", "NOT BALANCED"]),
    pair([`SALES ${m.sales.count}`], amount(m.sales.amount)),
    pair([`REFUNDS ${m.refunds.count}`], amount(m.refunds.amount)),
  ],
  JOURNAL_FULL: fixed([text(["JOURNAL FULL"]), text(["PLEASE SETTLE FIRST", "SETTLE FIRST"])]),
  LIMIT_EXCEEDED: (m) => [
    text(m.scope === "TRANSACTION" ? ["OVER TRANSACTION LIMIT", "OVER TXN LIMIT"] : ["OVER DAILY LIMIT"]),
    pair(["MAX", ""], amount(m.limit)),
  ],
  NOT_SIGNED_ON: fixed([text(["NOT SIGNED ON"]), SIGN_ON_FIRST_LINE]),
  CLOCK_NOT_SET: fixed([text(["CLOCK NOT SET"]), SIGN_ON_FIRST_LINE]),
  SIGNED_ON: fixed([text(["SIGNED ON"])]),
  CARD_NOT_SUPPORTED: fixed([text(["CARD NOT SUPPORTED"])]),
  CARD_EXPIRED: fixed([text(["CARD EXPIRED"])]),
  CARD_INVALID: fixed([text(["INVALID CARD"])]),
  CARD_BLOCKED: fixed([text(["CARD BLOCKED"])]),
  READ_ERROR: fixed([text(["CARD READ ERROR", "READ ERROR"]), text(["TRY AGAIN"])]),
};
