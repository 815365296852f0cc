import Timer from "timer";
import type { Clock, TimerId } from "../../modules/core/ports.ts";

/** The {@link Clock} port on Moddable: `Date.now()` and the `timer` module. */
export class TimerClock implements Clock {
  #origin = Date.now();

  now(): number {
    return Date.now() - this.#origin;
  }
  set(callback: () => void, ms: number): TimerId {
    return Timer.set(() => callback(), ms);
  }
  clear(id: TimerId): void {
    Timer.clear(id as ReturnType<typeof Timer.set>);
  }
}
