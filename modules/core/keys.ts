/**
 * The keys of a payment terminal's keypad, as the keypad driver reports
 * them and the entry components consume them.
 */
export type KeypadKey =
  | "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9"
  | "00"
  | "."
  | "CANCEL"
  | "CLEAR"
  | "ENTER"
  | "F1" | "F2" | "F3" | "F4"
  | "MENU";

/** One key press (or, for a held repeating key, one repeat). */
export interface KeyEvent {
  key: KeypadKey;
  /** true for the automatic repeats of a held key */
  repeat: boolean;
  /** clock time of the press, ms */
  at: number;
}

/** The digit value of a digit key, or undefined. */
export function digitOf(key: KeypadKey): number | undefined {
  return key.length === 1 && key >= "0" && key <= "9" ? key.charCodeAt(0) - 48 : undefined;
}
