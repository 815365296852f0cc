import { terminate } from "./stop.ts";

/** The arena's first size, bytes: a card's records and the terminal's data of a usual transaction fit in two doublings. */
const FIRST_BYTES = 256;
/** Entries before the first doubling of the offset and length tables. */
const FIRST_ENTRIES = 16;
/** A value's offset and length are 16-bit: the arena never passes 64 KB (a card's whole data is a few kilobytes). */
const MAX_BYTES = 0xffff;

/**
 * A transaction's data elements by tag, the values copied into one byte
 * arena. On XS a `Map<string, Uint8Array>` costs each value a typed array
 * and a buffer of its own (some seven slots) besides its Map entry
 * (three): about 160 bytes an element on the ESP32, some 10 KB for the
 * terminal's and the card's data of one chip sale. Here an element is
 * its Map entry (tag to entry number) and four bytes of offset and
 * length. `get` hands out a view of the arena. A value set again is
 * appended and the old bytes dropped at the next growth, so a view taken
 * before keeps what it read. A value the store must not copy (the TVR,
 * whose bits the kernel sets in place after a DOL may have read it) is
 * kept by reference with {@link share}.
 */
export class TagStore {
  #bytes = new Uint8Array(FIRST_BYTES);
  #used = 0;
  /** tag to entry number */
  #index = new Map<string, number>();
  #offsets = new Uint16Array(FIRST_ENTRIES);
  #lengths = new Uint16Array(FIRST_ENTRIES);
  /** entries used, replaced ones among them */
  #entries = 0;
  /** values kept by reference */
  #shared: Map<string, Uint8Array> | undefined;

  /** The value of `tag`, or undefined. */
  get(tag: string): Uint8Array | undefined {
    const shared = this.#shared?.get(tag);
    if (shared !== undefined) return shared;
    const i = this.#index.get(tag);
    if (i === undefined) return undefined;
    const at = this.#offsets[i];
    return this.#bytes.subarray(at, at + this.#lengths[i]);
  }

  /** True when `tag` has a value. */
  has(tag: string): boolean {
    return this.#index.has(tag) || this.#shared?.has(tag) === true;
  }

  /**
   * Sets `tag` to a copy of `value`.
   * @throws KernelStop (format) when the arena would pass 64 KB: only a card sending far more data than any application has gets there
   */
  set(tag: string, value: Uint8Array): this {
    this.#shared?.delete(tag);
    if (this.#used + value.length > this.#bytes.length || this.#entries === this.#offsets.length) this.#grow(value.length);
    const i = this.#entries++;
    this.#offsets[i] = this.#used;
    this.#lengths[i] = value.length;
    this.#bytes.set(value, this.#used);
    this.#used += value.length;
    this.#index.set(tag, i);
    return this;
  }

  /** Sets `tag` to `value` itself, not a copy: what the caller writes into it later is what the store gives. */
  share(tag: string, value: Uint8Array): this {
    this.#index.delete(tag);
    (this.#shared ??= new Map()).set(tag, value);
    return this;
  }

  /** Removes `tag`; true when it had a value. */
  delete(tag: string): boolean {
    const copied = this.#index.delete(tag);
    return this.#shared?.delete(tag) === true || copied;
  }

  /** Removes every value, the shared ones too. */
  clear(): void {
    this.#index.clear();
    this.#shared = undefined;
    this.#entries = 0;
    this.#used = 0;
  }

  /** The tags that have a value, the shared ones first. */
  tags(): string[] {
    return [...(this.#shared?.keys() ?? []), ...this.#index.keys()];
  }

  /** A new arena and tables holding the live entries only, with room for `more` bytes and one more entry. */
  #grow(more: number): void {
    let liveBytes = more;
    this.#index.forEach((i) => {
      liveBytes += this.#lengths[i];
    });
    if (liveBytes > MAX_BYTES) terminate("format", `the card's and the terminal's data would pass ${MAX_BYTES} bytes`);
    let size = this.#bytes.length;
    while (size < liveBytes) size *= 2;
    let slots = this.#offsets.length;
    while (slots < this.#index.size + 1) slots *= 2;
    const bytes = new Uint8Array(Math.min(size, MAX_BYTES));
    const offsets = new Uint16Array(slots);
    const lengths = new Uint16Array(slots);
    let used = 0;
    let j = 0;
    this.#index.forEach((i, tag) => {
      const at = this.#offsets[i];
      const length = this.#lengths[i];
      bytes.set(this.#bytes.subarray(at, at + length), used);
      offsets[j] = used;
      lengths[j] = length;
      this.#index.set(tag, j++);
      used += length;
    });
    this.#bytes = bytes;
    this.#offsets = offsets;
    this.#lengths = lengths;
    this.#entries = j;
    this.#used = used;
  }
}
