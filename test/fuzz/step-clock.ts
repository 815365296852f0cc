/**
 * Time for targets whose parser waits (the uplink channel, the modem):
 * a virtual clock that jumps straight to the next timer, and a way to run
 * a call to its end on it. A call that can never end (nothing left to
 * wait for, yet unsettled) is a hang, reported as a failure.
 */
import type { Clock, TimerId } from "../../modules/core/ports.ts";

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export class StepClock implements Clock {
  #now = 0;
  #nextId = 1;
  #timers: Timer[] = [];

  now(): number {
    return this.#now;
  }

  set(callback: () => void, ms: number): TimerId {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clear(id: TimerId): void {
    const i = this.#timers.findIndex((t) => t.id === id);
    if (i >= 0) this.#timers.splice(i, 1);
  }

  /** Moves time to the earliest timer and fires it; false when none is set. */
  fireNext(): boolean {
    if (this.#timers.length === 0) return false;
    let first = 0;
    for (let i = 1; i < this.#timers.length; i++) if (this.#timers[i].at < this.#timers[first].at) first = i;
    const [timer] = this.#timers.splice(first, 1);
    this.#now = Math.max(this.#now, timer.at);
    timer.callback();
    return true;
  }
}

/** Promise jobs let run between two timers. */
const TICKS = 40;
/** Timers fired before a call is declared stuck in a loop. */
const MAX_TIMERS = 2000;

/**
 * Lets `work` run: promise jobs first, then the next timer, until it
 * settles. Throws a plain Error (an untyped failure) when it cannot.
 */
export async function settle<T>(clock: StepClock, work: Promise<T>): Promise<T> {
  let done = false;
  const watched = work.then(
    () => void (done = true),
    () => void (done = true),
  );
  void watched;
  for (let fired = 0; ; fired++) {
    for (let i = 0; i < TICKS && !done; i++) await undefined;
    if (done) return work;
    if (fired >= MAX_TIMERS) throw new Error(`the call had not settled after ${MAX_TIMERS} timers`);
    if (!clock.fireNext()) {
      for (let i = 0; i < 1000 && !done; i++) await undefined;
      if (done) return work;
      throw new Error("the call never settles: nothing left to wait for");
    }
  }
}
