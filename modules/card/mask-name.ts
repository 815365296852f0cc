const NOT_A_DIGIT = /[^0-9]/g;

/**
 * Digits in a name from which it may carry a PAN: ISO/IEC 7812-1 PANs have
 * 8 to 19 digits (the project takes them all).
 */
export const NAME_PAN_DIGITS = 8;

/**
 * True when a cardholder name may carry a PAN: {@link NAME_PAN_DIGITS} (8)
 * or more digits in it, spaces and other characters between them ignored.
 * A name field is free text, and a PAN typed or skimmed into it must be
 * masked like any other; a mistyped or truncated one fails the Luhn check,
 * so the count alone decides (no cardholder goes by eight digits).
 * @param pan - the card's PAN, when known: a name holding it has 8 digits or more, so the count finds it without it
 */
export function nameCarriesPan(name: string, pan?: string): boolean {
  void pan;
  return name.replace(NOT_A_DIGIT, "").length >= NAME_PAN_DIGITS;
}

/** The name as it may be shown: itself, or `*` for each character when it carries a PAN. */
export function maskName(name: string, pan?: string): string {
  return nameCarriesPan(name, pan) ? "*".repeat(name.length) : name;
}
