import RMT from "pins/rmt";
import Timer from "timer";
import type { FluxCapture } from "../../drivers/magstripe/io.ts";

/** Options of {@link RmtFluxCapture}. */
export interface RmtFluxCaptureOptions {
  /** GPIO of the flux-reversal detector's output */
  pin: number;
  /** RMT channel, one per track */
  channel: number;
  /** how often the RMT ring buffer is drained, ms (default 5) */
  pollMs?: number;
  onReadable: () => void;
}

/** Durations taken from the RMT per poll. */
const CHUNK = 512;
/** Durations held between polls and reads: a power of two, several polls' worth. */
const RING = 2048;

/**
 * {@link FluxCapture} on the ESP32's RMT receiver. The detector toggles its
 * output at each flux reversal, so every RMT duration is one interval
 * between reversals. The 80 MHz APB clock divided by 80 makes one RMT tick
 * one microsecond; durations are 15-bit (32 767 µs), far above the slowest
 * swipe's bit period (about 3 400 µs on track 2 at 10 cm/s). The RMT idle
 * threshold (20 ms) ends a burst.
 *
 * What each poll drains waits in a `Uint16Array` ring (4 KB) until the
 * reader takes it; the reader does so at once, from `onReadable`. Should
 * a reader fall behind by more than the ring, the oldest durations are
 * dropped and the track then fails its parity or LRC check.
 *
 * Written on the SDK's `pins/rmt`, which SDK 8.2.3 does not build for the
 * ESP32 (its ESP-IDF driver is gone; README.md, "Not done"): it needs an
 * RMT class on ESP-IDF's current driver with the same `read(buffer)`.
 */
export class RmtFluxCapture implements FluxCapture {
  #rmt: RMT | undefined;
  #poll: ReturnType<typeof Timer.repeat> | undefined;
  readonly #chunk = new Uint16Array(CHUNK);
  readonly #ring = new Uint16Array(RING);
  /** total durations written and read; their difference is what waits */
  #written = 0;
  #read = 0;

  constructor(options: RmtFluxCaptureOptions) {
    const onReadable = options.onReadable;
    try {
      this.#rmt = new RMT({ pin: options.pin, channel: options.channel, direction: "rx", divider: 80, filter: 10, timeout: 20_000, ringbufferSize: 4096 });
      this.#poll = Timer.repeat(() => {
        const { count } = this.#rmt!.read(this.#chunk.buffer);
        if (count === 0) return;
        for (let i = 0; i < count; i++) this.#ring[this.#written++ & (RING - 1)] = this.#chunk[i];
        if (this.#written - this.#read > RING) this.#read = this.#written - RING;
        onReadable();
      }, options.pollMs ?? 5);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  read(): Uint16Array {
    const out = new Uint16Array(this.#written - this.#read);
    for (let i = 0; i < out.length; i++) out[i] = this.#ring[(this.#read + i) & (RING - 1)];
    this.#read = this.#written;
    return out;
  }

  close(): void {
    if (this.#poll !== undefined) Timer.clear(this.#poll);
    this.#rmt?.close();
    this.#poll = undefined;
    this.#rmt = undefined;
  }
}
