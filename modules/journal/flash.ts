import { JournalError } from "./error.ts";

/**
 * The flash port: one partition of `blocks` erase blocks of `blockSize`
 * bytes, with NOR semantics. Shaped after ECMA-419 `embedded:storage/flash`
 * as the Moddable SDK implements it (`read`, `write`, `eraseBlock`, the
 * geometry of `status()`), with offsets first and `Uint8Array` in and out.
 *
 * - `write` can only turn 1 bits into 0 bits: written over bytes that are
 *   not erased, the result is the AND of old and new.
 * - `eraseBlock` sets a whole block to `0xFF`.
 * - `write` returns only once the bytes are durable: a power cut after it
 *   returns cannot undo them.
 * Out-of-range calls throw `FLASH_RANGE` ({@link checkFlashRange}).
 */
export interface Flash {
  /** Bytes per erase block (4096 on the ESP32's SPI flash). */
  readonly blockSize: number;
  /** Erase blocks in the partition. */
  readonly blocks: number;
  /** `length` bytes from `offset`, in a new array the caller owns. */
  read(offset: number, length: number): Uint8Array;
  /** Programs `bytes` at `offset` (AND with what is there); durable on return. */
  write(offset: number, bytes: Uint8Array): void;
  /** Sets block `index` to `0xFF`. */
  eraseBlock(index: number): void;
}

/** Value of an erased byte. */
export const ERASED = 0xff;

/**
 * Throws `FLASH_RANGE` unless `[offset, offset + length)` lies in a
 * partition of `size` bytes; backends call it before touching storage.
 */
export function checkFlashRange(size: number, offset: number, length: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new JournalError("FLASH_RANGE", `flash access of ${length} bytes at ${offset} is outside the ${size}-byte partition`);
  }
}

/** Throws `FLASH_RANGE` unless `index` names one of `blocks` erase blocks. */
export function checkBlockIndex(blocks: number, index: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= blocks) {
    throw new JournalError("FLASH_RANGE", `erase block ${index} is outside the ${blocks}-block partition`);
  }
}
