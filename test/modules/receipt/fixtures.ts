/**
 * Transactions of every type for the receipt tests. The full PANs are
 * published test card numbers (Stripe's testing documentation: UnionPay
 * 6200000000000005, Visa 4242424242424242, Mastercard 5555555555554444,
 * JCB 3566002020360505, American Express 378282246310005); receipts only
 * ever get them masked.
 */
import { maskPanForReceipt } from "../../../modules/receipt/masked-pan.ts";
import type { ReceiptSettlement, ReceiptTotals, ReceiptTransaction, TransactionType } from "../../../modules/receipt/transaction.ts";

export const FULL_PANS = {
  unionpay: "6200000000000005",
  visa: "4242424242424242",
  mastercard: "5555555555554444",
  jcb: "3566002020360505",
  amex: "378282246310005",
} as const;

export const MERCHANT = {
  name: "XSPOS 演示商店",
  address: ["88 Century Avenue, Pudong", "上海市浦东新区世纪大道88号"],
  merchantId: "898310048161234",
  terminalId: "10023456",
};

const BASE = {
  merchant: MERCHANT,
  operator: "01",
  when: { date: "2024-05-06", time: "14:03:27" },
  batch: "000012",
  response: { code: "00", text: "APPROVED" },
};

/** One transaction of each type, each exercising different fields. */
export const TRANSACTIONS: Record<TransactionType, ReceiptTransaction> = {
  sale: {
    ...BASE,
    type: "sale",
    scheme: "unionpay",
    pan: maskPanForReceipt(FULL_PANS.unionpay),
    entryMode: "chip",
    chip: { aid: "A000000333010101", label: "UnionPay Debit", tvr: "0000048000", tsi: "E800", cryptogram: "8E1FA5C23B7D0946", cryptogramType: "TC" },
    amount: 2650,
    currency: { code: "CNY", exponent: 2 },
    items: [
      { name: "Latte 拿铁", quantity: 2, unitPrice: 950, lineTotal: 1900 },
      { name: "Blueberry muffin with extra blueberries and a crumble topping 蓝莓松饼", quantity: 1, unitPrice: 750, lineTotal: 750 },
    ],
    subtotal: 2650,
    cash: { tendered: 5000, change: 2350 },
    authCode: "123456",
    rrn: "412706123456",
    trace: "000123",
    invoice: "000123",
    cvm: "pin",
    qr: "https://example.com/r/10023456/000123",
  },
  refund: {
    ...BASE,
    type: "refund",
    scheme: "visa",
    pan: maskPanForReceipt(FULL_PANS.visa),
    entryMode: "swipe",
    amount: 1999,
    currency: { code: "978", exponent: 2 },
    authCode: "A7C9E1",
    rrn: "412706123457",
    trace: "000124",
    cvm: "signature",
  },
  void: {
    ...BASE,
    type: "void",
    scheme: "mastercard",
    pan: maskPanForReceipt(FULL_PANS.mastercard),
    entryMode: "contactless",
    amount: 2650,
    currency: { code: "CNY", exponent: 2 },
    authCode: "654321",
    rrn: "412706123458",
    trace: "000125",
    original: { trace: "000123" },
    cvm: "none",
  },
  "balance-inquiry": {
    ...BASE,
    type: "balance-inquiry",
    scheme: "unionpay",
    pan: maskPanForReceipt(FULL_PANS.unionpay),
    entryMode: "chip",
    chip: { aid: "A000000333010101", tvr: "0000000000", tsi: "F800" },
    amount: 0,
    balance: 123456789,
    currency: { code: "CNY", exponent: 2 },
    rrn: "412706123459",
    trace: "000126",
    cvm: "pin",
  },
  "pre-auth": {
    ...BASE,
    type: "pre-auth",
    scheme: "jcb",
    pan: maskPanForReceipt(FULL_PANS.jcb),
    entryMode: "fallback",
    amount: 50000,
    currency: { code: "JPY", exponent: 0 },
    authCode: "Z12345",
    rrn: "412706123460",
    trace: "000127",
    cvm: "signature",
  },
  "pre-auth-completion": {
    ...BASE,
    type: "pre-auth-completion",
    scheme: "amex",
    pan: maskPanForReceipt(FULL_PANS.amex),
    entryMode: "manual",
    amount: 48000,
    currency: { code: "USD", exponent: 2 },
    authCode: "Z12399",
    rrn: "412706123461",
    trace: "000128",
    invoice: "INV0042",
    original: { authCode: "Z12345" },
    cvm: "signature",
  },
  "pre-auth-cancellation": {
    ...BASE,
    type: "pre-auth-cancellation",
    scheme: "unionpay",
    pan: maskPanForReceipt(FULL_PANS.unionpay),
    entryMode: "chip",
    chip: { aid: "A000000333010102", label: "UnionPay Credit", tvr: "8000048000", tsi: "E800", cryptogram: "0123456789ABCDEF", cryptogramType: "ARQC" },
    amount: 50000,
    currency: { code: "156", exponent: 2 },
    authCode: "Z12345",
    rrn: "412706123462",
    trace: "000129",
    original: { authCode: "Z12345", trace: "000127" },
    response: { code: "00" },
    cvm: "pin",
  },
};

export const TOTALS: ReceiptTotals = {
  merchant: MERCHANT,
  operator: "01",
  when: { epochMs: Date.UTC(2024, 4, 6, 15, 0, 0), offsetMinutes: 480 },
  batch: "000012",
  currency: { code: "CNY", exponent: 2 },
  byScheme: [
    { scheme: "unionpay", count: 12, amount: 1234550 },
    { scheme: "visa", count: 3, amount: 45000 },
  ],
  byType: [
    { type: "sale", count: 14, amount: 1279550 },
    { type: "refund", count: 1, amount: 1999 },
  ],
};

export const SETTLEMENT: ReceiptSettlement = { ...TOTALS, balanced: false, response: { code: "95", text: "RECONCILE ERROR" } };
