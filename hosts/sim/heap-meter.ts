import Debug from "debug";
import Instrumentation from "instrumentation";
import Timer from "timer";
import type { Log } from "../../modules/core/ports.ts";

/** How often the heap is sampled while a transaction runs, ms. */
const SAMPLE_MS = 20;

/**
 * The XS heap as Moddable's instrumentation reports it: slots and chunks
 * in use. Each sample follows a forced garbage collection (`debug`), so
 * it is what is alive, which is what a device's fixed heap must hold;
 * the simulator's heap grows on demand and would otherwise count garbage
 * not yet collected. While the terminal is busy the heap is sampled every
 * {@link SAMPLE_MS} ms, between the engine's turns: a peak inside one
 * turn (a signature check, the journal's compaction) is not seen.
 * Only a build with instrumentation (`mcconfig -d` or `-i`) has the
 * figures; elsewhere the meter says so once and stays quiet.
 */
export class HeapMeter {
  readonly #log: Log;
  readonly #slot = Instrumentation.map("XS Slot Heap Used");
  readonly #chunk = Instrumentation.map("XS Chunk Heap Used");
  #timer: ReturnType<typeof Timer.repeat> | undefined;
  #peak = { slot: 0, chunk: 0, total: 0 };
  #samples = 0;
  #quiet = 0;

  constructor(log: Log) {
    this.#log = log;
    if (this.#slot === undefined || this.#chunk === undefined) log.write("heap: this build has no instrumentation (build with mcconfig -d or -i)");
  }

  /** Logs the live heap now, `what` naming the moment. */
  report(what: string): void {
    const now = this.#sample();
    if (now) this.#write(what, now);
  }

  /**
   * No sample while `work` runs: a forced collection takes milliseconds,
   * and a card's answer to reset must come within 42 000 card clock
   * cycles (about 12 ms) of real time on the simulator's clock.
   */
  async quiet<T>(work: Promise<T>): Promise<T> {
    this.#quiet++;
    try {
      return await work;
    } finally {
      this.#quiet--;
    }
  }

  /** Starts sampling for a peak. */
  begin(): void {
    if (this.#timer !== undefined || this.#slot === undefined) return;
    this.#peak = { slot: 0, chunk: 0, total: 0 };
    this.#samples = 0;
    this.#take();
    this.#timer = Timer.repeat(() => this.#take(), SAMPLE_MS);
  }

  /** Stops sampling and logs the peak since `begin`. */
  end(what: string): void {
    if (this.#timer === undefined) return;
    Timer.clear(this.#timer);
    this.#timer = undefined;
    this.#take();
    this.#write(`peak during ${what}`, this.#peak, `; ${this.#samples} samples, one every ${SAMPLE_MS} ms`);
    this.report(`after ${what}`);
  }

  /** One line for the reader, one in JSON with the exact bytes for a program (bench/moddable.ts). */
  #write(moment: string, h: { slot: number; chunk: number; total: number }, more = ""): void {
    this.#log.write(`heap: ${moment}: ${kb(h.total)} live (slots ${kb(h.slot)}, chunks ${kb(h.chunk)}${more})`);
    this.#log.write(`heap-bytes: ${JSON.stringify({ moment, slotBytes: h.slot, chunkBytes: h.chunk })}`);
  }

  #take(): void {
    if (this.#quiet > 0) return;
    const now = this.#sample();
    this.#samples++;
    if (now && now.total > this.#peak.total) this.#peak = now;
  }

  #sample(): { slot: number; chunk: number; total: number } | undefined {
    if (this.#slot === undefined || this.#chunk === undefined) return undefined;
    Debug.gc();
    const slot = Instrumentation.get(this.#slot) ?? 0;
    const chunk = Instrumentation.get(this.#chunk) ?? 0;
    return { slot, chunk, total: slot + chunk };
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
