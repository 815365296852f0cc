import Preference from "preference";
import { XsposError } from "../../modules/core/error.ts";
import { checkKeyName } from "../../modules/core/key-store.ts";
import type { Store } from "../../modules/core/ports.ts";

/**
 * The {@link Store} port in NVS through the Moddable `preference` module:
 * one namespace (default `xspos.dukpt`), one blob per key. It keeps the
 * DUKPT registers. ESP-IDF's NVS writes a new entry before it erases the
 * old one, so after a power cut a key holds its old value or its new one:
 * the store's atomicity per key. The registers are key material: the
 * NVS encryption of release builds (preference-key-store.ts) covers
 * this namespace too.
 */
export class PreferenceStore implements Store {
  readonly #domain: string;

  /** @param domain - the NVS namespace, at most 15 characters */
  constructor(domain = "xspos.dukpt") {
    checkKeyName(domain);
    this.#domain = domain;
  }

  read(key: string): Uint8Array | undefined {
    checkKeyName(key);
    const value = Preference.get(this.#domain, key);
    if (value === undefined) return undefined;
    if (!(value instanceof ArrayBuffer)) throw new XsposError("STORE_VALUE", `the value stored under "${key}" is not bytes`);
    return new Uint8Array(value);
  }

  write(key: string, value: Uint8Array): void {
    checkKeyName(key);
    const copy = value.slice();
    try {
      Preference.set(this.#domain, key, copy.buffer);
    } finally {
      copy.fill(0);
    }
  }

  delete(key: string): void {
    checkKeyName(key);
    Preference.delete(this.#domain, key);
  }
}
