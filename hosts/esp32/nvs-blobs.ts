import { isName } from "../../modules/core/chars.ts";
import { XsposError } from "../../modules/core/error.ts";
import { checkKeyName } from "../../modules/core/key-store.ts";
import type { PreferencePort } from "./preference-port.ts";

/**
 * Blobs in one NVS namespace through the `preference` module, each
 * replaced as a whole or not at all across a power cut.
 *
 * The SDK's `Preference.set` on the ESP32 erases the key before it writes
 * the new value (modules/files/preference/esp32/modPreference.c,
 * `ERASE_KEY`, a work-around for an ESP-IDF bug with changing types), so
 * a cut between the two would leave the key with no value: for the DUKPT
 * registers or the master key, a terminal that cannot make a PIN block
 * until its keys are injected again. So a write first puts the new value
 * under the same key in a second namespace, the domain followed by `~`,
 * then in the domain, then deletes the copy; a read takes the copy when
 * there is one (a write was cut after it was made). The domain is 1-14
 * characters, so that the copy's namespace fits NVS's 15.
 */
export class NvsBlobs {
  readonly #preference: PreferencePort;
  readonly #domain: string;
  readonly #copy: string;

  /** @throws XsposError `KEYSTORE_NAME` unless `domain` is 1-14 characters of `A-Z a-z 0-9 _ . -` */
  constructor(preference: PreferencePort, domain: string) {
    if (typeof domain !== "string" || !isName(domain, 1, 14)) {
      throw new XsposError("KEYSTORE_NAME", "an NVS namespace for the stores is 1-14 characters of A-Z, a-z, 0-9, '_', '.' and '-'");
    }
    this.#preference = preference;
    this.#domain = domain;
    this.#copy = `${domain}~`;
  }

  /**
   * The bytes under `key` (a new buffer, the caller's to wipe), or undefined.
   * @throws XsposError `KEYSTORE_NAME`; `code` ("... is not `expected`") for a value that is not bytes
   */
  read(key: string, code: string, expected: string): Uint8Array | undefined {
    checkKeyName(key);
    const value = this.#preference.get(this.#copy, key) ?? this.#preference.get(this.#domain, key);
    if (value === undefined) return undefined;
    if (!(value instanceof ArrayBuffer)) throw new XsposError(code, `the value stored under "${key}" is not ${expected}`);
    return new Uint8Array(value);
  }

  /** Replaces the value under `key` through a copy of `value`, wiped once written (the caller checks both first). */
  write(key: string, value: Uint8Array): void {
    const copy = value.slice();
    try {
      this.#preference.set(this.#copy, key, copy.buffer);
      this.#preference.set(this.#domain, key, copy.buffer);
      this.#preference.delete(this.#copy, key);
    } finally {
      copy.fill(0);
    }
  }

  /**
   * Deletes the value under `key`; none is not an error.
   * @throws XsposError `KEYSTORE_NAME`
   */
  delete(key: string): void {
    checkKeyName(key);
    this.#preference.delete(this.#copy, key);
    this.#preference.delete(this.#domain, key);
  }
}
