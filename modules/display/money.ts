import { isCapitals } from "../core/chars.ts";
import { DisplayError } from "./error.ts";
import type { Language } from "./language.ts";
import { isIntegerIn } from "../core/integers.ts";

/** A currency as the display needs it: the ISO 4217 alphabetic code and the minor-unit exponent. */
export interface MoneyCurrency {
  /** ISO 4217 alphabetic code, e.g. `CNY` */
  code: string;
  /** ISO 4217 minor-unit exponent: 2 for CNY, 0 for JPY, 3 for KWD */
  exponent: number;
}

/**
 * An amount in minor units (fen for CNY) with its currency. The terminal's
 * `Currency` (modules/terminal) fits `currency` as it is.
 */
export interface Money {
  minor: number;
  currency: MoneyCurrency;
}

/** The largest amount shown: ISO 8583 DE4 holds 12 digits of minor units. */
export const MAX_MINOR = 999_999_999_999;

/** Throws `DISPLAY_ARGUMENT` naming `name` unless `money` is an amount the display can show. */
export function checkMoney(money: Money, name: string): void {
  if (typeof money !== "object" || money === null) throw new DisplayError("DISPLAY_ARGUMENT", `${name}: an amount { minor, currency } is required`);
  const { minor, currency } = money;
  if (!Number.isSafeInteger(minor) || minor < 0 || minor > MAX_MINOR) {
    throw new DisplayError("DISPLAY_ARGUMENT", `${name}: minor units must be an integer from 0 to ${MAX_MINOR}`);
  }
  if (typeof currency !== "object" || currency === null || typeof currency.code !== "string" || !isCapitals(currency.code, 3, 3)) {
    throw new DisplayError("DISPLAY_ARGUMENT", `${name}: currency code must be three letters A-Z (ISO 4217)`);
  }
  if (!isIntegerIn(currency.exponent, 0, 3)) {
    throw new DisplayError("DISPLAY_ARGUMENT", `${name}: currency exponent must be 0 to 3 (ISO 4217)`);
  }
}

function number(money: Money, group: boolean): string {
  const { exponent } = money.currency;
  const digits = String(money.minor).padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  let out = "";
  for (let i = 0; i < whole.length; i++) {
    if (group && i > 0 && (whole.length - i) % 3 === 0) out += ",";
    out += whole[i];
  }
  return exponent ? out + "." + digits.slice(digits.length - exponent) : out;
}

/**
 * The ways `language` writes `money`, widest first: grouped thousands,
 * then without grouping, then (code-prefixed forms) without the space.
 * English writes the ISO code before the number (`CNY 1,234.56`); Chinese
 * writes yuan as `1,234.56元` and other currencies by code. Only ASCII and
 * 元 are used: every display font has them. The narrowest form of the
 * largest amount ({@link MAX_MINOR}) is 16 columns at most, so an amount
 * always fits a 16-column row whole.
 */
export function amountVariants(money: Money, language: Language): string[] {
  const grouped = number(money, true);
  const plain = number(money, false);
  const code = money.currency.code;
  const forms =
    language === "zh" && code === "CNY"
      ? [`${grouped}元`, `${plain}元`]
      : [`${code} ${grouped}`, `${code} ${plain}`, `${code}${plain}`];
  return forms.filter((form, i) => forms.indexOf(form) === i);
}

/** `money` as `language` writes it with room to spare (the widest form). */
export function formatMoney(money: Money, language: Language): string {
  checkMoney(money, "amount");
  return amountVariants(money, language)[0];
}
