import config from "mc/config";

/**
 * What the mcconfig command line chooses for this image, read from the
 * SDK's `mc/config` (the Makefile passes them; README.md, "Building"). Apart
 * from board.ts so that the build tools can read board.ts on Node.
 */
export const BUILD = {
  /**
   * "wifi": the ESP32's own (SSID and password given to mcconfig); "4g":
   * the modem on UART0, from `uplink=4g` (`make device UPLINK=4g`), which
   * needs a release build: a debug build's xsbug holds UART0
   */
  uplink: (config.uplink === "4g" ? "4g" : "wifi") as "wifi" | "4g",
  /**
   * Debug builds only: on a fresh NVS, load the ANSI X9.24-1 test key set
   * (BDK, KSN), the acquirer emulator's test terminal master key and the
   * manager PIN 9876, as the simulator does. On with `testKeys=1`, which
   * the Makefile passes with `DEBUG=1` only; a release build starts
   * without keys (README.md, "Keys").
   */
  testKeys: config.testKeys === "1",
};
