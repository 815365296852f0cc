import test from "ava";
import { censusAtPeak, esp32Bytes, heapFigure, highestByPlace, lessParts, type HeapFigure } from "../../bench/moddable.ts";

const row = (tag: string, what: string, count: number, slots: number, chunkBytes: number) => ["heap-census:", tag, what, count, slots, chunkBytes].join("\t");

test("the census at the peak ranks kinds by their growth over the sale's start, slots at 16 bytes plus chunk bytes, a kind new at the peak counted from zero", (t) => {
  const lines = [
    "heap: idle after start: 63.9 KB live",
    row("start of the transaction", "Map of 3", 1, 10, 100),
    row("start of the transaction", "Uint8Array", 10, 40, 0),
    row("peak during the transaction", "Map of 3", 1, 10, 100),
    row("peak during the transaction", "Uint8Array", 30, 120, 0),
    row("peak during the transaction", "suspended (anonymous-0)[?,a,b]", 1, 8, 1680),
  ];
  const census = censusAtPeak(lines)!;
  t.is(census.esp32EstimateAtStartBytes, 10 * 16 + 100 + 40 * 16);
  t.is(census.esp32EstimateAtPeakBytes, 10 * 16 + 100 + 120 * 16 + 8 * 16 + 1680);
  t.deepEqual(
    census.grewMost.map((r) => [r.what, r.grewBy.esp32EstimateBytes, r.grewBy.count]),
    [
      ["suspended (anonymous-0)[?,a,b]", 8 * 16 + 1680, 1],
      ["Uint8Array", 80 * 16, 20],
      ["Map of 3", 0, 0],
    ],
  );
  t.deepEqual(census.grewMost[1].atPeak, { count: 30, slots: 120, chunkBytes: 0 });
});

test("without a census of both the sale's start and its peak there is none to report", (t) => {
  t.is(censusAtPeak([row("peak during the transaction", "Uint8Array", 1, 4, 0)]), null);
  t.is(censusAtPeak(["heap: peak during the transaction: 122.0 KB live"]), null);
});

test("the highest sample of each place is kept, the places in the order they first came", (t) => {
  const f = (moment: string, slotBytes: number, chunkBytes: number): HeapFigure => ({ moment, slotBytes, chunkBytes });
  const figures = [f("sample at state amount", 100, 10), f("sample at state online", 300, 30), f("share of the link", 999, 999), f("sample at state amount", 120, 5), f("sample at state online", 200, 20)];
  t.deepEqual(highestByPlace(figures), [f("sample at state amount", 120, 5), f("sample at state online", 300, 30)]);
});

test("the ESP32's estimate counts slots at 16 bytes and the census's 32-bit chunk bytes where the figure has them, the simulator's chunk bytes (an upper bound) where not", (t) => {
  const converted: HeapFigure = { moment: "peak", slotBytes: 3200, chunkBytes: 1000, esp32ChunkBytes: 700 };
  const upper: HeapFigure = { moment: "peak", slotBytes: 3200, chunkBytes: 1000 };
  t.is(esp32Bytes(converted), 100 * 16 + 700);
  t.is(esp32Bytes(upper), 100 * 16 + 1000);
  t.deepEqual(heapFigure(converted)!.esp32Estimate, { slotBytes: 1600, chunkBytes: 700, chunksConverted: true, totalBytes: 2300, totalKiB: 2.2 });
  t.is(heapFigure(upper)!.esp32Estimate.chunksConverted, false);
  t.is(heapFigure(converted)!.simulator64.totalBytes, 4200);
});

test("the highest sample of a place is the highest ESP32 estimate: a sample with more 64-bit chunks but fewer 32-bit ones is lower", (t) => {
  const a: HeapFigure = { moment: "sample at state online", slotBytes: 3200, chunkBytes: 2000, esp32ChunkBytes: 900 };
  const b: HeapFigure = { moment: "sample at state online", slotBytes: 3200, chunkBytes: 1500, esp32ChunkBytes: 1200 };
  t.deepEqual(highestByPlace([a, b]), [b]);
});

test("a peak less its parts subtracts slots, chunks and 32-bit chunks apart; 32-bit chunks only when every figure has them", (t) => {
  const peak: HeapFigure = { moment: "peak", slotBytes: 6400, chunkBytes: 3000, esp32ChunkBytes: 2500 };
  const card: HeapFigure = { moment: "share of the card", slotBytes: 1600, chunkBytes: 500, esp32ChunkBytes: 400 };
  const screen: HeapFigure = { moment: "share of the screen", slotBytes: 640, chunkBytes: 100, esp32ChunkBytes: 90 };
  t.deepEqual(lessParts("less", peak, [card, screen]), { moment: "less", slotBytes: 4160, chunkBytes: 2400, esp32ChunkBytes: 2010 });
  t.deepEqual(lessParts("less", peak, [card, { moment: "old", slotBytes: 0, chunkBytes: 0 }]), { moment: "less", slotBytes: 4800, chunkBytes: 2500 });
});
