import Time from "time";
import Timer from "timer";
import type { Clock, TimerId } from "../../modules/core/ports.ts";

/**
 * The {@link Clock} port on Moddable: `Time.ticks` (milliseconds since
 * boot, from the FreeRTOS tick count) and the `timer` module. `Date.now()`
 * would not do: it is the wall clock, which SNTP moves once it answers.
 *
 * `Time.ticks` is a 32-bit count: it wraps after 49.7 days. `now()` adds
 * the ticks elapsed since its last call, modulo 2^32, to its own count, so
 * it keeps going forwards across the wrap as long as it is called at least
 * once in 49 days (the terminal's idle screen asks every minute).
 */
export class TimerClock implements Clock {
  #last = Time.ticks;
  #elapsed = 0;

  now(): number {
    const ticks = Time.ticks;
    this.#elapsed += (ticks - this.#last) >>> 0;
    this.#last = ticks;
    return this.#elapsed;
  }
  set(callback: () => void, ms: number): TimerId {
    return Timer.set(() => callback(), ms);
  }
  clear(id: TimerId): void {
    Timer.clear(id as ReturnType<typeof Timer.set>);
  }
}
