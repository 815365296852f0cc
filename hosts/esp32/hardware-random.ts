/**
 * Random bytes from the ESP32's hardware generator. The Moddable SDK has
 * no JavaScript API that hands out `esp_random()` as bytes: its `rng`
 * module (modules/crypt/etc/rng.c) is RC4 seeded once from it. But on the
 * ESP32 XS's `Math.random` is built on `c_rand()`, which the SDK defines
 * as `0x7fffffff & esp_random()` (xs/platforms/esp/xsHost.h): 31 bits of
 * the hardware generator per call, scaled by 2^31 - 1. One byte is taken
 * from each call (the bias of scaling 2^31 - 1 values into 256 is below
 * 2^-23).
 *
 * ESP-IDF documents `esp_random()` as true random while Wi-Fi or
 * Bluetooth is on, or after `bootloader_random_enable()`; otherwise it is
 * a pseudo-random sequence. On this board Wi-Fi is on before the entry
 * runs; a 4G build with Wi-Fi off should enable the entropy source in its
 * build configuration (README.md).
 */
export function hardwareRandom(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(Math.random() * 256);
  return out;
}
