/**
 * Random bytes from the ESP32's hardware generator. The Moddable SDK has
 * no JavaScript API that hands out `esp_random()` as bytes: its `rng`
 * module (modules/crypt/etc/rng.c) is RC4 seeded once from it. But XS's
 * `Math.random` (`fx_Math_random`, xs/sources/xsMath.c) divides `c_rand()`
 * by `C_RAND_MAX`, and on the ESP32 the SDK defines `c_rand()` as
 * `0x7fffffff & esp_random()` and `C_RAND_MAX` as `INT32_MAX`
 * (xs/platforms/esp/xsHost.h, SDK 8.2.3): 31 bits of the hardware
 * generator per call. One byte is taken from each call (the bias of
 * scaling 2^31 - 1 values into 256 is below 2^-23).
 *
 * Espressif's "Random Number Generation" page of the ESP-IDF API reference
 * (ESP32) counts `esp_random()` as a true random number generator only
 * while the RF subsystem is on (Wi-Fi or Bluetooth enabled), while an
 * entropy source is on through `bootloader_random_enable()`, or in the
 * second-stage bootloader; otherwise its output is only pseudo-random.
 * A Wi-Fi build has Wi-Fi on before the entry runs; a 4G build calls
 * `startEntropySource` (entropy-source.ts) first (README.md, "Random numbers").
 */
export function hardwareRandom(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(Math.random() * 256);
  return out;
}
