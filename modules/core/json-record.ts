import { XsposError } from "./error.ts";
import type { Store } from "./ports.ts";

/**
 * A small JSON record in the Store: read with a default, written whole
 * (the store's write is atomic per key, so a record is never half
 * written). Text is ASCII only, which every engine can encode.
 */
export class JsonRecord<T> {
  #store: Store;
  #key: string;
  #initial: () => T;

  constructor(store: Store, key: string, initial: () => T) {
    this.#store = store;
    this.#key = key;
    this.#initial = initial;
  }

  /** @throws XsposError `STORE_RECORD` when the stored bytes are not a record this code wrote */
  read(): T {
    const bytes = this.#store.read(this.#key);
    if (!bytes) return this.#initial();
    let text = "";
    for (const b of bytes) {
      if (b > 0x7e) throw new XsposError("STORE_RECORD", `stored record "${this.#key}" is damaged`);
      text += String.fromCharCode(b);
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new XsposError("STORE_RECORD", `stored record "${this.#key}" is damaged`);
    }
  }

  write(value: T): void {
    const text = JSON.stringify(value);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      bytes[i] = c < 0x7f ? c : 0x3f;
    }
    this.#store.write(this.#key, bytes);
  }
}
