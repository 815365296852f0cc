import { checkKeyBytes, checkKeyName, type KeyStore } from "../../modules/core/key-store.ts";
import { NvsBlobs } from "./nvs-blobs.ts";
import type { PreferencePort } from "./preference-port.ts";

/**
 * The key store port on the ESP32: one NVS namespace (default
 * `xspos.keys`) through the Moddable `preference` module, a blob per key,
 * each replaced whole or not at all across a power cut (nvs-blobs.ts: the
 * SDK erases a key before writing it, so a write goes through a copy in
 * the namespace `xspos.keys~`).
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
  readonly #blobs: NvsBlobs;

  /**
   * @param preference - the `preference` module (main.ts passes `Preference`)
   * @param domain - the NVS namespace, at most 14 characters (nvs-blobs.ts)
   */
  constructor(preference: PreferencePort, domain = "xspos.keys") {
    this.#blobs = new NvsBlobs(preference, domain);
  }

  get(name: string): Uint8Array | undefined {
    return this.#blobs.read(name, "KEYSTORE_VALUE", "a key");
  }

  put(name: string, key: Uint8Array): void {
    checkKeyName(name);
    checkKeyBytes(key);
    this.#blobs.write(name, key);
  }

  delete(name: string): void {
    this.#blobs.delete(name);
  }
}
