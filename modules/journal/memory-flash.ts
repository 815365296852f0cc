import { seededRandom } from "../core/seeded-random.ts";
import { JournalError } from "./error.ts";
import { ERASED, checkBlockIndex, checkFlashRange, type Flash } from "./flash.ts";

/** Options of {@link MemoryFlash}. */
export interface MemoryFlashOptions {
  blocks: number;
  blockSize: number;
  /** initial contents (copied), `blocks * blockSize` bytes; erased when absent */
  contents?: Uint8Array;
  /** where torn bytes and half-erased blocks take their values; seeded by default */
  random?: () => number;
}

/** How a scheduled power cut damages the operation it falls on. */
export interface PowerCutOptions {
  /** a write leaves one more byte with only some of its bits programmed (default true) */
  tornByte?: boolean;
}

/**
 * A {@link Flash} in memory with NOR semantics, for tests, the simulator
 * and the benchmark. It counts operations and bytes written, and can cut
 * the power on any write or erase: a write is left with a prefix applied,
 * never all of it (and optionally a torn byte: one more byte with some,
 * not all, of its bits programmed), an erase leaves the block half-erased
 * (each byte erased, old, or random). After the cut every call throws
 * `FLASH_POWER_CUT`; {@link MemoryFlash.reboot} gives the flash back, with
 * the same contents, as a device finds it when the power returns.
 */
export class MemoryFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;
  /** writes and erases completed */
  operations = 0;
  writes = 0;
  erases = 0;
  bytesWritten = 0;
  /** the operation number of the last completed write, 0 before any */
  lastWrite = 0;
  readonly #bytes: Uint8Array;
  /** the storage under `#bytes`, whose reads are copied in one move */
  readonly #buffer: ArrayBuffer;
  readonly #random: () => number;
  #cutAt = 0;
  #cut: PowerCutOptions = {};
  #dead = false;

  constructor(options: MemoryFlashOptions) {
    const { blocks, blockSize } = options;
    if (!Number.isInteger(blocks) || !Number.isInteger(blockSize) || blocks < 1 || blockSize < 1) {
      throw new JournalError("FLASH_GEOMETRY", `a flash of ${blocks} blocks of ${blockSize} bytes cannot exist`);
    }
    this.blocks = blocks;
    this.blockSize = blockSize;
    this.#random = options.random ?? seededRandom(1);
    this.#buffer = new ArrayBuffer(blocks * blockSize);
    this.#bytes = new Uint8Array(this.#buffer).fill(ERASED);
    if (options.contents) {
      if (options.contents.length !== this.#bytes.length) {
        throw new JournalError("FLASH_GEOMETRY", `initial contents of ${options.contents.length} bytes for a ${this.#bytes.length}-byte flash`);
      }
      this.#bytes.set(options.contents);
    }
  }

  /** False once a scheduled cut has happened. */
  get powered(): boolean {
    return !this.#dead;
  }

  /**
   * Schedules a power cut on operation number `operation` (counting
   * writes and erases; `operations + 1` is the next one).
   */
  cutPowerAt(operation: number, options: PowerCutOptions = {}): void {
    this.#cutAt = operation;
    this.#cut = options;
  }

  /** The power comes back: a flash with the same bytes, counters at zero, no cut scheduled. */
  reboot(random?: () => number): MemoryFlash {
    return new MemoryFlash({ blocks: this.blocks, blockSize: this.blockSize, contents: this.#bytes, random: random ?? this.#random });
  }

  /** A copy of the whole partition, powered or not (what a flash dump would show). */
  image(): Uint8Array {
    return this.#bytes.slice();
  }

  read(offset: number, length: number): Uint8Array {
    this.#alive();
    checkFlashRange(this.#bytes.length, offset, length);
    // a copy of the buffer's bytes in one move (XS copies a typed array's slice element by element), as a device's flash read lands in a new buffer
    return new Uint8Array(this.#buffer.slice(offset, offset + length));
  }

  write(offset: number, bytes: Uint8Array): void {
    this.#alive();
    checkFlashRange(this.#bytes.length, offset, bytes.length);
    if (this.#cuts()) {
      const applied = Math.floor(this.#random() * bytes.length);
      for (let i = 0; i < applied; i++) this.#bytes[offset + i] &= bytes[i];
      if (this.#cut.tornByte !== false && applied < bytes.length) {
        const at = offset + applied;
        const toProgram = this.#bytes[at] & ~bytes[applied];
        let programmed = toProgram & Math.floor(this.#random() * 256);
        // some of its bits, never all: the power went before the byte was done
        if (programmed === toProgram) programmed &= programmed - 1;
        this.#bytes[at] &= ~programmed;
      }
      this.#die();
    }
    for (let i = 0; i < bytes.length; i++) this.#bytes[offset + i] &= bytes[i];
    this.operations++;
    this.writes++;
    this.bytesWritten += bytes.length;
    this.lastWrite = this.operations;
  }

  eraseBlock(index: number): void {
    this.#alive();
    checkBlockIndex(this.blocks, index);
    const start = index * this.blockSize;
    if (this.#cuts()) {
      for (let i = start; i < start + this.blockSize; i++) {
        const r = this.#random();
        if (r < 1 / 3) this.#bytes[i] = ERASED;
        else if (r >= 2 / 3) this.#bytes[i] = Math.floor(this.#random() * 256);
      }
      this.#die();
    }
    this.#bytes.fill(ERASED, start, start + this.blockSize);
    this.operations++;
    this.erases++;
  }

  #alive(): void {
    if (this.#dead) throw new JournalError("FLASH_POWER_CUT", "the flash has no power");
  }

  #cuts(): boolean {
    return this.#cutAt === this.operations + 1;
  }

  #die(): never {
    this.#dead = true;
    throw new JournalError("FLASH_POWER_CUT", `power cut during flash operation ${this.operations + 1}`);
  }
}
