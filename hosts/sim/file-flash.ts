import { JournalError } from "../../modules/journal/error.ts";
import { checkBlockIndex, checkFlashRange, ERASED, type Flash } from "../../modules/journal/flash.ts";

/** An open file, as the `file` module's `File` gives it (the part used here). */
export interface FileHandle {
  readonly length: number;
  position: number;
  read(type: typeof ArrayBuffer, count: number): ArrayBuffer;
  write(buffer: ArrayBuffer): void;
  close(): void;
}

/** The `file` module's `File` class: opens a file (`write`: for writing, created when absent). */
export interface FileClass {
  new (path: string, write?: boolean): FileHandle;
  exists(path: string): boolean;
}

/**
 * The flash port in a file, through Moddable's `file` module: the
 * simulator has no SPI flash (`embedded:storage/flash` is not built for
 * Linux or Windows). The file holds `blocks` × `blockSize` bytes and
 * behaves as NOR flash: a write ANDs over what is there, an erase sets a
 * block to 0xFF. Each call opens and closes the file, so that what a
 * write returns from is in the operating system's hands when the
 * simulator is killed. It is not synced to the disk: the SDK's `file`
 * module (8.2.3, modules/files/file on lin, mac and win) ends a write
 * with `fflush` and has no fsync, so the journal survives the simulator
 * being killed, not the host operating system crashing.
 */
export class FileFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;
  readonly #path: string;
  readonly #file: FileClass;

  /**
   * Opens the file at `path`, or creates it erased when there is none.
   * @param file - the `file` module's `File` class (main.ts passes it; tests a fake)
   * @throws JournalError `FLASH_GEOMETRY` when the file has another size:
   *   it may hold a journal with pending reversals, so it is never erased here
   */
  constructor(path: string, geometry: { blocks: number; blockSize: number }, file: FileClass) {
    this.#path = path;
    this.#file = file;
    const File = file;
    this.blocks = geometry.blocks;
    this.blockSize = geometry.blockSize;
    const size = this.blocks * this.blockSize;
    let length = -1;
    if (File.exists(path)) {
      const file = new File(path);
      length = file.length;
      file.close();
    }
    if (length >= 0 && length !== size) {
      throw new JournalError("FLASH_GEOMETRY", `${path} holds ${length} bytes, not the ${size} of a ${this.blocks} × ${this.blockSize} journal: move it away to start an empty journal`);
    }
    if (length < 0) {
      const file = new File(path, true);
      const block = new Uint8Array(this.blockSize).fill(ERASED);
      for (let i = 0; i < this.blocks; i++) file.write(block.buffer);
      file.close();
    }
  }

  read(offset: number, length: number): Uint8Array {
    checkFlashRange(this.blockSize * this.blocks, offset, length);
    if (length === 0) return new Uint8Array(0);
    const file = new this.#file(this.#path);
    try {
      file.position = offset;
      return new Uint8Array(file.read(ArrayBuffer, length));
    } finally {
      file.close();
    }
  }

  write(offset: number, bytes: Uint8Array): void {
    checkFlashRange(this.blockSize * this.blocks, offset, bytes.length);
    if (bytes.length === 0) return;
    const merged = this.read(offset, bytes.length);
    for (let i = 0; i < merged.length; i++) merged[i] &= bytes[i];
    this.#put(offset, merged);
  }

  eraseBlock(index: number): void {
    checkBlockIndex(this.blocks, index);
    this.#put(index * this.blockSize, new Uint8Array(this.blockSize).fill(ERASED));
  }

  #put(offset: number, bytes: Uint8Array): void {
    const file = new this.#file(this.#path, true);
    try {
      file.position = offset;
      file.write(bytes.slice().buffer as ArrayBuffer);
    } finally {
      file.close();
    }
  }
}
