import type { FluxCapture } from "../../drivers/magstripe/io.ts";

/** The part of the SDK's `pins/rmt` receiver this capture uses. */
export interface RmtReceiver {
  /** copies the durations waiting in the RMT's ring buffer into `buffer`, as 16-bit values */
  read(buffer: ArrayBuffer): { count: number };
  close(): void;
}

/** The part of the SDK's `timer` module this capture uses. */
export interface RepeatingTimer<Id> {
  repeat(callback: () => void, ms: number): Id;
  clear(id: Id): void;
}

/** Options of {@link RmtFluxCapture}. */
export interface RmtFluxCaptureOptions<Id = unknown> {
  /** the SDK's `pins/rmt` class (main.ts hands it in; a test, a fake) */
  rmt: new (options: { pin: number; channel: number; direction: "rx"; divider: number; filter: number; timeout: number; ringbufferSize: number }) => RmtReceiver;
  /** the SDK's `timer` module */
  timer: RepeatingTimer<Id>;
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

/**
 * {@link FluxCapture} on the ESP32's RMT receiver. The detector toggles its
 * output at each flux reversal, so every RMT duration is one interval
 * between reversals. The 80 MHz APB clock divided by 80 makes one RMT tick
 * one microsecond; durations are 15-bit (32 767 µs), far above the slowest
 * swipe's bit period (about 3 400 µs on track 2 at 10 cm/s). The RMT idle
 * threshold (20 ms) ends a burst.
 *
 * A poll drains up to {@link CHUNK} durations into one `Uint16Array` (1 KB)
 * and `read` hands out a view of it: nothing is allocated per poll but the
 * view. A poll takes nothing from the RMT while the reader has not read
 * the last chunk; what arrives meanwhile waits in the RMT driver's own
 * 4 KB ring buffer, so a reader that falls behind loses nothing until that
 * ring is full (the track then fails its parity or LRC check).
 *
 * Written on the SDK's `pins/rmt`, which SDK 8.2.3 does not build for the
 * ESP32 (its ESP-IDF driver is gone; README.md, "Not done"): it needs an
 * RMT class on ESP-IDF's current driver with the same `read(buffer)`.
 */
export class RmtFluxCapture<Id = unknown> implements FluxCapture {
  #rmt: RmtReceiver | undefined;
  readonly #timer: RepeatingTimer<Id>;
  #poll: Id | undefined;
  readonly #chunk = new Uint16Array(CHUNK);
  /** durations in {@link #chunk} the reader has not taken */
  #waiting = 0;

  constructor(options: RmtFluxCaptureOptions<Id>) {
    const onReadable = options.onReadable;
    this.#timer = options.timer;
    try {
      this.#rmt = new options.rmt({ pin: options.pin, channel: options.channel, direction: "rx", divider: 80, filter: 10, timeout: 20_000, ringbufferSize: 4096 });
      this.#poll = this.#timer.repeat(() => {
        if (this.#waiting > 0) return;
        const { count } = this.#rmt!.read(this.#chunk.buffer);
        if (count === 0) return;
        this.#waiting = count;
        onReadable();
      }, options.pollMs ?? 5);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** The durations of the last poll, as a view valid until the next `read`. */
  read(): Uint16Array {
    const out = this.#chunk.subarray(0, this.#waiting);
    this.#waiting = 0;
    return out;
  }

  close(): void {
    if (this.#poll !== undefined) this.#timer.clear(this.#poll);
    this.#rmt?.close();
    this.#poll = undefined;
    this.#rmt = undefined;
  }
}
