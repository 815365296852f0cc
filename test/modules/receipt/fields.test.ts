import test from "ava";
import { isXsposError } from "../../../modules/core/error.ts";
import { LOCALES } from "../../../modules/terminal/currency.ts";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../../modules/receipt/build-report.ts";
import { cleanText } from "../../../modules/receipt/clean-text.ts";
import { formatLocalDateTime } from "../../../modules/receipt/local-time.ts";
import { formatMoney, resolveCurrency } from "../../../modules/receipt/money.ts";
import type { ReceiptTransaction } from "../../../modules/receipt/transaction.ts";
import { SETTLEMENT, TOTALS, TRANSACTIONS } from "./fixtures.ts";

test("amounts: ISO 4217 code before the number by default, or the locale's pattern with the symbol", (t) => {
  const cny = resolveCurrency({ code: "CNY", exponent: 2 });
  t.is(formatMoney(1250, cny), "CNY 12.50");
  t.is(formatMoney(123456789, cny), "CNY 1,234,567.89");
  t.is(formatMoney(1250, cny, { style: "symbol" }), "¥12.50");
  t.is(formatMoney(1250, cny, { style: "code" }, true), "-CNY 12.50");
  t.is(formatMoney(1250, resolveCurrency({ code: "978", exponent: 2 }), { style: "symbol", locale: LOCALES["de-DE"] }), "12,50 €", "ISO 4217 numeric 978 is EUR");
  t.is(formatMoney(50000, resolveCurrency({ code: "JPY", exponent: 0 })), "JPY 50,000", "JPY has no minor unit (ISO 4217)");
  t.is(formatMoney(1234, resolveCurrency({ code: "KWD", exponent: 3 })), "KWD 1.234", "KWD has three decimals (ISO 4217)");
  t.is(formatMoney(1234, resolveCurrency({ code: "XYZ", exponent: 2 }), { style: "symbol" }), "XYZ 12.34", "a currency the table does not know keeps its code");
});

test("RECEIPT_FIELD for a currency code of neither form, an exponent out of 0-3, or one that contradicts ISO 4217", (t) => {
  for (const c of [{ code: "cny", exponent: 2 }, { code: "15", exponent: 2 }, { code: "CNY", exponent: 4 }, { code: "CNY", exponent: 0 }, { code: "392", exponent: 2 }]) {
    t.true(isXsposError(t.throws(() => resolveCurrency(c)), "RECEIPT_FIELD"), JSON.stringify(c));
  }
});

test("local date and time: as given, or from UTC milliseconds and the offset", (t) => {
  t.is(formatLocalDateTime({ date: "2024-02-29", time: "23:59:60" }), "2024/02/29 23:59:60");
  // 2024-05-06T15:00:00Z in Shanghai (UTC+8) is 23:00 the same day; in New York (UTC-4 in May) 11:00
  t.is(formatLocalDateTime({ epochMs: Date.UTC(2024, 4, 6, 15, 0, 0), offsetMinutes: 480 }), "2024/05/06 23:00:00");
  t.is(formatLocalDateTime({ epochMs: Date.UTC(2024, 4, 6, 15, 0, 0), offsetMinutes: -240 }), "2024/05/06 11:00:00");
  t.is(formatLocalDateTime({ epochMs: Date.UTC(2024, 11, 31, 20, 30, 15), offsetMinutes: 330 }), "2025/01/01 02:00:15", "India, UTC+5:30, past midnight on new year's eve");
  for (const when of [{ date: "2023-02-29", time: "10:00:00" }, { date: "2024-13-01", time: "10:00:00" }, { date: "2024-05-06", time: "24:00:00" }, { date: "6/5/2024", time: "10:00:00" }, { epochMs: NaN, offsetMinutes: 0 }, { epochMs: 0, offsetMinutes: 0.5 }, {}]) {
    t.true(isXsposError(t.throws(() => formatLocalDateTime(when as never)), "RECEIPT_FIELD"), JSON.stringify(when));
  }
});

test("free text: control characters become ?, a tab a space, a Luhn-valid run of 12-19 digits keeps its first 6 and last 4", (t) => {
  t.is(cleanText("Shop\u001b@\tA\u0085B\u2028"), "Shop?@ A?B?");
  // 4242424242424242 passes the Luhn check (Stripe's Visa test card); 4242424242424241 does not
  t.is(cleanText("card 4242424242424242 used"), "card 424242******4242 used");
  t.is(cleanText("ref 4242424242424241"), "ref 4242424242424241");
  t.is(cleanText("tel 13812345678"), "tel 13812345678", "11 digits are no PAN");
  t.is(cleanText("4242424242424242"), "424242******4242", "a PAN that is the whole text");
  t.is(cleanText("4242424242424242/4242424242424242"), "424242******4242/424242******4242", "two PANs one character apart");
});

const bad: [string, Partial<ReceiptTransaction> | Record<string, unknown>][] = [
  ["an unknown type", { type: "refundx" }],
  ["a type that is a property of every object", { type: "toString" }],
  ["an unknown entry mode", { entryMode: "tap" }],
  ["an unknown CVM", { cvm: "online-pin" }],
  ["a negative amount", { amount: -1 }],
  ["a fractional amount", { amount: 12.5 }],
  ["a trace of 7 digits", { trace: "1234567" }],
  ["a batch with letters", { batch: "00A001" }],
  ["an auth code of 7 characters", { authCode: "1234567" }],
  ["an RRN of 13 characters", { rrn: "1234567890123" }],
  ["a TVR of 4 bytes", { chip: { aid: "A000000333010101", tvr: "00000480" } }],
  ["an AID that is not hex", { chip: { aid: "A00000033301010G" } }],
  ["a cryptogram type that does not exist", { chip: { aid: "A000000333010101", cryptogram: "0123456789ABCDEF", cryptogramType: "XYZ" } }],
  ["a terminal ID of 9 characters", { merchant: { name: "x", merchantId: "1", terminalId: "123456789" } }],
  ["an item quantity of 0", { items: [{ name: "x", quantity: 0, unitPrice: 1, lineTotal: 0 }] }],
  ["items that are not a list", { items: "coffee" }],
  ["QR data longer than a QR Code holds", { qr: "x".repeat(3000) }],
];
for (const [what, change] of bad) {
  test(`RECEIPT_FIELD for ${what}`, (t) => {
    const tx = { ...TRANSACTIONS.sale, ...change } as ReceiptTransaction;
    t.true(isXsposError(t.throws(() => buildReceipt(tx, { copy: "merchant" })), "RECEIPT_FIELD"));
  });
}

test("RECEIPT_FIELD for reports with a count that is not a whole number, an unknown type, or no balanced flag", (t) => {
  t.true(isXsposError(t.throws(() => buildTotalsReport({ ...TOTALS, byScheme: [{ scheme: "visa", count: 1.5, amount: 1 }] })), "RECEIPT_FIELD"));
  t.true(isXsposError(t.throws(() => buildTotalsReport({ ...TOTALS, byType: [{ type: "constructor" as "sale", count: 1, amount: 1 }] })), "RECEIPT_FIELD"));
  t.true(isXsposError(t.throws(() => buildSettlementReport({ ...SETTLEMENT, balanced: undefined as unknown as boolean })), "RECEIPT_FIELD"));
  t.true(isXsposError(t.throws(() => buildReceipt(TRANSACTIONS.sale, { copy: "bank" as "merchant" })), "RECEIPT_FIELD"));
});
