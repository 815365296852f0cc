/**
 * The XS heap of one operation, as far as xsnap can tell it. xsnap
 * reports after each evaluation `currentHeapCount` (slots in use: the
 * count rises by one per slot taken and falls back to the live slots at
 * each garbage collection) and `allocate` (the bytes its heap has taken
 * from the system, slot arenas and chunk blocks; it only grows, from a
 * 32 MB chunk space and 256 K slots at start). It keeps no peak of its
 * own, and it reports no count of chunk bytes (the bodies of strings,
 * byte arrays, arrays), only their slots.
 *
 * So: collect, count the live slots with the case ready (idle); run one
 * operation with no collection in between (xsnap's initial 256 K slots
 * leave room), count again: the growth is every slot the operation took,
 * and idle plus that growth bounds the live slots at any moment of it
 * from above (the peak). Collect again for what it kept.
 */
import type { XsRun } from "../tools/xs-worker.ts";

/** Bytes of one XS slot here (xsnap on a 64-bit host) and on the ESP32 (32-bit XS). */
export const SLOT_BYTES_HOST = 32;
export const SLOT_BYTES_ESP32 = 16;

export interface XsHeapFigures {
  /** what the figures are and are not */
  source: string;
  /** live slots after a collection, the case set up and ready: the whole benchmark bundle's, every case's code and data */
  xsnapIdleSlotsWholeBundle: number;
  /** slots one operation took, none collected meanwhile (garbage included) */
  xsnapSlotsTakenByOneOperation: number;
  /** idle + taken: an upper bound of the live slots during the operation */
  xsnapPeakLiveSlotsAtMost: number;
  /** live slots after a collection that follows the operation */
  xsnapRetainedSlots: number;
  /** the slots taken by the operation at 16 bytes a slot (32-bit XS, as on the ESP32; a product, not a measurement on the device; chunks not included) */
  slotsTakenTimes16Bytes: number;
  /** the same at this host's 32-byte slot */
  slotsTakenTimes32Bytes: number;
  /** xsnap's `allocate` before and after the operation: the heap taken from the system (grows only, by 4 MB chunk blocks or 128 K slots) */
  xsnapAllocateBeforeBytes: number | null;
  xsnapAllocateAfterBytes: number | null;
}

interface Evaluator {
  evaluate(code: string): Promise<XsRun>;
}

/**
 * Measures one run of `operation` (a script) in a worker where the case is
 * set up; throws when a collection happened during it (the growth would
 * then not be every slot it took).
 */
export async function xsHeapOfOne(worker: Evaluator, operation: string): Promise<XsHeapFigures> {
  const count = (r: XsRun) => {
    if (r.currentHeapCount === null) throw new Error("xsnap reported no currentHeapCount");
    return r.currentHeapCount;
  };
  // what evaluating a one-line script costs by itself, to take out of the operation's figure
  const collected = count(await worker.evaluate("gc()"));
  const empty = count(await worker.evaluate("void 0")) - collected;
  const ready = await worker.evaluate("gc()");
  const idle = count(ready);
  const run = await worker.evaluate(operation);
  const after = count(run);
  if (after < idle) throw new Error("a garbage collection ran during the operation: its slots cannot be counted");
  const retained = count(await worker.evaluate("gc()"));
  const operationSlots = Math.max(0, after - idle - empty);
  return {
    source: "xsnap (the XS engine on this host), not the device: live slots counted after forced collections, no chunk bytes (string and byte-array bodies)",
    xsnapIdleSlotsWholeBundle: idle,
    xsnapSlotsTakenByOneOperation: operationSlots,
    xsnapPeakLiveSlotsAtMost: idle + operationSlots,
    xsnapRetainedSlots: retained,
    slotsTakenTimes16Bytes: operationSlots * SLOT_BYTES_ESP32,
    slotsTakenTimes32Bytes: operationSlots * SLOT_BYTES_HOST,
    xsnapAllocateBeforeBytes: ready.allocate,
    xsnapAllocateAfterBytes: run.allocate,
  };
}
