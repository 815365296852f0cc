import Preference from "preference";
import { XsposError } from "../../modules/core/error.ts";
import { checkKeyBytes, checkKeyName, type KeyStore } from "../../modules/core/key-store.ts";

/**
 * The key store port on the ESP32: one NVS namespace (default
 * `xspos.keys`) through the Moddable `preference` module, a blob per key.
 *
 * The keys are enciphered at rest only when the board's build turns on
 * ESP-IDF NVS encryption (`CONFIG_NVS_ENCRYPTION`, with flash encryption
 * and an `nvs_keys` partition, or the HMAC-based scheme on chips that
 * have the peripheral): `nvs_flash_init` then opens the default NVS
 * partition encrypted, and the `preference` module reads and writes
 * through it unchanged. Without it the keys lie in the clear in flash.
 */
export class PreferenceKeyStore implements KeyStore {
  readonly #domain: string;

  /** @param domain - the NVS namespace, at most 15 characters */
  constructor(domain = "xspos.keys") {
    checkKeyName(domain);
    this.#domain = domain;
  }

  get(name: string): Uint8Array | undefined {
    checkKeyName(name);
    const value = Preference.get(this.#domain, name);
    if (value === undefined) return undefined;
    if (!(value instanceof ArrayBuffer)) throw new XsposError("KEYSTORE_VALUE", `the value stored under "${name}" is not a key`);
    // the module hands back a new buffer: the view is the caller's to wipe
    return new Uint8Array(value);
  }

  put(name: string, key: Uint8Array): void {
    checkKeyName(name);
    checkKeyBytes(key);
    const copy = key.slice();
    try {
      Preference.set(this.#domain, name, copy.buffer);
    } finally {
      copy.fill(0);
    }
  }

  delete(name: string): void {
    checkKeyName(name);
    Preference.delete(this.#domain, name);
  }
}
