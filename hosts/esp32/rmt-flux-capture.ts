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

/**
 * {@link FluxCapture} on the ESP32's RMT receiver. The detector toggles its
 * output at each flux reversal, so every RMT duration is one interval
 * between reversals. The 80 MHz APB clock divided by 80 makes one RMT tick
 * one microsecond; durations are 15-bit, far above the slowest swipe's
 * bit period. The RMT idle threshold (20 ms) ends a burst.
 */
export class RmtFluxCapture implements FluxCapture {
  #rmt: RMT | undefined;
  #poll: ReturnType<typeof Timer.repeat> | undefined;
  #buffer = new Uint16Array(512);
  #pending: number[] = [];

  constructor(options: RmtFluxCaptureOptions) {
    const onReadable = options.onReadable;
    try {
      this.#rmt = new RMT({ pin: options.pin, channel: options.channel, direction: "rx", divider: 80, filter: 10, timeout: 20_000, ringbufferSize: 4096 });
      this.#poll = Timer.repeat(() => {
        const { count } = this.#rmt!.read(this.#buffer.buffer);
        if (count === 0) return;
        for (let i = 0; i < count; i++) this.#pending.push(this.#buffer[i]);
        onReadable();
      }, options.pollMs ?? 5);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  read(): ArrayLike<number> {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  close(): void {
    if (this.#poll !== undefined) Timer.clear(this.#poll);
    this.#rmt?.close();
    this.#poll = undefined;
    this.#rmt = undefined;
  }
}
