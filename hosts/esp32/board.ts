import { ISO87A } from "../../modules/iso8583/dialect.ts";
import type { AcquirerConfig } from "../../modules/uplink/acquirer-client.ts";
import type { CodePageName } from "../../modules/escpos/code-page.ts";
import type { LanguageMode } from "../../modules/display/language.ts";

/**
 * What this board's image is built with, beside its pins (pins.ts) and
 * the choices of the mcconfig command line (build-options.ts): the
 * acquirer, the time zone, the language of the screen and the receipts,
 * and the printer's width. One place to change them for a deployment.
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
  /** access point name of the modem's SIM */
  apn: "internet",
  /** local time less UTC, minutes: Hong Kong, as the sample configuration (HKD) */
  offsetMinutes: 480,
  /**
   * The language of the screen and the receipts: "en" English, "zh"
   * Chinese, or both, the first the primary ("zh+en": Chinese above
   * English, China being the first market; "en+zh"). The screen draws
   * both from the Unifont glyphs in flash (poco-display.ts).
   */
  language: "zh+en" as LanguageMode,
  /** printer mechanism: 58 mm paper */
  paperMm: 58 as const,
  /**
   * the printer model: its code page (ESC t: cp437, cp858 with €, cp866
   * Cyrillic) and whether it has a Chinese font (GB18030); without one,
   * Chinese prints as raster lines from the receipt glyphs in flash
   */
  printer: { codePage: "cp437" as CodePageName, chinese: false },
  merchant: { name: "XSPOS TERMINAL" },
  /**
   * The card clock: "crystal", the TDA8024's own 14.2848 MHz crystal ÷ 4
   * (3.5712 MHz, this board); or "ledc", the ESP32's LEDC at 4 MHz on
   * `PINS.slot.clock` into the TDA8024's XTAL1, for a board fitted
   * without the crystal and without the modem (moddable-io.ts, README.md)
   */
  cardClock: "crystal" as "crystal" | "ledc",
};
