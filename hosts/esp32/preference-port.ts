/**
 * What the NVS stores use of the Moddable `preference` module (its
 * default export, a class of static functions): main.ts hands in
 * `Preference`, tests a fake. On the ESP32 (modules/files/preference/esp32)
 * a domain is an NVS namespace and a key an NVS key, both at most 15
 * characters; a value is a boolean, an integer, a string or an
 * ArrayBuffer (a blob, at most 4000 bytes in the SDK's documentation);
 * a typed array is refused. `get` answers a new ArrayBuffer for a blob
 * and undefined when there is none; `delete` of a missing key is no error.
 */
export interface PreferencePort {
  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined;
  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void;
  delete(domain: string, key: string): void;
}
