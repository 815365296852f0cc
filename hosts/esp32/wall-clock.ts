import type { WallClock } from "../../modules/core/ports.ts";

/** 2023-01-03: the Moddable network set-up asks SNTP only while `Date.now()` is before this. */
const SET_AFTER_MS = 1_672_722_071_000;

/**
 * The {@link WallClock} on the board: `Date.now()`, which the ESP32 keeps
 * from boot and which the Moddable network set-up (`setup/network`,
 * through manifest.json) sets from SNTP (`config.sntp`, pool.ntp.org by
 * default) once Wi-Fi is up, before the entry runs. The board has no
 * battery-backed RTC: until SNTP answers the date is 1970, which
 * `isSet()` tells, so that the host can say so. The offset is the
 * terminal's (board.ts): no time-zone database on the board.
 */
export class SntpWallClock implements WallClock {
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
  /** Whether the clock has been set (by SNTP) since boot. */
  isSet(): boolean {
    return Date.now() > SET_AFTER_MS;
  }
}
