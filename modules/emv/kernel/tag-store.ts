import { terminate } from "./stop.ts";

/** The arena's first size, bytes: a card's records and the terminal's data of a usual transaction fit in two doublings. */
const FIRST_BYTES = 256;
/** Entries before the first doubling of the table. */
const FIRST_ENTRIES = 16;
/** A value's offset and length are 16-bit: the arena never passes 64 KB (a card's whole data is a few kilobytes). */
const MAX_BYTES = 0xffff;

/** An entry's first word: the tag's number in its low 24 bits (a tag is at most three bytes), the mark in bit 24. */
const TAG_BITS = 0xffffff;
const MARK = 0x1000000;

/**
 * A transaction's data elements by tag, the values copied into one byte
 * arena. On XS a `Map<string, Uint8Array>` costs each value a typed array
 * and a buffer of its own (some seven slots) besides its Map entry
 * (three slots and the tag's string): about 180 bytes an element on the
 * ESP32, some 10 KB for the terminal's and the card's data of one chip
 * sale. Here an element is two words of one table: its tag as a number
 * with its mark, and the offset and length of its value; the table is
 * searched from the newest entry (a store holds a few dozen), and one
 * typed array rather than one for each field saves the store three
 * arrays' slots. `get` hands out a view of the arena. A value set again
 * is appended and the old entry dropped at the next growth, so a view
 * taken before keeps what it read. A value the store must not copy (the
 * TVR, whose bits the kernel sets in place after a DOL may have read it)
 * is kept by reference with {@link share}.
 */
export class TagStore {
  #bytes = new Uint8Array(FIRST_BYTES);
  #used = 0;
  /**
   * two words an entry: the tag's number ({@link tagNumber}) or'ed with
   * {@link MARK} where the value came from a response that must not
   * repeat it ({@link marked}), 0 for a replaced or deleted entry; then
   * the value's offset in the arena (high 16 bits) and length (low 16)
   */
  #table = new Uint32Array(FIRST_ENTRIES * 2);
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
    const place = this.#table[2 * i + 1];
    const at = place >>> 16;
    return this.#bytes.subarray(at, at + (place & 0xffff));
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
    let marked = mark ? MARK : 0;
    if (was >= 0) {
      marked |= this.#table[2 * was] & MARK;
      this.#table[2 * was] = 0;
    }
    if (this.#used + value.length > this.#bytes.length || 2 * this.#entries === this.#table.length) this.#grow(value.length);
    const i = this.#entries++;
    this.#table[2 * i] = tagNumber(tag) | marked;
    this.#table[2 * i + 1] = (this.#used << 16) | value.length;
    this.#bytes.set(value, this.#used);
    this.#used += value.length;
    return this;
  }

  /** True when `tag`'s value was set with a mark, or replaced one that was (see {@link set}). */
  marked(tag: string): boolean {
    const i = this.#find(tag);
    return i >= 0 && (this.#table[2 * i] & MARK) !== 0;
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
    if (i >= 0) this.#table[2 * i] = 0;
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
    for (let i = 0; i < this.#entries; i++) {
      const n = this.#table[2 * i] & TAG_BITS;
      if (n !== 0) tags.push(tagText(n));
    }
    return tags;
  }

  /** The entry holding `tag`'s value, or -1. */
  #find(tag: string): number {
    const n = tagNumber(tag);
    // 0 (and NaN, from no tag at all) would find a dropped entry; past 24 bits it is no tag
    if (!(n > 0 && n <= TAG_BITS)) return -1;
    for (let i = this.#entries - 1; i >= 0; i--) if ((this.#table[2 * i] & TAG_BITS) === n) return i;
    return -1;
  }

  /** A new arena and table holding the live entries only, with room for `more` bytes and one more entry. */
  #grow(more: number): void {
    const table = this.#table;
    let liveBytes = more;
    let live = 0;
    for (let i = 0; i < this.#entries; i++) {
      if (table[2 * i] === 0) continue;
      liveBytes += table[2 * i + 1] & 0xffff;
      live++;
    }
    if (liveBytes > MAX_BYTES) terminate("format", `the card's and the terminal's data would pass ${MAX_BYTES} bytes`);
    let size = this.#bytes.length;
    while (size < liveBytes) size *= 2;
    let words = table.length;
    while (words < 2 * (live + 1)) words *= 2;
    const bytes = new Uint8Array(Math.min(size, MAX_BYTES));
    const grown = new Uint32Array(words);
    let used = 0;
    let j = 0;
    for (let i = 0; i < this.#entries; i++) {
      if (table[2 * i] === 0) continue;
      const at = table[2 * i + 1] >>> 16;
      const length = table[2 * i + 1] & 0xffff;
      bytes.set(this.#bytes.subarray(at, at + length), used);
      grown[2 * j] = table[2 * i];
      grown[2 * j++ + 1] = (used << 16) | length;
      used += length;
    }
    this.#bytes = bytes;
    this.#table = grown;
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
