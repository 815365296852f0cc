import { CardError } from "./error.ts";

const DIGITS_ONLY = /^[0-9]+$/;

/**
 * Checks the form of a PAN: 12 to 19 digits (ISO/IEC 7812-1 allows up to
 * 19; payment cards in use have at least 12).
 * @throws CardError `CARD_PAN`
 */
export function checkPan(pan: string): string {
  if (!DIGITS_ONLY.test(pan)) throw new CardError("CARD_PAN", "PAN must be digits only");
  if (pan.length < 12 || pan.length > 19) throw new CardError("CARD_PAN", `PAN must have 12 to 19 digits, got ${pan.length}`);
  return pan;
}
