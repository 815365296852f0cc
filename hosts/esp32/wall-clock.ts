import Time from "time";
import type { WallClock } from "../../modules/core/ports.ts";

/** 2023-01-03: the Moddable network set-up asks SNTP only while `Date.now()` is before this. */
const SET_AFTER_MS = 1_672_722_071_000;

/**
 * The {@link WallClock} on the board: `Date.now()`, which the ESP32 keeps
 * from boot. Two things set it:
 *
 * - on a Wi-Fi build, the Moddable network set-up (`setup/network`,
 *   through manifest.json) from SNTP (`config.sntp`, pool.ntp.org by
 *   default) once Wi-Fi is up, before the entry runs;
 * - on a 4G build, which has no Wi-Fi and so no SNTP, the host from the
 *   time the cellular network gave the modem (`CellularModem.networkTime`,
 *   `AT+CCLK?`) through {@link setFromNetwork}, once the modem is
 *   registered;
 * - failing both, the acquirer's sign-on answer (modules/uplink, through
 *   {@link set}).
 *
 * The board has no battery-backed RTC: until one of them answers the date
 * is 1970, which `isSet()` tells: the terminal starts no financial
 * transaction until it is set. The offset
 * is the terminal's (board.ts), not the network's zone: no time-zone
 * database on the board, and the terminal's receipts follow its own
 * configuration.
 */
export class DeviceWallClock implements WallClock {
  readonly #offsetMinutes: number;

  /** @param offsetMinutes - the terminal's local time less UTC, minutes */
  constructor(offsetMinutes: number) {
    this.#offsetMinutes = offsetMinutes;
  }

  utcMs(): number {
    return Date.now();
  }
  offsetMinutes(): number {
    return this.#offsetMinutes;
  }
  /** Whether the clock has been set (by SNTP or the modem) since boot. */
  isSet(): boolean {
    return Date.now() > SET_AFTER_MS;
  }
  /**
   * Sets the ESP32's clock (the SDK's `Time.set`, whole seconds, as the
   * SNTP set-up does) from a time the network gave.
   * @param utcMs - UTC, milliseconds since 1970
   */
  setFromNetwork(utcMs: number): void {
    Time.set(Math.floor(utcMs / 1000));
  }
  /**
   * Sets the clock from the acquirer's sign-on answer (modules/uplink),
   * when neither SNTP nor the modem did.
   * @param utcMs - UTC, milliseconds since 1970
   */
  set(utcMs: number): void {
    this.setFromNetwork(utcMs);
  }
}
