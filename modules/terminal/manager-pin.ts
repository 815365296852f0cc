import { wipe } from "../core/bytes.ts";
import type { KeyStore } from "../core/key-store.ts";
import type { Crypto } from "../crypto/port.ts";
import { TerminalError } from "./error.ts";

/** ISO 9564-1 PIN lengths, which the manager PIN follows too. */
export const MANAGER_PIN_MIN = 4;
export const MANAGER_PIN_MAX = 12;

/**
 * The value kept in the key store for a manager PIN: SHA-256 over a
 * domain label and the digits as ASCII. The configuration says only under
 * which name it lives; the PIN itself is never in the configuration.
 */
function pinDigest(crypto: Crypto, digits: Uint8Array, length: number): Uint8Array {
  const label = "xspos manager PIN:";
  const data = new Uint8Array(label.length + length);
  for (let i = 0; i < label.length; i++) data[i] = label.charCodeAt(i);
  for (let i = 0; i < length; i++) data[label.length + i] = 48 + digits[i];
  const digest = crypto.digest("SHA-256", data);
  wipe(data);
  return digest;
}

/**
 * Provisions the manager PIN (key injection, or the host's set-up screen):
 * stores its digest under `keyName`.
 * @throws TerminalError `TERMINAL_MANAGER_PIN` unless `pin` is 4-12 decimal digits
 */
export function provisionManagerPin(keys: KeyStore, keyName: string, crypto: Crypto, pin: string): void {
  if (typeof pin !== "string" || pin.length < MANAGER_PIN_MIN || pin.length > MANAGER_PIN_MAX) {
    throw new TerminalError("TERMINAL_MANAGER_PIN", `a manager PIN has ${MANAGER_PIN_MIN} to ${MANAGER_PIN_MAX} digits`);
  }
  const digits = new Uint8Array(pin.length);
  for (let i = 0; i < pin.length; i++) {
    const d = pin.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new TerminalError("TERMINAL_MANAGER_PIN", "a manager PIN is decimal digits only");
    digits[i] = d;
  }
  const digest = pinDigest(crypto, digits, digits.length);
  wipe(digits);
  keys.put(keyName, digest);
  wipe(digest);
}

/**
 * True when the digits typed (the first `length` of `digits`) are the
 * manager PIN stored under `keyName`; false when none is stored. The
 * comparison takes the same time wherever the digests differ.
 */
export function checkManagerPin(keys: KeyStore, keyName: string, crypto: Crypto, digits: Uint8Array, length: number): boolean {
  const stored = keys.get(keyName);
  if (!stored) return false;
  const typed = pinDigest(crypto, digits, length);
  let diff = stored.length ^ typed.length;
  for (let i = 0; i < typed.length; i++) diff |= typed[i] ^ (stored[i] ?? 0);
  wipe(stored);
  wipe(typed);
  return diff === 0;
}
