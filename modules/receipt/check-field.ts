import { isDigits, isHexBytes, isLettersAndDigits, isPrintableAscii } from "../core/chars.ts";
import { cleanText } from "./clean-text.ts";
import type { ReceiptImage } from "./document.ts";
import { ReceiptError } from "./error.ts";

const KINDS = { digits: isDigits, alnum: isLettersAndDigits, printable: isPrintableAscii } as const;

/**
 * An identifier field (IDs, numbers, codes): a string of 1 to `max`
 * characters of its kind.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function checkId(value: unknown, field: string, kind: keyof typeof KINDS, max: number): string {
  if (typeof value !== "string" || !KINDS[kind](value, 1, max)) {
    const what = kind === "digits" ? "digits" : kind === "alnum" ? "letters and digits" : "printable ASCII characters";
    throw new ReceiptError("RECEIPT_FIELD", `${field} must be 1 to ${max} ${what}`);
  }
  return value;
}

/**
 * Bytes in hex, `min` to `max` bytes; printed upper case.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function checkHex(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== "string" || !isHexBytes(value, Math.max(min, 1), max)) {
    throw new ReceiptError("RECEIPT_FIELD", min === max ? `${field} must be ${min} bytes in hex` : `${field} must be ${min} to ${max} bytes in hex`);
  }
  return value.toUpperCase();
}

/**
 * Free text (names, addresses, response text), cleaned by {@link cleanText}.
 * @throws ReceiptError `RECEIPT_FIELD` when it is not a string
 */
export function checkText(value: unknown, field: string): string {
  if (typeof value !== "string") throw new ReceiptError("RECEIPT_FIELD", `${field} must be a string`);
  return cleanText(value);
}

/** The widest and tallest image a receipt takes: 80 mm paper's 576 dots, and about 12 cm of paper. */
export const MAX_IMAGE_WIDTH = 576;
export const MAX_IMAGE_HEIGHT = 1024;

/**
 * A 1-bit raster image: whole dimensions within bounds and exactly
 * `ceil(width / 8) * height` bytes.
 * @throws ReceiptError `RECEIPT_FIELD`
 */
export function checkImage(value: unknown, field: string): ReceiptImage {
  const image = value as Partial<ReceiptImage> | null | undefined;
  const width = image?.width;
  const height = image?.height;
  const bits = image?.bits;
  if (typeof width !== "number" || !Number.isInteger(width) || width < 1 || width > MAX_IMAGE_WIDTH) throw new ReceiptError("RECEIPT_FIELD", `${field}.width must be a whole number of dots from 1 to ${MAX_IMAGE_WIDTH}`);
  if (typeof height !== "number" || !Number.isInteger(height) || height < 1 || height > MAX_IMAGE_HEIGHT) throw new ReceiptError("RECEIPT_FIELD", `${field}.height must be a whole number of dots from 1 to ${MAX_IMAGE_HEIGHT}`);
  if (!(bits instanceof Uint8Array) || bits.length !== Math.ceil(width / 8) * height) throw new ReceiptError("RECEIPT_FIELD", `${field}.bits must be ${Math.ceil(width / 8) * height} bytes (rows of ${Math.ceil(width / 8)})`);
  return { width, height, bits };
}
