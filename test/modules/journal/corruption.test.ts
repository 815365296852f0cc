import test from "ava";
import { Journal } from "../../../modules/journal/journal.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { HEADER_SIZE, recordSize } from "../../../modules/journal/record.ts";

const geometry = { blocks: 4, blockSize: 256 };
const PAYLOAD = 30;
const SIZE = recordSize(PAYLOAD); // 52: four records to a block

/** Six records: 1-4 fill block 0 at offsets 0, 52, 104, 156; 5 and 6 start block 1. */
function sixRecords(): MemoryFlash {
  const flash = new MemoryFlash(geometry);
  const journal = Journal.open(flash);
  for (let i = 1; i <= 6; i++) journal.append(i, new Uint8Array(PAYLOAD).fill(i));
  return flash;
}

function reopenedWithFlip(flash: MemoryFlash, byte: number, bit: number): Journal {
  const image = flash.image();
  image[byte] ^= 1 << bit;
  return Journal.open(new MemoryFlash({ ...geometry, contents: image }));
}

const sequences = (journal: Journal) => [...journal.records()].map((r) => r.sequence);

test("the record layout these tests flip bits in", (t) => {
  const image = sixRecords().image();
  t.is(SIZE, 52);
  for (const at of [0, 52, 104, 156, 256, 308]) t.deepEqual([image[at], image[at + 1]], [0x4a, 0x52], `record at ${at}`);
});

test("a flipped bit anywhere in a payload, its padding or the record CRC drops that record only; the records after it stay", (t) => {
  const flash = sixRecords();
  for (let byte = SIZE + HEADER_SIZE; byte < 2 * SIZE; byte++) {
    for (let bit = 0; bit < 8; bit++) t.deepEqual(sequences(reopenedWithFlip(flash, byte, bit)), [1, 3, 4, 5, 6], `byte ${byte} bit ${bit}`);
  }
});

test("a flipped bit anywhere in a header drops that record and the rest of its block; other blocks stay", (t) => {
  const flash = sixRecords();
  for (let byte = SIZE; byte < SIZE + HEADER_SIZE; byte++) {
    for (let bit = 0; bit < 8; bit++) t.deepEqual(sequences(reopenedWithFlip(flash, byte, bit)), [1, 5, 6], `byte ${byte} bit ${bit}`);
  }
});

test("a flipped bit in the last record of a block, erased flash after it, reads as a torn record: that record is dropped and its block takes no more", (t) => {
  const flash = sixRecords();
  for (let byte = 3 * SIZE + HEADER_SIZE; byte < 4 * SIZE; byte++) {
    for (let bit = 0; bit < 8; bit++) t.deepEqual(sequences(reopenedWithFlip(flash, byte, bit)), [1, 2, 3, 5, 6], `byte ${byte} bit ${bit}`);
  }
  // the head block's last record: the next append starts a new block
  const journal = reopenedWithFlip(flash, 256 + SIZE + HEADER_SIZE, 0);
  t.deepEqual(sequences(journal), [1, 2, 3, 4, 5]);
  t.is(journal.append(7, Uint8Array.of(7)), 6);
  t.deepEqual(sequences(journal), [1, 2, 3, 4, 5, 6]);
});

test("after a damaged record in an older block, appends go on at the head with the next sequence number", (t) => {
  const journal = reopenedWithFlip(sixRecords(), SIZE + 3, 0);
  t.is(journal.append(7, Uint8Array.of(7)), 7);
  t.deepEqual(sequences(journal), [1, 5, 6, 7]);
});
