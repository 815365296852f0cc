import { isName } from "./chars.ts";
import { XsposError } from "./error.ts";

/**
 * The key store port: the terminal's keys (the terminal master key,
 * session keys, the device data key) as bytes under names. On the device
 * it is a namespace of the ESP32's NVS partition, through the Moddable
 * `preference` module (hosts/esp32/preference-key-store.ts), which
 * release builds encipher (NVS encryption under flash encryption);
 * tests use {@link MemoryKeyStore}, the simulator a file of its front
 * end (hosts/desktop/bridge-storage.ts).
 *
 * Names are 1-15 characters of `A-Z a-z 0-9 _ . -` (an NVS key holds 15);
 * keys are 1-256 bytes. Nothing here logs a key or puts it in an error.
 */
export interface KeyStore {
  /** A copy of the key the caller owns and wipes (`fill(0)`) once used; undefined when there is none. */
  get(name: string): Uint8Array | undefined;
  /** Stores a copy of `key` under `name`, replacing any earlier key; atomic per name. */
  put(name: string, key: Uint8Array): void;
  /** Forgets the key under `name`; a name with no key is not an error. */
  delete(name: string): void;
}

/** The longest key the store takes, in bytes. */
export const MAX_KEY_BYTES = 256;

/** @throws XsposError `KEYSTORE_NAME` unless `name` is a valid key name */
export function checkKeyName(name: string): void {
  if (typeof name !== "string" || !isName(name, 1, 15)) {
    throw new XsposError("KEYSTORE_NAME", "a key name is 1-15 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
  }
}

/** @throws XsposError `KEYSTORE_KEY` unless `key` is 1-256 bytes */
export function checkKeyBytes(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length < 1 || key.length > MAX_KEY_BYTES) {
    throw new XsposError("KEYSTORE_KEY", `a key is a Uint8Array of 1-${MAX_KEY_BYTES} bytes`);
  }
}

/** A {@link KeyStore} in memory; a replaced or deleted key is wiped. */
export class MemoryKeyStore implements KeyStore {
  readonly #keys = new Map<string, Uint8Array>();

  get(name: string): Uint8Array | undefined {
    checkKeyName(name);
    return this.#keys.get(name)?.slice();
  }

  put(name: string, key: Uint8Array): void {
    checkKeyName(name);
    checkKeyBytes(key);
    this.#keys.get(name)?.fill(0);
    this.#keys.set(name, key.slice());
  }

  delete(name: string): void {
    checkKeyName(name);
    this.#keys.get(name)?.fill(0);
    this.#keys.delete(name);
  }

  /** Names that hold a key, for tests and diagnostics (names are not secret). */
  names(): string[] {
    return [...this.#keys.keys()];
  }
}
