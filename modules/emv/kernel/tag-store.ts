import { terminate } from "./stop.ts";

/** The arena's first size, bytes: a card's records and the terminal's data of a usual transaction fit in two doublings. */
const FIRST_BYTES = 256;
/** Entries before the first doubling of the tables. */
const FIRST_ENTRIES = 16;
/** A value's offset and length are 16-bit: the arena never passes 64 KB (a card's whole data is a few kilobytes). */
const MAX_BYTES = 0xffff;

/**
 * A transaction's data elements by tag, the values copied into one byte
 * arena. On XS a `Map<string, Uint8Array>` costs each value a typed array
 * and a buffer of its own (some seven slots) besides its Map entry
 * (three slots and the tag's string): about 180 bytes an element on the
 * ESP32, some 10 KB for the terminal's and the card's data of one chip
 * sale. Here an element is four table cells: its tag as a number, the
 * offset and length of its value, and a mark; the tables are typed arrays,
 * searched from the newest entry (a store holds a few dozen). `get`
 * hands out a view of the arena. A value set again is appended and the
 * old entry dropped at the next growth, so a view taken before keeps what
 * it read. A value the store must not copy (the TVR, whose bits the
 * kernel sets in place after a DOL may have read it) is kept by
 * reference with {@link share}.
 */
export class TagStore {
  #bytes = new Uint8Array(FIRST_BYTES);
  #used = 0;
  /** each entry's tag as a number ({@link tagNumber}); 0 for a replaced or deleted one */
  #tags = new Uint32Array(FIRST_ENTRIES);
  #offsets = new Uint16Array(FIRST_ENTRIES);
  #lengths = new Uint16Array(FIRST_ENTRIES);
  /** 1 where the value came from a response that must not repeat it ({@link marked}) */
  #marks = new Uint8Array(FIRST_ENTRIES);
  /** entries used, replaced ones among them */
  #entries = 0;
  /** values kept by reference */
  #shared: Map<string, Uint8Array> | undefined;

  /** The value of `tag`, or undefined. */
  get(tag: string): Uint8Array | undefined {
    const shared = this.#shared?.get(tag);
    if (shared !== undefined) return shared;
    const i = this.#find(tag);
    if (i < 0) return undefined;
    const at = this.#offsets[i];
    return this.#bytes.subarray(at, at + this.#lengths[i]);
  }

  /** True when `tag` has a value. */
  has(tag: string): boolean {
    return this.#find(tag) >= 0 || this.#shared?.has(tag) === true;
  }

  /**
   * Sets `tag` (one to three bytes in hex, never 00) to a copy of
   * `value`; `mark` marks it as given by a record or the GET PROCESSING
   * OPTIONS response. A mark stays through a later `set` of the same tag;
   * {@link clear}, {@link delete} and {@link share} drop it with the value.
   * @throws KernelStop (format) when the arena would pass 64 KB: only a card sending far more data than any application has gets there
   */
  set(tag: string, value: Uint8Array, mark = false): this {
    this.#shared?.delete(tag);
    const was = this.#find(tag);
    let marked = mark ? 1 : 0;
    if (was >= 0) {
      marked |= this.#marks[was];
      this.#tags[was] = 0;
    }
    if (this.#used + value.length > this.#bytes.length || this.#entries === this.#tags.length) this.#grow(value.length);
    const i = this.#entries++;
    this.#tags[i] = tagNumber(tag);
    this.#offsets[i] = this.#used;
    this.#lengths[i] = value.length;
    this.#marks[i] = marked;
    this.#bytes.set(value, this.#used);
    this.#used += value.length;
    return this;
  }

  /** True when `tag`'s value was set with a mark, or replaced one that was (see {@link set}). */
  marked(tag: string): boolean {
    const i = this.#find(tag);
    return i >= 0 && this.#marks[i] === 1;
  }

  /** Sets `tag` to `value` itself, not a copy: what the caller writes into it later is what the store gives. */
  share(tag: string, value: Uint8Array): this {
    this.delete(tag);
    (this.#shared ??= new Map()).set(tag, value);
    return this;
  }

  /** Removes `tag`; true when it had a value. */
  delete(tag: string): boolean {
    const i = this.#find(tag);
    if (i >= 0) this.#tags[i] = 0;
    return this.#shared?.delete(tag) === true || i >= 0;
  }

  /** Removes every value, the shared ones too. */
  clear(): void {
    this.#shared = undefined;
    this.#entries = 0;
    this.#used = 0;
  }

  /** The tags that have a value, the shared ones first, then in the order they were last set. */
  tags(): string[] {
    const tags = [...(this.#shared?.keys() ?? [])];
    for (let i = 0; i < this.#entries; i++) if (this.#tags[i] !== 0) tags.push(tagText(this.#tags[i]));
    return tags;
  }

  /** The entry holding `tag`'s value, or -1. */
  #find(tag: string): number {
    const n = tagNumber(tag);
    // 0 (and NaN, from no tag at all) would find a dropped entry
    if (!(n > 0)) return -1;
    for (let i = this.#entries - 1; i >= 0; i--) if (this.#tags[i] === n) return i;
    return -1;
  }

  /** A new arena and tables holding the live entries only, with room for `more` bytes and one more entry. */
  #grow(more: number): void {
    let liveBytes = more;
    let live = 0;
    for (let i = 0; i < this.#entries; i++) {
      if (this.#tags[i] === 0) continue;
      liveBytes += this.#lengths[i];
      live++;
    }
    if (liveBytes > MAX_BYTES) terminate("format", `the card's and the terminal's data would pass ${MAX_BYTES} bytes`);
    let size = this.#bytes.length;
    while (size < liveBytes) size *= 2;
    let slots = this.#tags.length;
    while (slots < live + 1) slots *= 2;
    const bytes = new Uint8Array(Math.min(size, MAX_BYTES));
    const tags = new Uint32Array(slots);
    const offsets = new Uint16Array(slots);
    const lengths = new Uint16Array(slots);
    const marks = new Uint8Array(slots);
    let used = 0;
    let j = 0;
    for (let i = 0; i < this.#entries; i++) {
      if (this.#tags[i] === 0) continue;
      const at = this.#offsets[i];
      const length = this.#lengths[i];
      bytes.set(this.#bytes.subarray(at, at + length), used);
      tags[j] = this.#tags[i];
      offsets[j] = used;
      lengths[j] = length;
      marks[j++] = this.#marks[i];
      used += length;
    }
    this.#bytes = bytes;
    this.#tags = tags;
    this.#offsets = offsets;
    this.#lengths = lengths;
    this.#marks = marks;
    this.#entries = j;
    this.#used = used;
  }
}

/**
 * A tag of one to three bytes as a number ("9F37" is 0x9F37): unique,
 * since a tag's first byte is never 00 (Book 3 Annex B: 00 is padding
 * between objects, never a tag).
 */
function tagNumber(tag: string): number {
  return parseInt(tag, 16);
}

/** {@link tagNumber}'s tag as the kernel writes it: upper-case hex, whole bytes. */
function tagText(n: number): string {
  const hex = n.toString(16).toUpperCase();
  return hex.length & 1 ? `0${hex}` : hex;
}
