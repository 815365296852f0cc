/**
 * Ports: the only way portable modules and drivers reach time and the OS.
 * Hosts pass implementations in at start-up; tests pass virtual ones.
 */

/** Opaque handle of a scheduled callback. */
export type TimerId = unknown;

/** Monotonic time and one-shot timers, in milliseconds. */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes backwards. */
  now(): number;
  /** Calls `callback` once, `ms` milliseconds from now. */
  set(callback: () => void, ms: number): TimerId;
  /** Cancels a timer; clearing an expired or unknown id does nothing. */
  clear(id: TimerId): void;
}
