import { wipe } from "../core/bytes.ts";
import type { KeyStore } from "../core/key-store.ts";
import { pbkdf2HmacSha256 } from "../crypto/pbkdf2.ts";
import type { Crypto } from "../crypto/port.ts";
import { TerminalError } from "./error.ts";

/** ISO 9564-1 PIN lengths, which the manager PIN follows too. */
export const MANAGER_PIN_MIN = 4;
export const MANAGER_PIN_MAX = 12;

/**
 * PBKDF2 rounds for a new verifier. A PIN of 4 digits has only 10^4
 * values: the rounds do not make a stolen verifier safe, they make each
 * guess cost (`npm run bench`, terminal.managerPinCheck, keeps one check
 * well under 100 ms on XS); the salt stops one table serving every
 * terminal. The count is stored with each verifier, so raising it later
 * leaves existing verifiers valid.
 */
export const MANAGER_PIN_ITERATIONS = 64;

/** The random salt beside each verifier, bytes. */
export const MANAGER_PIN_SALT_BYTES = 16;

// the stored verifier: a version byte, the rounds (4 bytes, big-endian), the salt, the derived key
const VERSION_SALTED = 1;
const KEY_BYTES = 32;
const SALTED_BYTES = 1 + 4 + MANAGER_PIN_SALT_BYTES + KEY_BYTES;
// what earlier firmware stored: SHA-256 over LABEL and the digits, no salt, no rounds
const LEGACY_BYTES = 32;
const LABEL = "xspos manager PIN:";

/** The digits as ASCII, after the domain label; the caller wipes it. */
function labelled(digits: Uint8Array, length: number): Uint8Array {
  const data = new Uint8Array(LABEL.length + length);
  for (let i = 0; i < LABEL.length; i++) data[i] = LABEL.charCodeAt(i);
  for (let i = 0; i < length; i++) data[LABEL.length + i] = 48 + digits[i];
  return data;
}

/** A salted verifier of the digits, with a fresh salt from the crypto port's random source. */
function saltedVerifier(crypto: Crypto, digits: Uint8Array, length: number, iterations: number): Uint8Array {
  const salt = crypto.random(MANAGER_PIN_SALT_BYTES);
  const password = labelled(digits, length);
  const key = pbkdf2HmacSha256(crypto, password, salt, iterations, KEY_BYTES);
  wipe(password);
  const out = new Uint8Array(SALTED_BYTES);
  out[0] = VERSION_SALTED;
  out[1] = iterations >>> 24;
  out[2] = (iterations >>> 16) & 0xff;
  out[3] = (iterations >>> 8) & 0xff;
  out[4] = iterations & 0xff;
  out.set(salt, 5);
  out.set(key, 5 + MANAGER_PIN_SALT_BYTES);
  wipe(key);
  return out;
}

/** Whether `a` and `b` are equal, in a time that does not depend on where they differ. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ (b[i] ?? 0);
  return diff === 0;
}

/**
 * Provisions the manager PIN (key injection, or the host's set-up screen):
 * stores under `keyName` a verifier, PBKDF2-HMAC-SHA-256 of the digits
 * with 16 random bytes of salt and `iterations` rounds, salt and rounds
 * beside it. The configuration says only under which name it lives; the
 * PIN itself is never in the configuration.
 * @throws TerminalError `TERMINAL_MANAGER_PIN` unless `pin` is 4-12 decimal digits
 */
export function provisionManagerPin(keys: KeyStore, keyName: string, crypto: Crypto, pin: string, iterations = MANAGER_PIN_ITERATIONS): void {
  const digits = pinDigits(pin);
  const verifier = saltedVerifier(crypto, digits, digits.length, iterations);
  wipe(digits);
  keys.put(keyName, verifier);
  wipe(verifier);
}

function pinDigits(pin: string): Uint8Array {
  if (typeof pin !== "string" || pin.length < MANAGER_PIN_MIN || pin.length > MANAGER_PIN_MAX) {
    throw new TerminalError("TERMINAL_MANAGER_PIN", `a manager PIN has ${MANAGER_PIN_MIN} to ${MANAGER_PIN_MAX} digits`);
  }
  const digits = new Uint8Array(pin.length);
  for (let i = 0; i < pin.length; i++) {
    const d = pin.charCodeAt(i) - 48;
    if (d < 0 || d > 9) throw new TerminalError("TERMINAL_MANAGER_PIN", "a manager PIN is decimal digits only");
    digits[i] = d;
  }
  return digits;
}

/**
 * True when the digits typed (the first `length` of `digits`) are the
 * manager PIN stored under `keyName`; false when none is stored or the
 * stored value is neither form. The comparison takes the same time
 * wherever the values differ. An unsalted verifier (earlier firmware)
 * that matches is replaced at once by a salted one: the PIN is known
 * only at this moment, so this is the one chance to migrate it.
 */
export function checkManagerPin(keys: KeyStore, keyName: string, crypto: Crypto, digits: Uint8Array, length: number): boolean {
  const stored = keys.get(keyName);
  if (!stored) return false;
  let ok = false;
  if (stored.length === SALTED_BYTES && stored[0] === VERSION_SALTED) {
    const iterations = ((stored[1] << 24) | (stored[2] << 16) | (stored[3] << 8) | stored[4]) >>> 0;
    const salt = stored.subarray(5, 5 + MANAGER_PIN_SALT_BYTES);
    const password = labelled(digits, length);
    // a corrupt round count fails the check rather than throwing, or taking minutes
    if (iterations >= 1 && iterations <= 1_000_000) {
      const key = pbkdf2HmacSha256(crypto, password, salt, iterations, KEY_BYTES);
      ok = sameBytes(key, stored.subarray(5 + MANAGER_PIN_SALT_BYTES));
      wipe(key);
    }
    wipe(password);
  } else if (stored.length === LEGACY_BYTES) {
    const data = labelled(digits, length);
    const typed = crypto.digest("SHA-256", data);
    wipe(data);
    ok = sameBytes(typed, stored);
    wipe(typed);
    if (ok) {
      const verifier = saltedVerifier(crypto, digits, length, MANAGER_PIN_ITERATIONS);
      keys.put(keyName, verifier);
      wipe(verifier);
    }
  }
  wipe(stored);
  return ok;
}
