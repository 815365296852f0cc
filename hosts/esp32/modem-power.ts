import Digital from "embedded:io/digital";
import type { Clock } from "../../modules/core/ports.ts";

/**
 * How long the power key is pressed, ms. Quectel's EC25 and EC21 Hardware
 * Design guides ("Turn On Module Using the PWRKEY") turn the module on
 * with PWRKEY held low for at least 500 ms, VBAT having been stable for
 * 30 ms; the same key held low for at least 650 ms turns a running module
 * off ("Turn Off Module Using the PWRKEY"). 550 ms therefore starts a
 * modem that is off and leaves one that is already on (after a reset of
 * the ESP32 alone) as it is.
 */
export const PWRKEY_PRESS_MS = 550;
/**
 * How long after the press the host keeps trying the modem, ms. The
 * guides' turn-on timing figure (EC25, EG25-G) gives the UART as ready, with
 * its "RDY", no earlier than 12 s after PWRKEY and names no upper bound;
 * 30 s leaves a slow start room before the uplink is given up.
 */
export const MODEM_START_LIMIT_MS = 30_000;

/**
 * Presses the modem's power key: `pin` drives the base of the NPN
 * transistor that pulls PWRKEY low (pins.ts), so high is "pressed". Called
 * before `CellularModem.start()`; the modem's supply must have been up for
 * 30 ms, which the board's regulator is by the time the entry runs.
 */
export function pressPowerKey(pin: number, clock: Clock): Promise<void> {
  const key = new Digital({ pin, mode: Digital.Output });
  key.write(1);
  return new Promise((resolve) => {
    clock.set(() => {
      key.write(0);
      key.close();
      resolve();
    }, PWRKEY_PRESS_MS);
  });
}
