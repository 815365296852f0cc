import { maskPan } from "../../card/mask.ts";
import { compressedNumericDigits } from "../format.ts";

/*
 * Identifiers that certificates carry in `cn` (BCD, padded to the right
 * with F): the Issuer Identifier (Book 2 §5.3, 4 bytes, the PAN's leftmost
 * 3 to 8 digits) and the Application PAN of an ICC certificate (§6.4, 10
 * bytes). The card's PAN (5A) is `cn` too.
 */

/** §5.3 step 8: the Issuer Identifier is 3 to 8 digits and the PAN starts with them. */
export function issuerIdentifierMatches(identifier: Uint8Array, pan: Uint8Array): boolean {
  const id = compressedNumericDigits(identifier);
  const digits = compressedNumericDigits(pan);
  return id !== undefined && digits !== undefined && id.length >= 3 && digits.startsWith(id);
}

/** §6.4 step 8: the certificate's Application PAN is the card's PAN, digit for digit. */
export function certificatePanMatches(certificatePan: Uint8Array, pan: Uint8Array): boolean {
  const a = compressedNumericDigits(certificatePan);
  const b = compressedNumericDigits(pan);
  return a !== undefined && b !== undefined && a.length > 0 && a === b;
}

/** A certificate's Application PAN as a result may show it: first 6 and last 4 digits, or `null` when it is not `cn`. */
export function maskedCertificatePan(certificatePan: Uint8Array): string | null {
  const digits = compressedNumericDigits(certificatePan);
  return digits === undefined ? null : maskPan(digits);
}
