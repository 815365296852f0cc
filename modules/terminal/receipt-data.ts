import type { TransactionResult } from "../emv/kernel/outcome.ts";
import { toHex } from "../core/hex.ts";
import type { TransactionView } from "../journal/transaction-table.ts";
import type { EntryMode } from "../journal/transaction-records.ts";
import type { MaskedPan } from "../receipt/masked-pan.ts";
import type { BatchTotals } from "../journal/totals.ts";
import type { CvmOutcome, ReceiptChipData, ReceiptItem, ReceiptMerchant, ReceiptSettlement, ReceiptTransaction } from "../receipt/transaction.ts";
import type { Currency } from "./currency.ts";

/** What the journal does not hold and a receipt prints. */
export interface ReceiptExtras {
  merchant: ReceiptMerchant;
  currency: Currency;
  cvm: CvmOutcome;
  items?: ReceiptItem[];
  subtotal?: number;
  cash?: { tendered: number; change: number };
  chip?: TransactionResult;
  /** the chip's data as a receipt printed it (from the journal's receipt record), when there is no kernel result */
  receiptChip?: ReceiptChipData;
  entry?: EntryMode;
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

/**
 * A transaction's receipt data from its journal record: the PAN as the
 * journal keeps it (first six, last four), trace, batch, invoice, the
 * host's codes; the basket, the cash part and the chip's data from the
 * transaction in progress.
 */
export function receiptOf(view: TransactionView, extras: ReceiptExtras): ReceiptTransaction {
  const six = (n: number) => String(n).padStart(6, "0");
  const chip = extras.chip;
  return {
    merchant: extras.merchant,
    when: { epochMs: view.utcSeconds * 1000, offsetMinutes: view.offsetMinutes },
    type: TYPES[view.kind],
    scheme: view.scheme,
    pan: (view.truncatedPan || "000000******0000") as MaskedPan,
    entryMode: extras.entry ?? view.entry ?? "manual",
    ...(chip
      ? {
        chip: {
          aid: chip.aid,
          ...(chip.label ? { label: chip.label } : {}),
          tvr: toHex(chip.tvr),
          tsi: toHex(chip.tsi),
          cryptogram: toHex(chip.cryptogram),
          cryptogramType: CRYPTOGRAMS[(chip.cid >> 6) & 3] ?? "AAC",
        },
      }
      : extras.receiptChip ? { chip: { ...extras.receiptChip } } : {}),
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
  };
}

/**
 * The settlement report from the batch totals: by type (online and
 * offline sales together, refunds, voids, pre-authorizations and their
 * completions and cancellations) and by scheme (count, and the net
 * amount: debits less credits).
 */
export function settlementReport(
  totals: BatchTotals,
  balanced: boolean,
  extras: { merchant: ReceiptMerchant; currency: Currency; when: ReceiptSettlement["when"] },
): ReceiptSettlement {
  const byType: ReceiptSettlement["byType"] = [];
  const sales = totals.byType.sale.count + totals.byType.offline.count;
  if (sales) byType.push({ type: "sale", count: sales, amount: totals.byType.sale.amountMinor + totals.byType.offline.amountMinor });
  for (const k of ["refund", "void"] as const) if (totals.byType[k].count) byType.push({ type: k, count: totals.byType[k].count, amount: totals.byType[k].amountMinor });
  for (const [k, type] of [["preauth", "pre-auth"], ["preauthCompletion", "pre-auth-completion"], ["preauthCancel", "pre-auth-cancellation"]] as const) {
    if (totals.byType[k].count) byType.push({ type, count: totals.byType[k].count, amount: totals.byType[k].amountMinor });
  }
  const byScheme = Object.entries(totals.byScheme).map(([scheme, s]) => ({ scheme, count: s!.debits + s!.credits, amount: s!.debitsMinor - s!.creditsMinor }));
  return {
    merchant: extras.merchant,
    when: extras.when,
    batch: String(totals.batch).padStart(6, "0"),
    currency: { code: extras.currency.code, exponent: extras.currency.exponent },
    byScheme,
    byType,
    balanced,
  };
}
