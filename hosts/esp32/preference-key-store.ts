import Preference from "preference";
import { XsposError } from "../../modules/core/error.ts";
import { checkKeyBytes, checkKeyName, type KeyStore } from "../../modules/core/key-store.ts";

/**
 * The key store port on the ESP32: one NVS namespace (default
 * `xspos.keys`) through the Moddable `preference` module, a blob per key.
 *
 * Release builds encipher it: hosts/esp32/sdkconfig/sdkconfig.defaults.release
 * turns on flash encryption (release mode) and ESP-IDF NVS encryption
 * (`CONFIG_NVS_ENCRYPTION`, its XTS keys in the flash-encrypted
 * `nvs_keys` partition of partitions.csv), so `nvs_flash_init` opens
 * the default NVS partition enciphered and the `preference` module reads
 * and writes through it unchanged. Debug builds (`DEBUG=1`) turn on
 * neither: there the keys lie in the clear in flash, so such a board
 * must carry test keys only (board.ts `testKeys`).
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
