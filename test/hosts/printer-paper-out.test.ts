import test from "ava";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { interpretEscPos, type PaperItem } from "../../hosts/escpos-paper/index.ts";
import { rig, sampleJob } from "../drivers/printer/rig.ts";
import type { VirtualPrinterConfig } from "../../hosts/desktop/virtual-printer.ts";

/** Items of a stretch of paper, without stream offsets, with heights from the stretch's top. */
function normalise(items: PaperItem[], top: number): unknown[] {
  return items.map((item) => {
    const { offset: _offset, ...rest } = item;
    return "y" in rest ? { ...rest, y: rest.y - top } : rest;
  });
}

/** The paper cut into pieces, each ending with its cut. */
function pieces(items: PaperItem[]): { items: PaperItem[]; top: number }[] {
  const out: { items: PaperItem[]; top: number }[] = [];
  let current: PaperItem[] = [];
  let top = 0;
  for (const item of items) {
    current.push(item);
    if (item.type === "cut") {
      out.push({ items: current, top });
      top = item.y;
      current = [];
    }
  }
  if (current.length) out.push({ items: current, top });
  return out;
}

/**
 * What printed before the paper ran out is the start of the copy and nothing else: whole items,
 * and at most the first bands of an image that was printing.
 */
function startOfCopy(partial: unknown[], whole: unknown[]): boolean {
  return partial.every((item, i) => {
    if (JSON.stringify(item) === JSON.stringify(whole[i])) return true;
    const a = item as Extract<PaperItem, { type: "image" }>;
    const b = whole[i] as Extract<PaperItem, { type: "image" }>;
    if (i !== partial.length - 1 || a.type !== "image" || b.type !== "image") return false;
    const bits = Buffer.from(a.bits, "base64");
    return a.x === b.x && a.y === b.y && a.rowBytes === b.rowBytes && a.rows < b.rows && bits.equals(Buffer.from(b.bits, "base64").subarray(0, bits.length));
  });
}

const JOBS: [string, ReturnType<typeof printerProfile>, 58 | 80][] = [
  ["80 mm with a QR code the printer draws", printerProfile(80, { chinese: true, chunkBytes: 64 }), 80],
  ["58 mm with the QR code as a raster image", printerProfile(58, { chinese: true, qr: false, chunkBytes: 64 }), 58],
];

/** Two printers: one that takes bytes as fast as they come and prints them at once, and one that buffers them (4 KB) and prints 1 byte a ms, slower than the line. */
const ENGINES: [string, VirtualPrinterConfig][] = [
  ["an instant printer", {}],
  ["a buffering printer slower than the line", { bufferBytes: 4096, printBytesPerMs: 1 }],
];

for (const [what, profile, width] of JOBS) {
  for (const [engine, config] of ENGINES) {
    test(`paper out at every byte, ${what}, ${engine}: after the cut that ends the interrupted copy, exactly one whole copy`, async (t) => {
      const job = sampleJob(profile);
      const reference = pieces(interpretEscPos(job, { width, chinese: false }).items);
      t.is(reference.length, 1, "the job alone is one piece of paper ending with a cut");
      const whole = normalise(reference[0].items, 0);
      for (let p = 0; p < job.length; p++) {
        const { printer, device, run, wait } = rig({ ...config, paperOutAt: p }, { profile, pollMs: 100 });
        const first = await run(printer.print({ id: "r", bytes: job }));
        device.loadPaper();
        await wait(150);
        const resumed = await run(printer.resume());
        const second = resumed.copy === "complete" ? first : await run(printer.print({ id: "r", bytes: job }));
        const paper = interpretEscPos(Uint8Array.from(device.printed), { width });
        const cut = pieces(paper.items);
        // paper out on the final cut: the driver's cut completes the copy, which is then the only piece
        const ok =
          first.state === "interrupted" &&
          paper.problems.length === 0 &&
          (resumed.copy === "complete"
            ? first.uncut === true && cut.length === 1 && JSON.stringify(normalise(cut[0].items.slice(0, -1), 0)) === JSON.stringify(whole.slice(0, -1))
            : second.state === "done" &&
              cut.length === 2 &&
              JSON.stringify(normalise(cut[1].items, cut[1].top)) === JSON.stringify(whole) &&
              startOfCopy(normalise(cut[0].items.slice(0, -1), 0), whole));
        if (!ok) {
          t.fail(`paper out at byte ${p}: resume ${resumed.copy}, ${cut.length} pieces, problems ${JSON.stringify(paper.problems)}`);
          return;
        }
      }
      t.pass();
    });
  }
}

test("paper out at every byte, a printer that keeps its buffer (no DLE DC4 fn=8), buffering and slower than the line: the rest of the copy prints once paper is back, and the paper holds the job once, uncut between its two parts", async (t) => {
  const profile = printerProfile(80, { chinese: true, chunkBytes: 64, clearBuffers: false });
  const job = sampleJob(profile);
  for (let p = 0; p < job.length; p++) {
    const { printer, device, run, wait } = rig({ bufferBytes: 4096, printBytesPerMs: 1, clearBuffers: false, paperOutAt: p }, { profile, pollMs: 100 });
    const first = await run(printer.print({ id: "r", bytes: job }));
    device.loadPaper();
    await wait(150);
    const resumed = await run(printer.resume());
    if (first.state !== "interrupted" || resumed.copy !== "complete" || Buffer.compare(Buffer.from(device.printed), Buffer.from(job)) !== 0) {
      t.fail(`paper out at byte ${p}: ${first.state}, resume ${resumed.copy}, ${device.printed.length} bytes printed`);
      return;
    }
  }
  t.pass();
});
