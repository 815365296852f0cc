/**
 * The Moddable SDK's `preference` module as SDK 8.2.3 gives it on the
 * ESP32 (modules/files/preference/esp32/modPreference.c over ESP-IDF's
 * NVS), in memory: `set(domain, key, value)` takes a boolean, an integer,
 * a string or an ArrayBuffer (a blob; a typed array or a fraction is
 * refused: "unsupported type", "float unsupported"), erasing the key
 * first and then writing it, as the SDK does to work around an ESP-IDF
 * bug; `get` answers the value, a blob as a new ArrayBuffer, or
 * undefined; `delete` of a missing key is no error; `keys(domain)` lists
 * a domain's keys. Limits from the SDK's documentation
 * (documentation/files/files.md, "class Preference"): domain and key
 * names of at most 15 characters, values of at most 4000 bytes; past
 * them `set` fails as NVS does ("nvs_open fail", "nvs set fail") and
 * `get` in a domain NVS cannot open answers undefined.
 *
 * {@link FakePreference.cutPowerAfterErase} loses the power between the
 * erase and the write of the next `set`: the key is left with no value.
 */
export type PreferenceValue = string | boolean | number | ArrayBuffer;

/** NVS_KEY_NAME_MAX_SIZE is 16 with the terminating NUL */
const MAX_NAME = 15;
/** the SDK documentation's limit for a value on the ESP32 */
export const MAX_VALUE_BYTES = 4000;

export class FakePreference {
  readonly #domains = new Map<string, Map<string, PreferenceValue>>();
  #cutNext = false;
  /** sets and deletes made: each wears the flash */
  writes = 0;

  cutPowerAfterErase(): void {
    this.#cutNext = true;
  }

  set(domain: string, key: string, value: PreferenceValue): void {
    if (String(domain).length > MAX_NAME) throw new Error("nvs_open fail");
    let stored: PreferenceValue;
    if (typeof value === "boolean" || typeof value === "string") stored = value;
    else if (typeof value === "number") {
      if (value !== Math.trunc(value)) throw new Error("float unsupported");
      stored = value | 0;
    } else if (value instanceof ArrayBuffer) stored = value.slice(0);
    else throw new Error("unsupported type");
    const name = String(key);
    if (name.length > MAX_NAME) throw new Error("nvs set fail");
    const size = typeof stored === "string" ? stored.length + 1 : stored instanceof ArrayBuffer ? stored.byteLength : 4;
    const entries = this.#domain(domain);
    entries.delete(name);
    this.writes++;
    if (this.#cutNext) {
      this.#cutNext = false;
      throw new Error("power cut");
    }
    if (size > MAX_VALUE_BYTES) throw new Error("nvs set fail");
    entries.set(name, stored);
  }

  get(domain: string, key: string): PreferenceValue | undefined {
    if (String(domain).length > MAX_NAME) return undefined;
    const value = this.#domains.get(domain)?.get(String(key));
    return value instanceof ArrayBuffer ? value.slice(0) : value;
  }

  delete(domain: string, key: string): void {
    if (String(domain).length > MAX_NAME) return;
    this.#domains.get(domain)?.delete(String(key));
    this.writes++;
  }

  keys(domain: string): string[] {
    return [...(this.#domains.get(domain)?.keys() ?? [])];
  }

  /** The raw stored value, as a flash dump would show it (tests read what lies in NVS). */
  raw(domain: string, key: string): PreferenceValue | undefined {
    return this.#domains.get(domain)?.get(key);
  }

  #domain(domain: string): Map<string, PreferenceValue> {
    let d = this.#domains.get(domain);
    if (!d) this.#domains.set(domain, (d = new Map()));
    return d;
  }
}
