import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { AcquirerConfig } from "../../modules/uplink/acquirer-client.ts";

/**
 * What this board's image is built with, beside its pins (pins.ts): the
 * acquirer, the uplink, the time zone, the screen's language and the
 * printer's width. One place to change them for a deployment.
 */
export const BOARD = {
  /** the acquirer, by IP address (no DNS lookup in the `Link` port) and the terminal's DE41/DE42 */
  acquirer: {
    host: "192.168.1.10",
    port: 5000,
    dialect: ISO87A,
    terminalId: "XSPOS001",
    merchantId: "XSPOSMERCHANT01",
    connectTimeoutMs: 10_000,
    responseTimeoutMs: 30_000,
  } satisfies AcquirerConfig,
  /** "wifi": the ESP32's own (SSID and password given to mcconfig); "4g": the modem on UART0 */
  uplink: "wifi" as "wifi" | "4g",
  /** access point name of the modem's SIM */
  apn: "internet",
  /** local time less UTC, minutes: Hong Kong, as the sample configuration (HKD) */
  offsetMinutes: 480,
  /** the screen's font has Latin glyphs only (poco-display.ts) */
  language: "en" as const,
  /** printer mechanism: 58 mm paper */
  paperMm: 58 as const,
  merchant: { name: "XSPOS TERMINAL" },
  /**
   * Development boards only: on a fresh NVS, load the ANSI X9.24-1 test
   * key set (BDK, KSN), the acquirer emulator's test terminal master key
   * and the manager PIN 9876, as the simulator does. A terminal in service
   * is built with this off and gets its keys at a key-injection facility.
   */
  testKeys: true,
};
