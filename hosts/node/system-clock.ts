import type { Clock, TimerId } from "../../modules/core/ports.ts";

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
