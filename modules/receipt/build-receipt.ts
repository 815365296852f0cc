/**
 * A transaction's receipt as a document: the blocks of a China UnionPay
 * style sales slip (签购单) in the order it prints them.
 */
import { utf8Bytes } from "../core/utf8.ts";
import { qrMaxBytes } from "../escpos/qr.ts";
import { checkHex, checkId, checkImage, checkText } from "./check-field.ts";
import type { ReceiptBlock, ReceiptDocument, ReceiptImage, ReceiptText } from "./document.ts";
import { ReceiptError } from "./error.ts";
import type { LabelId } from "./labels.ts";
import { formatLocalDateTime } from "./local-time.ts";
import { maskedPan } from "./masked-pan.ts";
import { checkMinor, formatMoney, resolveCurrency, type AmountFormat } from "./money.ts";
import type { EntryMode, ReceiptMerchant, ReceiptTransaction, TransactionType } from "./transaction.ts";

/** Which copy, and a mark when it is printed again. */
export interface ReceiptCopyOptions {
  copy: "merchant" | "customer";
  /** `reprint`: printed again on request; `duplicate`: a second print of a copy already given */
  mark?: "reprint" | "duplicate";
  amounts?: AmountFormat;
  /** the merchant's logo, printed first */
  logo?: ReceiptImage;
}

/** The label of each transaction type. */
export const TYPE_LABELS: Readonly<Record<TransactionType, LabelId>> = {
  sale: "sale",
  refund: "refund",
  void: "void",
  "balance-inquiry": "balanceInquiry",
  "pre-auth": "preAuth",
  "pre-auth-completion": "preAuthCompletion",
  "pre-auth-cancellation": "preAuthCancellation",
};

const ENTRY_LABELS: Readonly<Record<EntryMode, LabelId>> = { chip: "chip", swipe: "swipe", fallback: "fallback", contactless: "contactless", manual: "manual" };

/** Types whose amount goes back to the cardholder: printed with a minus sign. */
const CREDITS: readonly TransactionType[] = ["refund", "void", "pre-auth-cancellation"];

/** Card scheme names as printed; UnionPay also in Chinese. */
const SCHEMES: Readonly<Record<string, ReceiptText>> = {
  visa: "VISA",
  mastercard: "MASTERCARD",
  amex: "AMEX",
  diners: "DINERS CLUB",
  jcb: "JCB",
  discover: "DISCOVER",
  unionpay: { label: "unionpay" },
  maestro: "MAESTRO",
  mir: "MIR",
};

/** How a scheme is printed: a known scheme's name, or the text given (cleaned). */
export function schemeText(scheme: unknown, field = "scheme"): ReceiptText {
  const text = checkText(scheme, field);
  const key = text.toLowerCase();
  return own(SCHEMES, key) ? SCHEMES[key] : text.toUpperCase();
}

/**
 * The receipt of one transaction, for the merchant's or the customer's copy.
 * Both copies carry the same fields; the merchant's has room for the
 * cardholder's signature when the CVM was a signature, both carry the
 * cardholder agreement then.
 * @throws ReceiptError `RECEIPT_PAN` for a PAN that is not masked,
 *   `RECEIPT_FIELD` for a missing or malformed field
 */
export function buildReceipt(tx: ReceiptTransaction, options: ReceiptCopyOptions): ReceiptDocument {
  if (!tx || typeof tx !== "object") throw new ReceiptError("RECEIPT_FIELD", "the transaction must be an object");
  if (options?.copy !== "merchant" && options?.copy !== "customer") throw new ReceiptError("RECEIPT_FIELD", 'copy must be "merchant" or "customer"');
  const mark = markBlock(options.mark);
  const type = own(TYPE_LABELS, tx.type) ? tx.type : fail("type", "one of sale, refund, void, balance-inquiry, pre-auth, pre-auth-completion, pre-auth-cancellation");
  // no PAN and no entry mode: a basket paid without a card, whose receipt has no card lines
  const card = tx.pan !== undefined || tx.entryMode !== undefined || tx.scheme !== undefined;
  if (card && tx.pan === undefined) throw new ReceiptError("RECEIPT_PAN", "a card transaction's receipt needs its masked PAN");
  const entry = !card ? undefined : own(ENTRY_LABELS, tx.entryMode) ? ENTRY_LABELS[tx.entryMode] : fail("entryMode", "chip, swipe, fallback, contactless or manual");
  if (tx.cvm !== "pin" && tx.cvm !== "signature" && tx.cvm !== "none") fail("cvm", "pin, signature or none");
  if (!card && tx.cvm !== "none") fail("cvm", "none for a receipt without a card");
  const pan = card ? maskedPan(tx.pan!) : undefined;
  const currency = resolveCurrency(tx.currency);
  const money = (minor: unknown, field: string, negative = false) => formatMoney(checkMinor(minor, field), currency, options.amounts, negative);
  const credit = CREDITS.includes(type);

  const blocks: ReceiptBlock[] = logoBlocks(options.logo);
  if (mark) blocks.push(mark);
  blocks.push({ kind: "center", text: { label: "salesSlip" } });
  blocks.push(...merchantBlocks(tx.merchant, tx.operator));
  blocks.push({ kind: "center", text: { label: options.copy === "merchant" ? "merchantCopy" : "customerCopy" }, strong: true });
  blocks.push({ kind: "rule" });
  if (pan !== undefined && entry !== undefined) {
    blocks.push(fieldBlock("cardNo", pan));
    if (tx.scheme !== undefined) blocks.push(fieldBlock("cardType", schemeText(tx.scheme)));
    blocks.push(fieldBlock("entryMode", { label: entry }));
  }
  blocks.push(fieldBlock("transType", { label: TYPE_LABELS[type] }, true));
  blocks.push(fieldBlock("batchNo", checkId(tx.batch, "batch", "digits", 6)));
  blocks.push(fieldBlock("traceNo", checkId(tx.trace, "trace", "digits", 6)));
  if (tx.invoice !== undefined) blocks.push(fieldBlock("invoiceNo", checkId(tx.invoice, "invoice", "alnum", 10)));
  if (tx.authCode !== undefined) blocks.push(fieldBlock("authCode", checkId(tx.authCode, "authCode", "printable", 6)));
  if (tx.rrn !== undefined) blocks.push(fieldBlock("refNo", checkId(tx.rrn, "rrn", "printable", 12)));
  blocks.push(fieldBlock("dateTime", formatLocalDateTime(tx.when)));
  if (tx.original?.trace !== undefined) blocks.push(fieldBlock("originalTrace", checkId(tx.original.trace, "original.trace", "digits", 6)));
  if (tx.original?.authCode !== undefined) blocks.push(fieldBlock("originalAuth", checkId(tx.original.authCode, "original.authCode", "printable", 6)));
  blocks.push(responseBlock(tx.response, "printable"));
  blocks.push({ kind: "rule" });

  if (tx.items !== undefined) {
    if (!Array.isArray(tx.items)) fail("items", "a list");
    blocks.push({
      kind: "items",
      items: tx.items.map((item, i) => ({
        name: checkText(item?.name, `items[${i}].name`),
        quantity: quantityText(item?.quantity, `items[${i}].quantity`),
        unitPrice: money(item?.unitPrice, `items[${i}].unitPrice`),
        lineTotal: money(item?.lineTotal, `items[${i}].lineTotal`),
      })),
    });
    blocks.push({ kind: "rule" });
  }
  if (tx.subtotal !== undefined) blocks.push(fieldBlock("subtotal", money(tx.subtotal, "subtotal", credit)));
  if (type === "balance-inquiry") {
    if (tx.balance !== undefined) blocks.push(fieldBlock("balance", money(tx.balance, "balance"), true));
  } else {
    blocks.push(fieldBlock("amount", money(tx.amount, "amount", credit), true));
  }
  if (tx.cash !== undefined) {
    blocks.push(fieldBlock("cash", money(tx.cash?.tendered, "cash.tendered")));
    blocks.push(fieldBlock("change", money(tx.cash?.change, "cash.change")));
  }

  if (tx.chip !== undefined) {
    const chip = tx.chip;
    blocks.push({ kind: "rule" });
    blocks.push(fieldBlock("aid", checkHex(chip?.aid, "chip.aid", 5, 16)));
    if (chip.label !== undefined) blocks.push(fieldBlock("appLabel", checkText(chip.label, "chip.label")));
    if (chip.tvr !== undefined) blocks.push(fieldBlock("tvr", checkHex(chip.tvr, "chip.tvr", 5, 5)));
    if (chip.tsi !== undefined) blocks.push(fieldBlock("tsi", checkHex(chip.tsi, "chip.tsi", 2, 2)));
    if (chip.cryptogram !== undefined) {
      const kind = chip.cryptogramType;
      if (kind !== undefined && kind !== "TC" && kind !== "ARQC" && kind !== "AAC") fail("chip.cryptogramType", "TC, ARQC or AAC");
      const ac = checkHex(chip.cryptogram, "chip.cryptogram", 8, 8);
      blocks.push(fieldBlock("cryptogram", kind ? `${kind} ${ac}` : ac));
    }
  }

  if (card) blocks.push({ kind: "rule" });
  if (!card) {
    // no cardholder to verify: no CVM line
  } else if (tx.cvm === "pin") blocks.push({ kind: "paragraph", text: { label: "pinVerified" } });
  else if (tx.cvm === "none") blocks.push({ kind: "paragraph", text: { label: "noCvm" } });
  else {
    if (options.copy === "merchant") blocks.push({ kind: "signature" });
    blocks.push({ kind: "paragraph", text: { label: "agreement" } });
  }
  if (tx.qr !== undefined) {
    if (typeof tx.qr !== "string" || tx.qr.length === 0 || utf8Bytes(tx.qr).length > qrMaxBytes("M")) fail("qr", `a non-empty string of at most ${qrMaxBytes("M")} bytes in UTF-8`);
    blocks.push({ kind: "space", lines: 1 }, { kind: "qr", data: tx.qr });
  }
  if (mark) blocks.push(mark);
  blocks.push({ kind: "cut" });
  return { kind: "transaction", blocks };
}

/** A label and its value on one line; `strong`: bold and double height. */
export function fieldBlock(label: LabelId, value: ReceiptText, strong?: boolean): ReceiptBlock {
  const block: ReceiptBlock = { kind: "field", label: { label }, value };
  if (strong) block.strong = true;
  return block;
}

/**
 * The line printed at the top and the bottom of a copy printed again, none for a first print.
 * @throws ReceiptError `RECEIPT_FIELD` for a mark other than `reprint` or `duplicate`
 */
export function markBlock(mark: unknown): ReceiptBlock | undefined {
  if (mark !== undefined && mark !== "reprint" && mark !== "duplicate") throw new ReceiptError("RECEIPT_FIELD", 'mark must be "reprint" or "duplicate"');
  return mark ? { kind: "center", text: { label: mark }, strong: true } : undefined;
}

/**
 * The host's response code (`kind` characters) and its text, when it sent one.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function responseBlock(response: { code: string; text?: string } | undefined, kind: "printable" | "alnum"): ReceiptBlock {
  const code = checkId(response?.code, "response.code", kind, 3);
  const text = response!.text === undefined ? "" : checkText(response!.text, "response.text");
  return fieldBlock("response", text ? `${code} ${text}` : code);
}

/** The logo at the top of a receipt or report, when there is one. */
export function logoBlocks(logo: unknown): ReceiptBlock[] {
  return logo === undefined ? [] : [{ kind: "image", image: checkImage(logo, "logo") }, { kind: "space", lines: 1 }];
}

/** The merchant's name, address, IDs and the operator: the top of every receipt and report. */
export function merchantBlocks(merchant: ReceiptMerchant, operator: unknown): ReceiptBlock[] {
  if (!merchant || typeof merchant !== "object") fail("merchant", "an object");
  const blocks: ReceiptBlock[] = [{ kind: "heading", text: checkText(merchant.name, "merchant.name") }];
  if (merchant.address !== undefined) {
    if (!Array.isArray(merchant.address)) fail("merchant.address", "a list of lines");
    for (let i = 0; i < merchant.address.length; i++) blocks.push({ kind: "center", text: checkText(merchant.address[i], `merchant.address[${i}]`) });
  }
  blocks.push(fieldBlock("merchantId", checkId(merchant.merchantId, "merchant.merchantId", "printable", 15)));
  blocks.push(fieldBlock("terminalId", checkId(merchant.terminalId, "merchant.terminalId", "printable", 8)));
  if (operator !== undefined) blocks.push(fieldBlock("operator", checkId(operator, "operator", "printable", 10)));
  return blocks;
}

/** A quantity as printed: up to three decimals, no trailing zeros. */
function quantityText(value: unknown, field: string): string {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0 || value > 999_999) fail(field, "a number above 0 and at most 999999");
  const thousandths = Math.round((value as number) * 1000);
  if (thousandths === 0) fail(field, "at least 0.001");
  const whole = Math.floor(thousandths / 1000);
  const fraction = String(thousandths % 1000).padStart(3, "0");
  let end = 3;
  while (end > 0 && fraction[end - 1] === "0") end--;
  return end ? `${whole}.${fraction.slice(0, end)}` : String(whole);
}

/** A key of the table itself, not of Object.prototype ("toString" is no transaction type). */
export function own<K extends string>(table: Readonly<Record<K, unknown>>, key: unknown): key is K {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(table, key);
}

function fail(field: string, what: string): never {
  throw new ReceiptError("RECEIPT_FIELD", `${field} must be ${what}`);
}

