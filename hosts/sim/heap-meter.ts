import Debug from "debug";
import Instrumentation from "instrumentation";
import Timer from "timer";
import type { Log } from "../../modules/core/ports.ts";

/** The heap census (heap-census/heap-census.c): the live heap by kind of object, kept outside the XS heap. */
export interface HeapCensus {
  /** counts the live heap into table `which` (0 or 1) */
  take(which: number): void;
  /** writes table `which` to the standard output, a `heap-census:` line a row named by `tag` */
  print(which: number, tag: string): void;
  /** the bytes by which the live chunks would be fewer on a 32-bit machine (the ESP32), right after a collection */
  chunkSaving(): number;
  /** the bytes of a slot on this machine */
  slotBytes(): number;
}

/** A slot's bytes on the ESP32 (32-bit pointers). */
const ESP32_SLOT_BYTES = 16;

/** The census table of the heap as a transaction starts, and of its peak. */
const AT_START = 0;
const AT_PEAK = 1;

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
 *
 * With the census, each sample has the ESP32's estimate too: its slots
 * at 16 bytes, and its chunks less what the census finds they would take
 * less on a 32-bit machine (`chunkSaving`); the peak is the sample whose
 * estimate is highest.
 */
export class HeapMeter {
  readonly #log: Log;
  readonly #census: HeapCensus | undefined;
  /** a slot's bytes on this machine, with the census */
  readonly #slotBytes: number;
  readonly #slot = Instrumentation.map("XS Slot Heap Used");
  readonly #chunk = Instrumentation.map("XS Chunk Heap Used");
  #timer: ReturnType<typeof Timer.repeat> | undefined;
  #peak: Sample = { slot: 0, chunk: 0, total: 0 };
  #samples = 0;
  #holding: (() => string | undefined) | undefined;
  #where: (() => string) | undefined;
  #quiet = 0;

  /**
   * `census`, where the build has it: at the start of each transaction and
   * at each new peak the meter takes a census of the heap by kind of
   * object, and writes both at the end of the transaction.
   */
  constructor(log: Log, census?: HeapCensus) {
    this.#log = log;
    this.#census = census;
    this.#slotBytes = census?.slotBytes() ?? 0;
    if (this.#slot === undefined || this.#chunk === undefined) log.write("heap: this build has no instrumentation (build with mcconfig -d or -i)");
  }

  /** Logs the live heap now, `what` naming the moment. */
  report(what: string): void {
    const now = this.#sample();
    if (now) this.#write(what, now);
  }

  /**
   * Makes what `make` returns and logs the live heap it added, `what`
   * naming it: the share of an object the board does not hold (the
   * virtual card), to be set apart from the terminal's own figures.
   */
  share<T>(what: string, make: () => T): T {
    const before = this.#sample();
    const made = make();
    const after = this.#sample();
    if (before && after) this.#writeShare(what, after, before);
    return made;
  }

  /**
   * {@link share} for what is made in more than one turn (main.ts: the
   * virtual card, whose worker answers with the ATR).
   */
  async shareLater<T>(what: string, make: () => Promise<T>): Promise<T> {
    const before = this.#sample();
    const made = await make();
    const after = this.#sample();
    if (before && after) this.#writeShare(what, after, before);
    return made;
  }

  /**
   * Lets go of an object (`drop` clears the last reference to it) and
   * logs the live heap that freed, `what` naming it: the share of the
   * virtual card at the end of a sale, when it holds the most.
   */
  release(what: string, drop: () => void): void {
    const before = this.#sample();
    drop();
    const after = this.#sample();
    if (before && after) this.#writeShare(what, before, after);
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

  /**
   * Starts sampling for a peak. `holding` names, at each sample, what the
   * heap holds that the board's does not (main.ts: the virtual card while
   * it is in the slot): the peak's line says it, so that a share is taken
   * off the peak only when it was there. `where` names the step the
   * terminal is at (its state): each sample's line names it, which says
   * where the peak goes. The highest of each step is left to the reader
   * of the log (bench/moddable.ts): kept here, the records were the
   * meter's own objects in the heap it measures, some 200 slots at a
   * sale's peak.
   */
  begin(holding?: () => string | undefined, where?: () => string): void {
    if (this.#timer !== undefined || this.#slot === undefined) return;
    this.#holding = holding;
    this.#where = where;
    this.#peak = { slot: 0, chunk: 0, total: 0 };
    this.#samples = 0;
    this.#census?.take(AT_START);
    this.#take();
    this.#timer = Timer.repeat(() => this.#take(), SAMPLE_MS);
  }

  /** Stops sampling and logs the peak since `begin`. */
  end(what: string): void {
    if (this.#timer === undefined) return;
    Timer.clear(this.#timer);
    this.#timer = undefined;
    this.#take();
    const holding = this.#peak.holding;
    this.#write(`peak during ${what}`, this.#peak, `; ${this.#samples} samples, one every ${SAMPLE_MS} ms${holding ? `; holding ${holding}` : ""}`);
    this.#census?.print(AT_START, `start of ${what}`);
    this.#census?.print(AT_PEAK, `peak during ${what}`);
    this.report(`after ${what}`);
  }

  /** One line for the reader, one in JSON with the exact bytes for a program (bench/moddable.ts). */
  #write(moment: string, h: Sample, more = "", prefix = "heap"): void {
    const esp32 = h.esp32 === undefined ? "" : `; ESP32 estimate ${kb(h.esp32)}`;
    this.#log.write(`${prefix}: ${moment}: ${kb(h.total)} live (slots ${kb(h.slot)}, chunks ${kb(h.chunk)}${esp32}${more})`);
    this.#log.write(
      `heap-bytes: ${JSON.stringify({ moment, slotBytes: h.slot, chunkBytes: h.chunk, ...(h.esp32Chunk !== undefined ? { esp32ChunkBytes: h.esp32Chunk } : {}), ...(h.holding ? { holding: h.holding } : {}) })}`,
    );
  }

  /** The share of `what`: the live heap with it less the live heap without it. */
  #writeShare(what: string, withIt: Sample, without: Sample): void {
    const slot = withIt.slot - without.slot;
    const chunk = withIt.chunk - without.chunk;
    const share: Sample = { slot, chunk, total: slot + chunk };
    if (withIt.esp32 !== undefined && without.esp32 !== undefined) {
      share.esp32Chunk = withIt.esp32Chunk! - without.esp32Chunk!;
      share.esp32 = withIt.esp32 - without.esp32;
    }
    this.#write(`share of ${what}`, share);
  }

  /**
   * Takes a sample now, while sampling for a peak, placed at `place` (the
   * step about to start: main.ts names the command the kernel is about to
   * send), so that the difference between two marks is what the step
   * between them left in the heap, not only what a timer's sample caught.
   * It is taken even while {@link quiet}: main.ts marks only once the
   * card is active, when its answers have a waiting time of a second,
   * not the answer to reset's 12 ms.
   */
  mark(place: string): void {
    if (this.#timer !== undefined) this.#take(place);
  }

  #take(at?: string): void {
    if (this.#quiet > 0 && at === undefined) return;
    const now = this.#sample();
    this.#samples++;
    if (!now) return;
    const holding = this.#holding?.();
    if (measure(now) > measure(this.#peak)) {
      this.#peak = { ...now, holding };
      this.#census?.take(AT_PEAK);
    }
    const place = at ?? this.#where?.();
    // every sample, in order: the difference between two says what a step of the sale left in the heap
    if (place !== undefined) this.#write(`sample at ${place}`, now, "", "heap-sample");
  }

  #sample(): Sample | undefined {
    if (this.#slot === undefined || this.#chunk === undefined) return undefined;
    Debug.gc();
    const slot = Instrumentation.get(this.#slot) ?? 0;
    const chunk = Instrumentation.get(this.#chunk) ?? 0;
    if (!this.#census) return { slot, chunk, total: slot + chunk };
    // no allocation since the collection: the census sees the chunks the instrumentation counted
    const esp32Chunk = chunk - this.#census.chunkSaving();
    const esp32 = (slot / this.#slotBytes) * ESP32_SLOT_BYTES + esp32Chunk;
    return { slot, chunk, total: slot + chunk, esp32Chunk, esp32 };
  }
}

/** Live bytes at one moment, and what the heap held then that the board's does not. */
interface Sample {
  slot: number;
  chunk: number;
  total: number;
  /** the chunks as a 32-bit machine would hold them, with the census */
  esp32Chunk?: number;
  /** the ESP32's estimate of the whole: slots at 16 bytes, and `esp32Chunk` */
  esp32?: number;
  holding?: string;
}

/** What a sample weighs for the peak: its ESP32 estimate where there is one, else its bytes here. */
function measure(s: Sample): number {
  return s.esp32 ?? s.total;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
