import { isDigitCode, spanOf } from "../core/chars.ts";
import { maskPan } from "../card/mask.ts";
import { ReceiptError } from "./error.ts";

declare const MASKED: unique symbol;

/**
 * A PAN as a receipt may print it: at most the first 6 and the last 4
 * digits shown, every other position masked (PCI DSS 3.4). Only
 * {@link maskedPan} and {@link maskPanForReceipt} make one.
 */
export type MaskedPan = string & { readonly [MASKED]: true };

/** A masked position: `*`, `X` or `x`. */
function isMaskCode(code: number): boolean {
  return code === 0x2a || code === 0x58 || code === 0x78;
}

/** At most 6 shown digits, at least one masked position, at most 4 shown digits, nothing else. */
function isMaskedForm(text: string): boolean {
  const first = spanOf(text, isDigitCode);
  const masked = spanOf(text, isMaskCode, first);
  const last = spanOf(text, isDigitCode, masked);
  return first <= 6 && masked > first && last === text.length && last - masked <= 4;
}

/**
 * Checks that a PAN is already masked: 8 to 19 positions, digits only in
 * the first 6 and the last 4, at least one masked position.
 * @throws ReceiptError `RECEIPT_PAN` otherwise (the message never repeats the digits)
 */
export function maskedPan(text: string): MaskedPan {
  if (typeof text !== "string") throw new ReceiptError("RECEIPT_PAN", "the PAN must be a string");
  if (text.length < 8 || text.length > 19) throw new ReceiptError("RECEIPT_PAN", `a masked PAN has 8 to 19 positions, not ${text.length}`);
  if (!isMaskedForm(text)) throw new ReceiptError("RECEIPT_PAN", "the PAN must be masked: at most its first 6 and last 4 digits shown, the rest as * or X");
  return text as MaskedPan;
}

/**
 * Masks a full PAN for a receipt (first 6, last 4).
 * @throws ReceiptError `RECEIPT_PAN` when the PAN is not 12 to 19 digits
 */
export function maskPanForReceipt(pan: string): MaskedPan {
  if (typeof pan !== "string" || pan.length < 12 || pan.length > 19) throw new ReceiptError("RECEIPT_PAN", "a PAN has 12 to 19 digits");
  return maskedPan(maskPan(pan));
}
