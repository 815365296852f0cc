import type { Clock, TimerId } from "./ports.ts";

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A {@link Clock} whose time moves only when told to. Tests and the desktop
 * simulator use it so that time-outs are deterministic and instantaneous.
 */
export class VirtualClock implements Clock {
  #now: number;
  #nextId = 1;
  #pending: Pending[] = [];

  /** @param start - initial reading of {@link VirtualClock.now} in ms */
  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  set(callback: () => void, ms: number): TimerId {
    const id = this.#nextId++;
    this.#pending.push({ id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clear(id: TimerId): void {
    this.#pending = this.#pending.filter((p) => p.id !== id);
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.#pending.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order of their due
   * time; a timer set by a callback fires in the same call if it falls due.
   */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let next: Pending | undefined;
      for (let i = 0; i < this.#pending.length; i++) {
        const p = this.#pending[i];
        if (p.at <= end && (!next || p.at < next.at)) next = p;
      }
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = Math.max(this.#now, next.at);
      next.callback();
    }
    this.#now = end;
  }

  /**
   * Runs `work` to its end: lets promise jobs run, then moves time
   * `stepMs` at a time, until the work settles (or `maxSteps` have passed).
   */
  async settle<T>(work: Promise<T>, stepMs = 1, maxSteps = 100_000): Promise<T> {
    let done = false;
    const result = work.finally(() => (done = true));
    result.catch(() => {});
    for (let i = 0; i < maxSteps && !done; i++) {
      for (let j = 0; j < 10; j++) await Promise.resolve();
      if (!done) this.advance(stepMs);
    }
    return result;
  }
}
