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

/**
 * Durable storage: a flash partition or preferences on the device, a file
 * on a desktop. `write` is atomic per key: after a power cut the key holds
 * the old value or the new one, never a mix.
 */
export interface Store {
  read(key: string): Uint8Array | undefined;
  write(key: string, value: Uint8Array): void;
  delete(key: string): void;
}

/** What the terminal shows its user: a few short lines. */
export interface Display {
  show(lines: string[]): void;
}

/**
 * Diagnostic log lines. Whatever reaches it may be read by anyone with the
 * device: never a PIN, a PIN block, a key, a full PAN or a track.
 */
export interface Log {
  write(line: string): void;
}
