import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync } from "node:fs";
import { JournalError } from "../../modules/journal/error.ts";
import { ERASED, checkBlockIndex, checkFlashRange, type Flash } from "../../modules/journal/flash.ts";
import { replaceFile, writeAll } from "./replace-file.ts";

/**
 * The flash port on a desktop: a file of `blocks * blockSize` bytes with
 * NOR semantics (a write ANDs, an erase sets FF). Every write and erase is
 * followed by `fsync` before it returns, so that a record counts as written
 * only once it is on the disk. A new file is made erased, under a
 * temporary name renamed into place, so that a crash never leaves a short
 * file behind.
 */
export class FileFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;
  #fd: number | undefined;

  private constructor(fd: number, blocks: number, blockSize: number) {
    this.#fd = fd;
    this.blocks = blocks;
    this.blockSize = blockSize;
  }

  /**
   * Opens (or creates, erased) the file at `path`.
   *
   * @throws JournalError `FLASH_GEOMETRY` when the file exists with another size
   */
  static open(path: string, geometry: { blocks: number; blockSize: number }): FileFlash {
    const { blocks, blockSize } = geometry;
    if (!Number.isInteger(blocks) || !Number.isInteger(blockSize) || blocks < 1 || blockSize < 1) {
      throw new JournalError("FLASH_GEOMETRY", `a flash of ${blocks} blocks of ${blockSize} bytes cannot exist`);
    }
    const size = blocks * blockSize;
    if (!existsSync(path)) FileFlash.#create(path, size);
    const fd = openSync(path, "r+");
    const actual = fstatSync(fd).size;
    if (actual !== size) {
      closeSync(fd);
      throw new JournalError("FLASH_GEOMETRY", `${path} holds ${actual} bytes, not the ${size} of ${blocks} blocks of ${blockSize}`);
    }
    return new FileFlash(fd, blocks, blockSize);
  }

  static #create(path: string, size: number): void {
    const erased = new Uint8Array(Math.min(size, 65536)).fill(ERASED);
    replaceFile(path, (fd) => {
      for (let at = 0; at < size; at += erased.length) writeAll(fd, erased.subarray(0, Math.min(erased.length, size - at)), at);
    });
  }

  read(offset: number, length: number): Uint8Array {
    const fd = this.#open();
    checkFlashRange(this.blocks * this.blockSize, offset, length);
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const n = readSync(fd, out, done, length - done, offset + done);
      if (n === 0) throw new JournalError("FLASH_GEOMETRY", "the flash file ended early");
      done += n;
    }
    return out;
  }

  write(offset: number, bytes: Uint8Array): void {
    const fd = this.#open();
    checkFlashRange(this.blocks * this.blockSize, offset, bytes.length);
    const merged = this.read(offset, bytes.length);
    for (let i = 0; i < merged.length; i++) merged[i] &= bytes[i];
    this.#put(fd, merged, offset);
  }

  eraseBlock(index: number): void {
    const fd = this.#open();
    checkBlockIndex(this.blocks, index);
    this.#put(fd, new Uint8Array(this.blockSize).fill(ERASED), index * this.blockSize);
  }

  /** Closes the file; later calls throw. */
  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }

  #put(fd: number, bytes: Uint8Array, offset: number): void {
    writeAll(fd, bytes, offset);
    fsyncSync(fd);
  }

  #open(): number {
    if (this.#fd === undefined) throw new JournalError("FLASH_CLOSED", "the flash file is closed");
    return this.#fd;
  }
}
