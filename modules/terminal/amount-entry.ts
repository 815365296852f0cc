import type { KeyEvent } from "../core/keys.ts";
import type { Display } from "../core/ports.ts";
import { formatAmount, type AmountLocale, type Currency } from "./currency.ts";

/** How an amount entry ended. */
export type AmountResult = { kind: "amount"; minor: number } | { kind: "cancelled" };

/** Options of {@link AmountEntry}. */
export interface AmountEntryOptions {
  currency: Currency;
  locale: AmountLocale;
  display: Display;
  /** the largest amount accepted, minor units (default 999 999 999 999: ISO 8583 DE4 holds 12 digits) */
  maxMinor?: number;
  /** lines above the amount, e.g. the transaction type */
  prompt?: string[];
  onDone: (result: AmountResult) => void;
}

/**
 * Amount entry as cash registers do it: digits come in at the right, in
 * minor units (typing 1 2 5 0 shows 12,50), `00` adds two zeros, CLEAR
 * takes the last digit back (and keeps doing so while held), ENTER
 * accepts a non-zero amount, CANCEL gives up. A digit that would pass the
 * maximum is refused.
 */
export class AmountEntry {
  #minor = 0;
  #options: AmountEntryOptions;
  #max: number;
  #done = false;
  #hint: string | undefined;

  constructor(options: AmountEntryOptions) {
    this.#options = options;
    this.#max = options.maxMinor ?? 999_999_999_999;
    this.#show();
  }

  get minor(): number {
    return this.#minor;
  }

  get done(): boolean {
    return this.#done;
  }

  /** Feeds one key from the keypad. */
  key(event: KeyEvent): void {
    if (this.#done) return;
    this.#hint = undefined;
    const k = event.key;
    if (k === "CLEAR") {
      this.#minor = Math.floor(this.#minor / 10);
    } else if (event.repeat) {
      return;
    } else if (k === "CANCEL") {
      this.#done = true;
      return this.#options.onDone({ kind: "cancelled" });
    } else if (k === "ENTER") {
      if (this.#minor > 0) {
        this.#done = true;
        return this.#options.onDone({ kind: "amount", minor: this.#minor });
      }
    } else if (k === "00" || (k.length === 1 && k >= "0" && k <= "9")) {
      const next = k === "00" ? this.#minor * 100 : this.#minor * 10 + Number(k);
      if (next <= this.#max) this.#minor = next;
      else this.#hint = `MAX ${formatAmount(this.#max, this.#options.currency, this.#options.locale)}`;
    }
    this.#show();
  }

  #show(): void {
    const { currency, locale } = this.#options;
    const lines = [...(this.#options.prompt ?? ["AMOUNT"]), formatAmount(this.#minor, currency, locale)];
    if (this.#hint) lines.push(this.#hint);
    this.#options.display.show(lines);
  }
}
