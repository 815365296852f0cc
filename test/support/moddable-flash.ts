/**
 * A partition of ECMA-419 flash storage as the Moddable SDK 8.2.3 gives it
 * on the ESP32 (`embedded:storage/flash`, modules/io/flash/esp32/flash-esp32.c
 * over ESP-IDF's `esp_partition_*`), in memory, with NOR semantics:
 * `eraseBlock(start, end)` sets blocks `start` up to, not including,
 * `end` (one when `end` is absent) to 0xFF; `write(buffer, offset)`
 * programs bytes, which can only clear bits (the result is the AND of
 * what was there and what is written); `read(length, offset)` answers a
 * new ArrayBuffer; `status()` gives `size`, `blockLength` and `blocks`.
 * A partition opened with `mode: "r"` refuses writes and erases; every
 * call after `close()` throws; so does an access outside the partition,
 * as `esp_partition_read`/`write`/`erase_range` fail there.
 *
 * It can also lose power: {@link FakeFlashPartition.cutPowerAt} makes a
 * later write or erase stop part way (a write leaves a prefix of its
 * bytes, an erase leaves the block's first bytes erased) and throw; the
 * bytes stay for {@link FakeFlashStorage.open} after the "reboot".
 */
export interface FakeFlashOpenOptions {
  path: string;
  mode?: "r" | "r+";
}

export class FakeFlashStorage {
  readonly #partitions = new Map<string, Uint8Array>();
  readonly blockLength: number;

  /** @param partitions - label to size in bytes, each a whole number of `blockLength` blocks */
  constructor(partitions: Record<string, number>, blockLength = 4096) {
    this.blockLength = blockLength;
    for (const [label, size] of Object.entries(partitions)) this.#partitions.set(label, new Uint8Array(size).fill(0xff));
  }

  /** As the SDK's `open`: a partition by label, read-write unless `mode` is "r". */
  open(options: FakeFlashOpenOptions): FakeFlashPartition {
    if (!options || typeof options.path !== "string") throw new Error("no path");
    const bytes = this.#partitions.get(options.path);
    if (!bytes) throw new Error("can't find partition");
    const mode = options.mode ?? "r+";
    if (mode !== "r" && mode !== "r+") throw new Error("invalid mode");
    return new FakeFlashPartition(bytes, this.blockLength, mode === "r");
  }

  /** A copy of a partition's bytes (a flash dump). */
  image(label: string): Uint8Array {
    return this.#partitions.get(label)!.slice();
  }
}

export class FakeFlashPartition {
  readonly #bytes: Uint8Array;
  readonly #blockLength: number;
  readonly #readOnly: boolean;
  #closed = false;
  #operations = 0;
  #cutAt = 0;
  #cutFraction = 0.5;
  /** reads, writes and erases made */
  calls = { read: 0, write: 0, erase: 0 };
  /** the number (counting writes and erases from 1) of the last write that completed, 0 before any */
  lastWrite = 0;

  constructor(bytes: Uint8Array, blockLength: number, readOnly: boolean) {
    this.#bytes = bytes;
    this.#blockLength = blockLength;
    this.#readOnly = readOnly;
  }

  /** Cuts the power on write or erase number `operation` (from 1), after `fraction` of its bytes. */
  cutPowerAt(operation: number, fraction = 0.5): void {
    this.#cutAt = operation;
    this.#cutFraction = fraction;
  }

  close(): void {
    this.#closed = true;
  }

  status(): { size: number; blockLength: number; blocks: number } {
    this.#open();
    return { size: this.#bytes.length, blockLength: this.#blockLength, blocks: this.#bytes.length / this.#blockLength };
  }

  read(byteLength: number, byteOffset: number): ArrayBuffer {
    this.#open();
    this.#inside(byteOffset, byteLength);
    this.calls.read++;
    return this.#bytes.slice(byteOffset, byteOffset + byteLength).buffer;
  }

  write(buffer: ArrayBuffer | ArrayBufferView, byteOffset: number): void {
    this.#writable();
    const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    this.#inside(byteOffset, bytes.length);
    this.calls.write++;
    const end = this.#cuts() ? Math.floor(bytes.length * this.#cutFraction) : bytes.length;
    for (let i = 0; i < end; i++) this.#bytes[byteOffset + i] &= bytes[i];
    if (end < bytes.length) throw new Error("power cut");
    this.lastWrite = this.#operations;
  }

  eraseBlock(start: number, end = start + 1): void {
    this.#writable();
    this.#inside(start * this.#blockLength, (end - start) * this.#blockLength);
    this.calls.erase++;
    const from = start * this.#blockLength;
    const length = (end - start) * this.#blockLength;
    const done = this.#cuts() ? Math.floor(length * this.#cutFraction) : length;
    this.#bytes.fill(0xff, from, from + done);
    if (done < length) throw new Error("power cut");
  }

  #cuts(): boolean {
    return ++this.#operations === this.#cutAt;
  }

  #open(): void {
    if (this.#closed) throw new Error("closed");
  }

  #writable(): void {
    this.#open();
    if (this.#readOnly) throw new Error("read-only");
  }

  #inside(offset: number, length: number): void {
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > this.#bytes.length) throw new Error("out of range");
  }
}
