import test from "ava";
import type { KeypadKey } from "../../../modules/core/keys.ts";
import { AmountEntry, type AmountResult } from "../../../modules/terminal/amount-entry.ts";
import { CURRENCIES, LOCALES, formatAmount } from "../../../modules/terminal/currency.ts";
import { RecordingDisplay } from "../../support/recorders.ts";

function entry(code = "EUR", locale = "de-DE", maxMinor?: number) {
  const display = new RecordingDisplay();
  const results: AmountResult[] = [];
  const e = new AmountEntry({ currency: CURRENCIES[code], locale: LOCALES[locale], display, maxMinor, onDone: (r) => results.push(r) });
  const press = (...keys: (KeypadKey | [KeypadKey, "repeat"])[]) => {
    for (const k of keys) e.key(Array.isArray(k) ? { key: k[0], repeat: true, at: 0 } : { key: k, repeat: false, at: 0 });
  };
  return { e, display, results, press };
}

// ISO 4217 exponents: EUR 2, JPY 0, KWD 3.
test("digits enter minor units from the right, by the currency's exponent", (t) => {
  const eur = entry();
  eur.press("1", "2", "5", "0");
  t.is(eur.display.last[1], "12,50 €");
  const jpy = entry("JPY", "ja-JP");
  jpy.press("1", "2", "5", "0");
  t.is(jpy.display.last[1], "¥1,250");
  const kwd = entry("KWD", "en-US");
  kwd.press("1", "2", "5", "0");
  t.is(kwd.display.last[1], "KD1.250");
});

test("00, CLEAR (held CLEAR keeps erasing), ENTER", (t) => {
  const { press, results, display } = entry("USD", "en-US");
  press("4", "00", "7", "CLEAR", "5");
  t.is(display.last[1], "$40.05");
  press("CLEAR", ["CLEAR", "repeat"], ["CLEAR", "repeat"], ["CLEAR", "repeat"]);
  t.is(display.last[1], "$0.00");
  press("ENTER");
  t.is(results.length, 0, "a zero amount is not accepted");
  press("9", "9", "ENTER");
  t.deepEqual(results, [{ kind: "amount", minor: 99 }]);
});

test("the maximum amount refuses the digit that would pass it", (t) => {
  const { press, e, display } = entry("EUR", "de-DE", 50000);
  press("5", "0", "0", "0", "0", "1");
  t.is(e.minor, 50000);
  t.regex(display.last[2], /MAX 500,00 €/);
});

test("CANCEL ends the entry; later keys are ignored", (t) => {
  const { press, results } = entry();
  press("1", "CANCEL", "2", "ENTER");
  t.deepEqual(results, [{ kind: "cancelled" }]);
});

test("locale formats: grouping, decimal separator and symbol place", (t) => {
  t.is(formatAmount(123456789, CURRENCIES.EUR, LOCALES["de-DE"]), "1.234.567,89 €");
  t.is(formatAmount(123456789, CURRENCIES.EUR, LOCALES["fr-FR"]), "1 234 567,89 €");
  t.is(formatAmount(123456789, CURRENCIES.CHF, LOCALES["de-CH"]), "CHF 1'234'567.89");
  t.is(formatAmount(5, CURRENCIES.USD, LOCALES["en-US"]), "$0.05");
  t.is(formatAmount(-250, CURRENCIES.GBP, LOCALES["en-GB"]), "-£2.50");
  t.is(CURRENCIES.EUR.numeric, "978");
});
