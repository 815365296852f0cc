import { eReceiptLink } from "../config/receipt.ts";
import type { TransactionResult } from "../emv/kernel/outcome.ts";
import { toHex } from "../core/hex.ts";
import type { TransactionView } from "../journal/transaction-table.ts";
import type { EntryMode } from "../journal/transaction-records.ts";
import type { MaskedPan } from "../receipt/masked-pan.ts";
import type { BatchTotals } from "../journal/totals.ts";
import type { CvmOutcome, ReceiptChipData, ReceiptItem, ReceiptMerchant, ReceiptSettlement, ReceiptTotals, ReceiptTransaction } from "../receipt/transaction.ts";
import { ReceiptError } from "../receipt/error.ts";
import type { Currency } from "./currency.ts";

/** What the journal does not hold and a receipt prints. */
export interface ReceiptExtras {
  merchant: ReceiptMerchant;
  currency: Currency;
  cvm: CvmOutcome;
  items?: ReceiptItem[];
  subtotal?: number;
  cash?: { tendered: number; change: number };
  /** the chip's data as the receipt prints it (the journal's receipt record keeps it as printed) */
  receiptChip?: ReceiptChipData;
  entry?: EntryMode;
  /** the operator's number (configuration `receipt.operator`) */
  operator?: string;
  /** the e-receipt link template (configuration `receipt.eReceiptUrl`), printed as a QR code */
  eReceiptUrl?: string;
  /** the journal's record of the transaction a void, completion or cancellation refers to: its card is theirs */
  original?: Pick<TransactionView, "truncatedPan">;
}

const TYPES = {
  sale: "sale",
  offline: "sale",
  refund: "refund",
  void: "void",
  balance: "balance-inquiry",
  preauth: "pre-auth",
  preauthCompletion: "pre-auth-completion",
  preauthCancel: "pre-auth-cancellation",
} as const;
const CRYPTOGRAMS = ["AAC", "TC", "ARQC"] as const;

/** The chip's part of a receipt from the kernel's result: AID, label, TVR, TSI, the cryptogram and its type. */
export function receiptChipOf(chip: TransactionResult): NonNullable<ReceiptTransaction["chip"]> {
  return {
    aid: chip.aid,
    ...(chip.label ? { label: chip.label } : {}),
    tvr: toHex(chip.tvr),
    tsi: toHex(chip.tsi),
    cryptogram: toHex(chip.cryptogram),
    cryptogramType: CRYPTOGRAMS[(chip.cid >> 6) & 3] ?? "AAC",
  };
}

/**
 * A transaction's receipt data from its journal record: the PAN as the
 * journal keeps it (first six, last four), trace, batch, invoice, the
 * host's codes; the basket, the cash part and the chip's data from the
 * transaction in progress; the operator and the e-receipt link (built
 * from the terminal ID and the reference number, never the card) from
 * the configuration.
 */
export function receiptOf(view: TransactionView, extras: ReceiptExtras): ReceiptTransaction {
  const six = (n: number) => String(n).padStart(6, "0");
  // a void, completion or cancellation is made on the original's card; a PAN is never made up
  const pan = view.truncatedPan || extras.original?.truncatedPan;
  if (!pan) throw new ReceiptError("RECEIPT_PAN", `trace ${six(view.stan)}: the journal holds no masked PAN for this card transaction`);
  const link = extras.eReceiptUrl === undefined
    ? undefined
    : eReceiptLink(extras.eReceiptUrl, { terminalId: extras.merchant.terminalId, ...(view.rrn ? { rrn: view.rrn } : {}), trace: six(view.stan), batch: six(view.batch) });
  return {
    merchant: extras.merchant,
    ...(extras.operator ? { operator: extras.operator } : {}),
    when: { epochMs: view.utcSeconds * 1000, offsetMinutes: view.offsetMinutes },
    type: TYPES[view.kind],
    scheme: view.scheme,
    pan: pan as MaskedPan,
    entryMode: extras.entry ?? view.entry ?? "manual",
    ...(extras.receiptChip ? { chip: { ...extras.receiptChip } } : {}),
    amount: view.amountMinor,
    currency: { code: extras.currency.code, exponent: extras.currency.exponent },
    ...(extras.items ? { items: extras.items } : {}),
    ...(extras.subtotal !== undefined ? { subtotal: extras.subtotal } : {}),
    ...(extras.cash ? { cash: extras.cash } : {}),
    ...(view.authCode?.trim() ? { authCode: view.authCode.trim() } : {}),
    ...(view.rrn ? { rrn: view.rrn } : {}),
    batch: six(view.batch),
    trace: six(view.stan),
    ...(view.invoice ? { invoice: six(view.invoice) } : {}),
    ...(view.originalStan ? { original: { trace: six(view.originalStan) } } : {}),
    response: { code: view.responseCode ?? "00" },
    cvm: extras.cvm,
    ...(link ? { qr: link } : {}),
  };
}

/** What a report prints beyond the batch totals. */
export interface ReportExtras {
  merchant: ReceiptMerchant;
  currency: Currency;
  when: ReceiptTotals["when"];
  operator?: string;
}

/**
 * The settlement report from the batch totals: the totals report's
 * lines ({@link totalsReport}), whether the host's totals agreed, and
 * the host's answer to the settlement request (ISO 8583 DE39 of the
 * 0510): 00 when they agreed, 95 (reconcile error) when they did not and
 * the batch was uploaded. The printer adds the code's words.
 */
export function settlementReport(totals: BatchTotals, balanced: boolean, extras: ReportExtras): ReceiptSettlement {
  return { ...totalsReport(totals, extras), balanced, response: { code: balanced ? "00" : "95" } };
}

/**
 * The totals report of the open batch: by type (online and offline sales
 * together, refunds, voids, pre-authorizations and their completions and
 * cancellations) and by scheme (count, and the net amount: debits less
 * credits).
 */
export function totalsReport(totals: BatchTotals, extras: ReportExtras): ReceiptTotals {
  const byType: ReceiptSettlement["byType"] = [];
  const sales = totals.byType.sale.count + totals.byType.offline.count;
  if (sales) byType.push({ type: "sale", count: sales, amount: totals.byType.sale.amountMinor + totals.byType.offline.amountMinor });
  const otherKinds = ["refund", "void", "preauth", "preauthCompletion", "preauthCancel"] as const;
  for (let i = 0; i < otherKinds.length; i++) {
    const tally = totals.byType[otherKinds[i]];
    if (tally.count) byType.push({ type: TYPES[otherKinds[i]], count: tally.count, amount: tally.amountMinor });
  }
  const byScheme = Object.entries(totals.byScheme).map(([scheme, s]) => ({ scheme, count: s!.debits + s!.credits, amount: s!.debitsMinor - s!.creditsMinor }));
  return {
    merchant: extras.merchant,
    ...(extras.operator ? { operator: extras.operator } : {}),
    when: extras.when,
    batch: String(totals.batch).padStart(6, "0"),
    currency: { code: extras.currency.code, exponent: extras.currency.exponent },
    byScheme,
    byType,
  };
}
