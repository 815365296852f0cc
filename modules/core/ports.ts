/**
 * Ports: the only way portable modules and drivers reach time and the OS.
 * Hosts pass implementations in at start-up; tests pass virtual ones.
 */

import type { Message } from "../display/message.ts";

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
 * Calendar time: what messages, receipts and the journal date things by.
 * Unlike {@link Clock} it may jump (the host sets it from the network or
 * an RTC), so time-outs never use it. ISO 8583 wants DE7 in GMT and DE12
 * and DE13 in the terminal's local time: both come from these two numbers.
 */
export interface WallClock {
  /** Milliseconds since 1970-01-01T00:00:00Z (UTC, leap seconds ignored). */
  utcMs(): number;
  /** The terminal's local time less UTC at this moment, in minutes (+60 in Paris in winter, -300 in New York). */
  offsetMinutes(): number;
  /**
   * Whether the time is trustworthy: a board without a battery-backed RTC
   * counts from 1970 until the network (SNTP, the modem, the acquirer's
   * sign-on answer) sets it. A clock without this method is always set
   * (a host that reads the operating system's clock, a test's fixed time).
   */
  isSet?(): boolean;
  /**
   * Sets the time (the acquirer's, from a sign-on answer); `isSet()` is
   * true afterwards. A clock without this method cannot be set.
   * @param utcMs - milliseconds since 1970-01-01T00:00:00Z
   */
  set?(utcMs: number): void;
}

/** Whether a wall clock's time can be trusted: one that cannot tell is. */
export function wallClockIsSet(clock: WallClock): boolean {
  return clock.isSet ? clock.isSet() : true;
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
 * What the terminal shows its user as a message identifier with typed
 * arguments (modules/display), so the same prompt reads in English or
 * Chinese on a character or a graphic screen. The host renders it for its
 * screen and language; `LineDisplayAdapter` (modules/display) does so on
 * top of a {@link Display}.
 */
export interface MessageDisplay {
  show(message: Message): void;
}

/**
 * Diagnostic log lines. Whatever reaches it may be read by anyone with the
 * device: never a PIN, a PIN block, a key, a full PAN or a track.
 */
export interface Log {
  write(line: string): void;
}
