import { isName } from "../../modules/core/chars.ts";
import { XsposError } from "../../modules/core/error.ts";
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

  /** The value under `key` (a blob is a new ArrayBuffer), or undefined. */
  read(key: string): string | boolean | number | ArrayBuffer | undefined {
    return this.#preference.get(this.#copy, key) ?? this.#preference.get(this.#domain, key);
  }

  /** Replaces the value under `key` with the bytes of `value`. */
  write(key: string, value: ArrayBuffer): void {
    this.#preference.set(this.#copy, key, value);
    this.#preference.set(this.#domain, key, value);
    this.#preference.delete(this.#copy, key);
  }

  /** Deletes the value under `key`; none is not an error. */
  delete(key: string): void {
    this.#preference.delete(this.#copy, key);
    this.#preference.delete(this.#domain, key);
  }
}
