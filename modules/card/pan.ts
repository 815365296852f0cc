import { isDigits } from "../core/chars.ts";
import { CardError } from "./error.ts";

/**
 * Checks the form of a PAN: 12 to 19 digits (ISO/IEC 7812-1 allows up to
 * 19; payment cards in use have at least 12).
 * @throws CardError `CARD_PAN`
 */
export function checkPan(pan: string): string {
  if (!isDigits(pan, 1)) throw new CardError("CARD_PAN", "PAN must be digits only");
  if (pan.length < 12 || pan.length > 19) throw new CardError("CARD_PAN", `PAN must have 12 to 19 digits, got ${pan.length}`);
  return pan;
}
