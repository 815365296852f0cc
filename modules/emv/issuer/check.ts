import { EmvError } from "../error.ts";

/**
 * The length checks every issuer-side function starts with, so that a
 * wrong key or field is an `EmvError` naming the field, never a crypto
 * error from deep inside a MAC.
 */

/**
 * @throws EmvError `EMV_KEY` unless `key` is a double-length TDES key
 */
export function checkDoubleLengthKey(key: Uint8Array, what: string): void {
  if (key.length !== 16) throw new EmvError("EMV_KEY", `the ${what} is a 16-byte TDES key, got ${key.length} bytes`);
}

/**
 * @throws EmvError `EMV_DATA` unless `value` is `length` bytes long
 */
export function checkLength(value: Uint8Array, length: number, what: string): void {
  if (value.length !== length) throw new EmvError("EMV_DATA", `the ${what} is ${length} bytes, got ${value.length}`);
}
