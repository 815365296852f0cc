/** Totals and settlement reports as documents. */
import { fieldBlock, logoBlocks, markBlock, merchantBlocks, own, responseBlock, schemeText, TYPE_LABELS } from "./build-receipt.ts";
import { checkId } from "./check-field.ts";
import type { ReceiptBlock, ReceiptDocument, ReceiptImage, ReceiptText } from "./document.ts";
import { ReceiptError } from "./error.ts";
import { formatLocalDateTime } from "./local-time.ts";
import { checkMinor, formatMoney, resolveCurrency, type AmountFormat } from "./money.ts";
import type { ReceiptSettlement, ReceiptTotals } from "./transaction.ts";

/** The largest net total a report prints: 12 digits, as ISO 8583 DE4 carries. */
const MAX_NET = 999_999_999_999;

/** Options of a report. */
export interface ReportOptions {
  mark?: "reprint" | "duplicate";
  amounts?: AmountFormat;
  /** the merchant's logo, printed first */
  logo?: ReceiptImage;
}

/**
 * The totals report of the open batch: counts and amounts by card scheme
 * and by transaction type.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function buildTotalsReport(totals: ReceiptTotals, options: ReportOptions = {}): ReceiptDocument {
  return { kind: "totals", blocks: report(totals, options, "totalsReport", []) };
}

/**
 * The settlement report: the batch totals sent to the acquirer, and
 * whether its totals agreed (balanced) or a batch upload followed.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function buildSettlementReport(settlement: ReceiptSettlement, options: ReportOptions = {}): ReceiptDocument {
  if (typeof settlement?.balanced !== "boolean") throw new ReceiptError("RECEIPT_FIELD", "balanced must be true or false");
  const tail: ReceiptBlock[] = [{ kind: "center", text: { label: settlement.balanced ? "balanced" : "unbalanced" }, strong: true }];
  if (settlement.response !== undefined) tail.unshift(responseBlock(settlement.response, "alnum"));
  return { kind: "settlement", blocks: report(settlement, options, "settlementReport", tail) };
}

function report(totals: ReceiptTotals, options: ReportOptions, title: "totalsReport" | "settlementReport", tail: ReceiptBlock[]): ReceiptBlock[] {
  if (!totals || typeof totals !== "object") throw new ReceiptError("RECEIPT_FIELD", "the totals must be an object");
  const mark = markBlock(options.mark);
  const currency = resolveCurrency(totals.currency);
  // a scheme's amount is net (debits less credits): below zero when refunds outweigh sales
  const signed = (minor: unknown, field: string) => (typeof minor === "number" && minor < 0 ? -checkMinor(-minor, field) : checkMinor(minor, field));
  const money = (minor: number) => formatMoney(Math.abs(minor), currency, options.amounts, minor < 0);
  let net = 0;
  const count = (n: unknown, field: string) => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 999_999) throw new ReceiptError("RECEIPT_FIELD", `${field} must be a whole number from 0 to 999999`);
    return String(n);
  };
  const list = <T>(value: T[] | undefined, field: string): T[] => {
    if (!Array.isArray(value)) throw new ReceiptError("RECEIPT_FIELD", `${field} must be a list`);
    return value;
  };
  const byScheme = list(totals.byScheme, "byScheme").map((line, i): [ReceiptText, string, string] => {
    const amount = signed(line?.amount, `byScheme[${i}].amount`);
    net += amount;
    return [schemeText(line?.scheme, `byScheme[${i}].scheme`), count(line?.count, `byScheme[${i}].count`), money(amount)];
  });
  const byType = list(totals.byType, "byType").map((line, i): [ReceiptText, string, string] => {
    const type = line?.type;
    if (!own(TYPE_LABELS, type)) throw new ReceiptError("RECEIPT_FIELD", `byType[${i}].type must be a transaction type`);
    return [{ label: TYPE_LABELS[type] }, count(line.count, `byType[${i}].count`), money(checkMinor(line.amount, `byType[${i}].amount`))];
  });

  const blocks: ReceiptBlock[] = logoBlocks(options.logo);
  if (mark) blocks.push(mark);
  blocks.push({ kind: "center", text: { label: title }, strong: true });
  blocks.push(...merchantBlocks(totals.merchant, totals.operator));
  blocks.push(fieldBlock("batchNo", checkId(totals.batch, "batch", "digits", 6)), fieldBlock("dateTime", formatLocalDateTime(totals.when)));
  // each group: its title, its rows and the label of its name column
  const groups = [["byScheme", byScheme, "cardType"], ["byType", byType, "transType"]] as const;
  for (let i = 0; i < groups.length; i++) {
    const label = groups[i][0], rows = groups[i][1];
    blocks.push({ kind: "rule" }, { kind: "paragraph", text: { label } });
    if (rows.length) blocks.push({ kind: "table", header: [{ label: groups[i][2] }, { label: "count" }, { label: "amount" }], rows });
    else blocks.push({ kind: "paragraph", text: { label: "noTransactions" } });
  }
  // the net total: what the batch moves, the schemes' debits less their credits
  if (Math.abs(net) > MAX_NET) throw new ReceiptError("RECEIPT_FIELD", "the schemes' net total is beyond 999 999 999 999 minor units");
  blocks.push({ kind: "rule" }, fieldBlock("total", money(net), true), ...tail);
  if (mark) blocks.push(mark);
  blocks.push({ kind: "cut" });
  return blocks;
}
