declare module "heap-census" {
  /** Counts the live heap by kind of object into table `which` (0 or 1), after a collection. */
  export function take(which: number): void;
  /** Writes table `which` to the standard output: a `heap-census:` line a row, named by `tag`. */
  export function print(which: number, tag: string): void;
  /**
   * The bytes by which the live heap's chunks would be fewer on a 32-bit
   * machine such as the ESP32 (8-byte headers, 4-byte alignment, slots of
   * 16 bytes and pointers of 4 in arrays, saved frames and tables), as
   * the heap is now: called right after a collection.
   */
  export function chunkSaving(): number;
  /** The bytes of a slot on this machine: 32 where pointers have 64 bits. */
  export function slotBytes(): number;
}
