import WiFi from "embedded:network/interface/wifi";

/**
 * Turns the ESP32's Wi-Fi on, joined to no network, so that RF noise feeds
 * the hardware generator: the one entropy source the SDK reaches from
 * JavaScript (`bootloader_random_enable()` has no binding). Constructing
 * the SDK's `embedded:network/interface/wifi` starts the Wi-Fi driver
 * (`esp_wifi_start`, modules/io/wifi/esp32/wifi-esp32.c) without
 * connecting. For builds whose uplink is not Wi-Fi; the caller keeps the
 * object for the life of the program.
 */
export function startEntropySource(): WiFi {
  return new WiFi({});
}
