import type { Flash } from "../../modules/journal/flash.ts";
import { checkBlockIndex, checkFlashRange } from "../../modules/journal/flash.ts";

/**
 * What {@link PartitionFlash} uses of a partition opened through ECMA-419
 * flash storage (`embedded:storage/flash`, Moddable SDK 8,
 * modules/io/flash/esp32): main.ts hands in
 * `FlashStorage.open({ path: "journal", mode: "r+" })`, tests a fake.
 * `read` answers a new ArrayBuffer, `write` takes a buffer or a view,
 * `eraseBlock(start, end)` erases blocks `start` up to, not including,
 * `end`, and `status()` gives the partition's size and erase geometry.
 */
export interface FlashPartitionPort {
  close(): void;
  eraseBlock(start: number, end?: number): void;
  read(byteLength: number, byteOffset: number): ArrayBuffer;
  write(buffer: ArrayBuffer | ArrayBufferView, byteOffset: number): void;
  status(): { size: number; blockLength: number; blocks: number };
}

/**
 * The flash port on the ESP32: a data partition of the SPI flash through
 * ECMA-419 flash storage (`embedded:storage/flash`, Moddable SDK 8; the
 * manifest includes `$(MODDABLE)/modules/io/flash/manifest.json`).
 *
 * The journal's partition is labelled `journal`: 256 KB, that is 64
 * erase blocks of 4 KB (a batch of 500 sales with their receipts), the
 * board's partitions.csv line
 *
 *     journal,  data, undefined, 0x3C0000, 0x040000,
 *
 * It is left out of flash encryption (no `encrypted` flag): an encrypted
 * partition takes writes only in aligned 16-byte units written once,
 * which records on 4-byte boundaries, written one after the other into
 * the same 16 bytes, do not fit. What it holds is not all masked: no
 * PIN, PIN block, key, track or CVV is ever written, but sealed card
 * data records (modules/journal/sealed-card-data.ts) carry the full PAN
 * and chip data of offline advices and of sales whose void must carry
 * the PAN, enciphered
 * AES-128-CBC under the device data key `dek`. That key lives in NVS
 * (preference-key-store.ts), which release builds encipher (NVS
 * encryption, its keys in the flash-encrypted `nvs_keys` partition;
 * hosts/esp32/sdkconfig/); a debug build leaves NVS, and so `dek`, in
 * the clear. Writes on the ESP32's NOR flash AND over what is there and
 * `esp_partition_write` returns once the bytes are programmed, which is
 * what the journal's durability rests on.
 */
export class PartitionFlash implements Flash {
  readonly blockSize: number;
  readonly blocks: number;
  readonly #partition: FlashPartitionPort;

  /**
   * Takes a partition opened for reading and writing (`mode: "r+"`); the
   * geometry is the partition's own (`status()`), so the journal's
   * partition can grow in partitions.csv without a change here.
   */
  constructor(partition: FlashPartitionPort) {
    this.#partition = partition;
    const { blockLength, blocks } = partition.status();
    this.blockSize = blockLength;
    this.blocks = blocks;
  }

  read(offset: number, length: number): Uint8Array {
    checkFlashRange(this.blockSize * this.blocks, offset, length);
    return new Uint8Array(this.#partition.read(length, offset));
  }

  write(offset: number, bytes: Uint8Array): void {
    checkFlashRange(this.blockSize * this.blocks, offset, bytes.length);
    this.#partition.write(bytes, offset);
  }

  eraseBlock(index: number): void {
    checkBlockIndex(this.blocks, index);
    this.#partition.eraseBlock(index);
  }

  close(): void {
    this.#partition.close();
  }
}
