import type { FluxCapture } from "../../drivers/magstripe/io.ts";

/**
 * The desktop simulator's magnetic head: a flux-capture channel (the
 * driver's IO shape) that the simulator fills with the intervals a card
 * would produce, in chunks as an RMT receiver delivers them.
 */
export class VirtualHead implements FluxCapture {
  /** every head constructed, by track, so the simulator can reach them */
  static readonly byTrack = new Map<number, VirtualHead>();
  #pending: number[] = [];
  #onReadable: () => void;
  #track: number;

  constructor(options: { track: number; onReadable: () => void }) {
    this.#track = options.track;
    this.#onReadable = options.onReadable;
    VirtualHead.byTrack.set(options.track, this);
  }

  /** Plays a track's intervals (µs) into the driver. */
  play(intervals: ArrayLike<number>, chunk = 64): void {
    for (let i = 0; i < intervals.length; i += chunk) {
      const end = Math.min(intervals.length, i + chunk);
      for (let k = i; k < end; k++) this.#pending.push(intervals[k]);
      this.#onReadable();
    }
  }

  read(): number[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  close(): void {
    VirtualHead.byTrack.delete(this.#track);
  }
}
