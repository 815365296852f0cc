import type { KeyStore } from "../core/key-store.ts";
import type { Clock } from "../core/ports.ts";

/** Wrong manager PINs in a row that lock the merchant menu's protected functions. */
export const MANAGER_PIN_TRIES = 3;

/** How long the lock lasts, on the monotonic clock, ms. */
export const MANAGER_PIN_LOCK_MS = 15 * 60_000;

/** The key-store name of the count of wrong manager PINs in a row (one byte). */
export const MANAGER_PIN_TRIES_KEY = "mgrpin.tries";

/**
 * The count of wrong manager PINs in a row and the lock it leads to.
 * The count lives in the key store, written at each wrong PIN before the
 * terminal answers, so a reboot (or a power cut) does not reset it. The
 * lock runs on the monotonic clock, which starts again at each boot and
 * so cannot say how much of a lock had passed: a terminal that boots
 * with the count at the limit locks for the whole time again, from boot.
 * Once a lock ends the count stays at the limit: the next wrong PIN
 * locks again, and only the right PIN clears it.
 */
export class ManagerPinLock {
  readonly #keys: KeyStore;
  readonly #clock: Clock;
  #count: number;
  #until = 0;

  constructor(keys: KeyStore, clock: Clock) {
    this.#keys = keys;
    this.#clock = clock;
    const stored = keys.get(MANAGER_PIN_TRIES_KEY);
    this.#count = stored?.length === 1 ? stored[0] : 0;
    if (this.#count >= MANAGER_PIN_TRIES) this.#until = clock.now() + MANAGER_PIN_LOCK_MS;
  }

  /** Wrong PINs in a row so far. */
  get count(): number {
    return this.#count;
  }

  /** The time left on the lock, ms; 0 when not locked. */
  remainingMs(): number {
    return Math.max(0, this.#until - this.#clock.now());
  }

  /** Counts a wrong PIN (stored before it returns); locks at the limit. @returns the tries left before the lock, 0 when now locked */
  failed(): number {
    this.#count = Math.min(255, this.#count + 1);
    this.#keys.put(MANAGER_PIN_TRIES_KEY, Uint8Array.of(this.#count));
    if (this.#count < MANAGER_PIN_TRIES) return MANAGER_PIN_TRIES - this.#count;
    this.#until = this.#clock.now() + MANAGER_PIN_LOCK_MS;
    return 0;
  }

  /** The right PIN: the count starts again (a write only when it was not already 0). */
  succeeded(): void {
    if (this.#count === 0) return;
    this.#count = 0;
    this.#until = 0;
    this.#keys.delete(MANAGER_PIN_TRIES_KEY);
  }
}
