import { XsposError } from "../../modules/core/error.ts";
import { checkKeyName } from "../../modules/core/key-store.ts";
import type { Store } from "../../modules/core/ports.ts";
import { NvsBlobs } from "./nvs-blobs.ts";
import type { PreferencePort } from "./preference-port.ts";

/**
 * The {@link Store} port in NVS through the Moddable `preference` module:
 * one namespace (default `xspos.dukpt`), one blob per key. It keeps the
 * DUKPT registers. The SDK's `Preference.set` erases a key before it
 * writes it; nvs-blobs.ts writes through a copy so that after a power
 * cut a key holds its old value or its new one: the store's atomicity
 * per key. The registers are key material: the
 * NVS encryption of release builds (preference-key-store.ts) covers
 * this namespace too (and its copy namespace, `xspos.dukpt~`).
 */
/** The largest value, bytes: what the SDK's documentation gives NVS on the ESP32 (documentation/files/files.md, "class Preference"). */
export const MAX_STORE_VALUE = 4000;

export class PreferenceStore implements Store {
  readonly #blobs: NvsBlobs;

  /**
   * @param preference - the `preference` module (main.ts passes `Preference`)
   * @param domain - the NVS namespace, at most 14 characters (nvs-blobs.ts)
   */
  constructor(preference: PreferencePort, domain = "xspos.dukpt") {
    this.#blobs = new NvsBlobs(preference, domain);
  }

  read(key: string): Uint8Array | undefined {
    return this.#blobs.read(key, "STORE_VALUE", "bytes");
  }

  /** @throws XsposError `STORE_VALUE` unless `value` is a Uint8Array of at most {@link MAX_STORE_VALUE} bytes (checked before NVS is touched: a refused set would have erased the old value) */
  write(key: string, value: Uint8Array): void {
    checkKeyName(key);
    if (!(value instanceof Uint8Array) || value.length > MAX_STORE_VALUE) throw new XsposError("STORE_VALUE", `a stored value is a Uint8Array of at most ${MAX_STORE_VALUE} bytes`);
    this.#blobs.write(key, value);
  }

  delete(key: string): void {
    this.#blobs.delete(key);
  }
}
