/**
 * Amounts as a receipt prints them. The currency table and the locale
 * patterns are modules/terminal's (ISO 4217 codes, numeric codes,
 * exponents and symbols).
 */
import { isCapitals, isDigits } from "../core/chars.ts";
import { CURRENCIES, formatAmount, LOCALES, type AmountLocale, type Currency } from "../terminal/currency.ts";
import { ReceiptError } from "./error.ts";
import type { ReceiptCurrency } from "./transaction.ts";

/**
 * How amounts are written: `code` puts the ISO 4217 code before the
 * number ("CNY 1,234.50"); `symbol` follows a locale's pattern with the
 * currency's symbol ("¥1,234.50", "1.234,50 €"). Default: `code` with
 * en-US separators. A currency the table does not know is always written
 * with its code.
 */
export interface AmountFormat {
  style: "code" | "symbol";
  locale?: AmountLocale;
}

/** The largest amount a receipt prints: 12 digits, as ISO 8583 DE4 carries. */
const MAX_MINOR = 999_999_999_999;

/**
 * The currency of an ISO 4217 alphabetic or numeric code with its exponent.
 * @throws ReceiptError `RECEIPT_FIELD` for a code of neither form, an
 *   exponent other than 0 to 3, or one that contradicts ISO 4217's for a
 *   currency the table knows (the amount would print 10 or 100 times off)
 */
export function resolveCurrency(currency: ReceiptCurrency, field = "currency"): Currency {
  const code = currency?.code;
  const exponent = currency?.exponent;
  if (typeof code !== "string" || !(isCapitals(code, 3, 3) || isDigits(code, 3, 3))) throw new ReceiptError("RECEIPT_FIELD", `${field}.code must be an ISO 4217 code, 3 letters or 3 digits`);
  if (exponent !== 0 && exponent !== 1 && exponent !== 2 && exponent !== 3) throw new ReceiptError("RECEIPT_FIELD", `${field}.exponent must be 0, 1, 2 or 3`);
  const known = isCapitals(code, 3, 3) ? CURRENCIES[code] : Object.values(CURRENCIES).find((c) => c.numeric === code);
  if (known && known.exponent !== exponent) throw new ReceiptError("RECEIPT_FIELD", `${field}: ${known.code} has exponent ${known.exponent} in ISO 4217, not ${exponent}`);
  return known ?? { code, numeric: isDigits(code, 3, 3) ? code : "", exponent: exponent as 0 | 2 | 3, symbol: code };
}

/**
 * Checks an amount in minor units.
 * @throws ReceiptError `RECEIPT_FIELD` unless a whole number from 0 to 999 999 999 999
 */
export function checkMinor(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > MAX_MINOR) throw new ReceiptError("RECEIPT_FIELD", `${field} must be a whole number of minor units from 0 to ${MAX_MINOR}`);
  return value;
}

/** An amount as printed: "CNY 12.50", "¥12.50", "12,50 €"; `negative` puts a minus sign before the number. */
export function formatMoney(minor: number, currency: Currency, format: AmountFormat = { style: "code" }, negative = false): string {
  const locale = format.locale ?? LOCALES["en-US"];
  const signed = negative && minor > 0 ? -minor : minor;
  const known = CURRENCIES[currency.code] !== undefined;
  if (format.style === "symbol" && known) return formatAmount(signed, currency, locale);
  return formatAmount(signed, { ...currency, symbol: currency.code }, { ...locale, pattern: "{s} {n}" });
}
