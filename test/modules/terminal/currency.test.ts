/** Amounts formatted by currency (ISO 4217 exponents and codes) and locale. */
import test from "ava";
import { CURRENCIES, LOCALES, formatAmount } from "../../../modules/terminal/currency.ts";

// ISO 4217 exponents: EUR 2, JPY 0, KWD 3.
test("minor units by the currency's exponent", (t) => {
  t.is(formatAmount(1250, CURRENCIES.EUR, LOCALES["de-DE"]), "12,50 €");
  t.is(formatAmount(1250, CURRENCIES.JPY, LOCALES["ja-JP"]), "¥1,250");
  t.is(formatAmount(1250, CURRENCIES.KWD, LOCALES["en-US"]), "KD1.250");
});

test("locale formats: grouping, decimal separator and symbol place", (t) => {
  t.is(formatAmount(123456789, CURRENCIES.EUR, LOCALES["de-DE"]), "1.234.567,89 €");
  t.is(formatAmount(123456789, CURRENCIES.EUR, LOCALES["fr-FR"]), "1 234 567,89 €");
  t.is(formatAmount(123456789, CURRENCIES.CHF, LOCALES["de-CH"]), "CHF 1'234'567.89");
  t.is(formatAmount(5, CURRENCIES.USD, LOCALES["en-US"]), "$0.05");
  t.is(formatAmount(-250, CURRENCIES.GBP, LOCALES["en-GB"]), "-£2.50");
  t.is(CURRENCIES.EUR.numeric, "978");
});
