/**
 * Currencies by ISO 4217 code: numeric code (ISO 8583 DE49) and minor-unit
 * exponent. The table holds the currencies a terminal commonly meets; the
 * exponents are ISO 4217's (0 for JPY, KRW, CLP, ...; 3 for BHD, KWD, ...).
 */
export interface Currency {
  code: string;
  numeric: string;
  exponent: 0 | 2 | 3;
  symbol: string;
}

const TABLE: [string, string, 0 | 2 | 3, string][] = [
  ["USD", "840", 2, "$"], ["EUR", "978", 2, "€"], ["GBP", "826", 2, "£"], ["JPY", "392", 0, "¥"],
  ["CNY", "156", 2, "¥"], ["CHF", "756", 2, "CHF"], ["CAD", "124", 2, "$"], ["AUD", "036", 2, "$"],
  ["INR", "356", 2, "₹"], ["BRL", "986", 2, "R$"], ["MXN", "484", 2, "$"], ["KRW", "410", 0, "₩"],
  ["CLP", "152", 0, "$"], ["SEK", "752", 2, "kr"], ["NOK", "578", 2, "kr"], ["DKK", "208", 2, "kr"],
  ["PLN", "985", 2, "zł"], ["ZAR", "710", 2, "R"], ["SGD", "702", 2, "$"], ["HKD", "344", 2, "$"],
  ["KWD", "414", 3, "KD"], ["BHD", "048", 3, "BD"], ["JOD", "400", 3, "JD"], ["TND", "788", 3, "DT"],
];

export const CURRENCIES: Readonly<Record<string, Currency>> = Object.fromEntries(
  TABLE.map(([code, numeric, exponent, symbol]) => [code, { code, numeric, exponent, symbol }]),
);

/** How a locale writes an amount: separators and where the symbol goes. */
export interface AmountLocale {
  decimal: string;
  group: string;
  /** `{n}` is the number, `{s}` the symbol */
  pattern: string;
}

export const LOCALES: Readonly<Record<string, AmountLocale>> = {
  "en-US": { decimal: ".", group: ",", pattern: "{s}{n}" },
  "en-GB": { decimal: ".", group: ",", pattern: "{s}{n}" },
  "de-DE": { decimal: ",", group: ".", pattern: "{n} {s}" },
  "fr-FR": { decimal: ",", group: " ", pattern: "{n} {s}" },
  "ja-JP": { decimal: ".", group: ",", pattern: "{s}{n}" },
  "de-CH": { decimal: ".", group: "'", pattern: "{s} {n}" },
};

/** An amount in minor units as the locale writes it, e.g. 123456 EUR in de-DE: `1.234,56 €`. */
export function formatAmount(minor: number, currency: Currency, locale: AmountLocale): string {
  const negative = minor < 0;
  const digits = String(Math.abs(minor)).padStart(currency.exponent + 1, "0");
  const whole = digits.slice(0, digits.length - currency.exponent);
  const fraction = digits.slice(digits.length - currency.exponent);
  let grouped = "";
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) grouped += locale.group;
    grouped += whole[i];
  }
  const number = grouped + (currency.exponent ? locale.decimal + fraction : "");
  return (negative ? "-" : "") + locale.pattern.replace("{n}", number).replace("{s}", currency.symbol);
}
