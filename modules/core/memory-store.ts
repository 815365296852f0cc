import type { Store } from "./ports.ts";

/** A {@link Store} in memory, for tests and the simulator; values are copied in and out. */
export class MemoryStore implements Store {
  readonly #values = new Map<string, Uint8Array>();

  read(key: string): Uint8Array | undefined {
    return this.#values.get(key)?.slice();
  }

  write(key: string, value: Uint8Array): void {
    this.#values.set(key, value.slice());
  }

  delete(key: string): void {
    this.#values.delete(key);
  }

  /** Keys present, for tests that inspect what was persisted. */
  keys(): string[] {
    return [...this.#values.keys()];
  }
}
