import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { SettableWallClock } from "../../modules/core/settable-wall-clock.ts";

/** The Clock port on Node's timers. */
export class SystemClock implements Clock {
  now(): number {
    return performance.now();
  }

  set(callback: () => void, ms: number): TimerId {
    return setTimeout(callback, ms);
  }

  clear(id: TimerId): void {
    clearTimeout(id as ReturnType<typeof setTimeout>);
  }
}

/** The WallClock port on Node's system clock, which the operating system keeps set. */
export function systemWallClock(offsetMinutes: number): SettableWallClock {
  return new SettableWallClock({ now: () => Date.now(), offsetMinutes: () => offsetMinutes, set: true });
}
