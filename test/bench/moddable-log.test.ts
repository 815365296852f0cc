import test from "ava";
import { censusAtPeak, highestByPlace, type HeapFigure } from "../../bench/moddable.ts";

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
