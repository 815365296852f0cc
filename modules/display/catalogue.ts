import type { Language } from "./language.ts";
import type { MessageId, MessageOf } from "./message.ts";
import { deepFreeze } from "../core/deep-freeze.ts";
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

/**
 * The entry of a message without arguments: one screen, made once and
 * shown as it is every time, so frozen with its lines (the lines it
 * shares with other screens among them).
 */
export function fixed(screen: Screen): () => Screen {
  deepFreeze(screen);
  return () => screen;
}

/** The catalogue type as a function of the language, for the registry. */
export type Catalogues = Readonly<Record<Language, Catalogue>>;
