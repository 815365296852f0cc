import type { Language } from "./language.ts";
import type { MessageId, MessageOf } from "./message.ts";
import type { Screen } from "./screen.ts";

/** How one language writes every message: a function per identifier. */
export type Catalogue = { readonly [K in MessageId]: (message: MessageOf<K>) => Screen };

/** `digits` asterisks: what a PIN screen shows of the PIN. */
export function mask(digits: number): string {
  return "*".repeat(digits);
}

/** Numbers a list 1-9 then 0, the digit key that picks each item. */
export function itemKey(index: number): string {
  return String((index + 1) % 10);
}

/** The catalogue type as a function of the language, for the registry. */
export type Catalogues = Readonly<Record<Language, Catalogue>>;
