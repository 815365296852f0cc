/**
 * What a receipt is printed from: plain data the terminal fills from its
 * journal record and its configuration. Nothing here can hold a full PAN,
 * a track, a CVV, a PIN or a PIN block: the PAN is a {@link MaskedPan}.
 */
import type { MaskedPan } from "./masked-pan.ts";

/** The transaction types a receipt names. */
export type TransactionType = "sale" | "refund" | "void" | "balance-inquiry" | "pre-auth" | "pre-auth-completion" | "pre-auth-cancellation";

/** How the card was read: `fallback` is the stripe of a chip card whose chip failed. */
export type EntryMode = "chip" | "swipe" | "fallback" | "contactless" | "manual";

/** The cardholder verification that took place. */
export type CvmOutcome = "pin" | "signature" | "none";

/**
 * Local date and time from the terminal's wall clock: either as printed
 * (`{ date: "YYYY-MM-DD", time: "HH:MM:SS" }`) or as UTC milliseconds
 * with the local offset in minutes (what the `WallClock` port gives).
 */
export type LocalDateTime = { date: string; time: string } | { epochMs: number; offsetMinutes: number };

/**
 * An ISO 4217 currency: the alphabetic code ("CNY") or the numeric one
 * ("156", as in ISO 8583 DE49), with its minor-unit exponent.
 */
export interface ReceiptCurrency {
  code: string;
  exponent: number;
}

/** The merchant and the terminal, from the terminal's configuration. */
export interface ReceiptMerchant {
  name: string;
  /** printed centred under the name */
  address?: string[];
  /** ISO 8583 DE42, up to 15 characters */
  merchantId: string;
  /** ISO 8583 DE41, up to 8 characters */
  terminalId: string;
}

/** One line of a basket. Prices in minor units of the transaction's currency. */
export interface ReceiptItem {
  name: string;
  /** a count or a measure (1.5 kg): up to three decimals */
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

/** What the chip gave (EMV tags 4F, 50, 95, 9B, 9F26 with 9F27), in hex as the card sent it. */
export interface ReceiptChipData {
  /** 5 to 16 bytes */
  aid: string;
  /** the application label (tag 50), printable text */
  label?: string;
  /** 5 bytes */
  tvr?: string;
  /** 2 bytes */
  tsi?: string;
  /** 8 bytes */
  cryptogram?: string;
  /** what the cryptogram is (from tag 9F27) */
  cryptogramType?: "TC" | "ARQC" | "AAC";
}

/** One card transaction, as its receipt prints it. Amounts in minor units. */
export interface ReceiptTransaction {
  merchant: ReceiptMerchant;
  operator?: string;
  when: LocalDateTime;
  type: TransactionType;
  /** a scheme of modules/card (`"unionpay"`, `"visa"`...) or any name to print */
  scheme?: string;
  /**
   * The masked PAN and how the card was read; both absent on the receipt
   * of a basket paid without a card, which then has no card lines (a
   * card transaction without its PAN is refused, never printed with a
   * made-up number).
   */
  pan?: MaskedPan;
  entryMode?: EntryMode;
  chip?: ReceiptChipData;
  /** the transaction amount, positive; refunds and voids print it with a minus sign */
  amount: number;
  currency: ReceiptCurrency;
  items?: ReceiptItem[];
  subtotal?: number;
  /** the part paid in cash, and the change given back */
  cash?: { tendered: number; change: number };
  /** the available balance (balance inquiry) */
  balance?: number;
  authCode?: string;
  /** retrieval reference number (ISO 8583 DE37) */
  rrn?: string;
  batch: string;
  /** system trace audit number (ISO 8583 DE11) */
  trace: string;
  invoice?: string;
  /** the transaction a void, completion or cancellation refers to */
  original?: { trace?: string; authCode?: string };
  response: { code: string; text?: string };
  cvm: CvmOutcome;
  /** printed as a QR code, e.g. the link to an e-receipt */
  qr?: string;
}

/** Counts and amounts of one group of transactions (amounts in minor units). */
export interface TotalsLine {
  count: number;
  amount: number;
}

/** The batch totals a totals report prints. */
export interface ReceiptTotals {
  merchant: ReceiptMerchant;
  operator?: string;
  when: LocalDateTime;
  batch: string;
  currency: ReceiptCurrency;
  /** by card scheme, in the order given */
  byScheme: (TotalsLine & { scheme: string })[];
  /** by transaction type, in the order given */
  byType: (TotalsLine & { type: TransactionType })[];
}

/** A settlement report: the batch totals and whether the acquirer's agreed. */
export interface ReceiptSettlement extends ReceiptTotals {
  balanced: boolean;
  response?: { code: string; text?: string };
}
