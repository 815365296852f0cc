/*
 * Checks the census's conversion of chunks to a 32-bit engine's sizes
 * (heap-census.c `chunkSaving`) on chunks whose sizes are known: each
 * case makes one object, kept in a list made beforehand, and compares
 * what the conversion takes off with what the chunk weighs here less what
 * it would weigh on the ESP32 (an 8-byte header; a chunk of slots at half
 * its size). Prints `heap-census check: ok` or each case that differs.
 * Run by hand where the SDK is (hosts/sim/README.md, "Memory").
 */
import * as census from "heap-census";
import Instrumentation from "instrumentation";
import Debug from "debug";

const chunkId = Instrumentation.map("XS Chunk Heap Used");
const keep = new Array(8).fill(undefined);
const slot = census.slotBytes();
/** a chunk's header here: a size and a pointer */
const header = 2 * (slot / 4);

function saving() {
  Debug.gc();
  return { chunk: Instrumentation.get(chunkId), saving: census.chunkSaving() };
}

const cases = [
  // an array's items are slots: half their bytes on 32 bits, and the header
  ["an array of 1 000 numbers", () => new Array(1000).fill(1), 1000 * slot + header, 1000 * (slot / 2) + 8],
  // bytes stay bytes: only the header differs
  ["an ArrayBuffer of 1 000 bytes", () => new ArrayBuffer(1000), 1000 + header, 1000 + 8],
];
let failed = 0;
cases.forEach(([what, make, here, there], i) => {
  const before = saving();
  keep[i] = make();
  const after = saving();
  const grew = after.chunk - before.chunk;
  const took = after.saving - before.saving;
  if (grew !== here || took !== here - there) {
    failed++;
    trace(`heap-census check: ${what}: the chunk grew by ${grew} (expected ${here}), the conversion took ${took} off (expected ${here - there})\n`);
  }
});
trace(failed ? `heap-census check: ${failed} case(s) differ\n` : "heap-census check: ok\n");
