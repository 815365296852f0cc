import type { WallClock } from "./ports.ts";

/** Options of {@link SettableWallClock}. */
export interface SettableWallClockOptions {
  /** the source it follows: UTC milliseconds since 1970 (`Date.now`, a front end's clock, a test's) */
  now: () => number;
  /** the terminal's local time less UTC, in minutes */
  offsetMinutes: () => number;
  /** whether the source's time is already trustworthy (an operating system's clock is; a board's at boot is not) */
  set: boolean;
}

/**
 * A {@link WallClock} that follows a source and, once {@link set}, the
 * source moved by the difference to the time it was given: the
 * simulators' clocks (set from the system clock from the start) and
 * tests' clocks that start unset.
 */
export class SettableWallClock implements WallClock {
  readonly #o: SettableWallClockOptions;
  #correctionMs = 0;
  #set: boolean;

  constructor(options: SettableWallClockOptions) {
    this.#o = options;
    this.#set = options.set;
  }

  utcMs(): number {
    return this.#o.now() + this.#correctionMs;
  }
  offsetMinutes(): number {
    return this.#o.offsetMinutes();
  }
  isSet(): boolean {
    return this.#set;
  }
  set(utcMs: number): void {
    this.#correctionMs = utcMs - this.#o.now();
    this.#set = true;
  }
}
