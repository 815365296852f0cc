import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { SwipeError } from "./error.ts";
import type { F2fOptions } from "./f2f.ts";
import { ENCODINGS } from "./encoding.ts";
import type { DigitalInput, DigitalInputClass, FluxCapture, FluxCaptureClass, IoSpec } from "./io.ts";
import type { Swipe, TrackResult } from "./swipe.ts";
import { readBitTrack, readFluxTrack } from "./track-decoder.ts";
import { storedInterval } from "./stored-interval.ts";

/** A track read through a flux-reversal capture channel (F2F decoded by the driver). */
export interface FluxTrackOptions {
  track: 1 | 2 | 3;
  flux: IoSpec<FluxCaptureClass>;
}

/** A track read through a TTL reader's strobe (clock) and data lines. */
export interface StrobeTrackOptions {
  track: 1 | 2 | 3;
  strobe: IoSpec<DigitalInputClass>;
  data: IoSpec<DigitalInputClass>;
  /** data line low means 1 (the common /RDD convention); default true */
  activeLow?: boolean;
}

/** Options of {@link MagstripeReader}. */
export interface MagstripeReaderOptions {
  tracks: (FluxTrackOptions | StrobeTrackOptions)[];
  /** time port; ends a swipe after `idleMs` without activity */
  clock: Clock;
  /** quiet time that ends a swipe, ms (default 50) */
  idleMs?: number;
  /** most flux intervals (or bits) kept per track and swipe (default: {@link defaultTrackCapacity}) */
  capacity?: number;
  /** plausible bit-period bounds for F2F decoding */
  f2f?: F2fOptions;
  /** called once per swipe, with every configured track */
  onSwipe: (swipe: Swipe) => void;
}

/** The length of an ID-1 card (ISO/IEC 7810: 85.60 mm), inches: no track has more bit cells than this at its density. */
const CARD_LENGTH_IN = 85.6 / 25.4;
/** Room above the most a card can record, for the head's noise at the card's edges. */
const NOISE_MARGIN = 1.25;

/**
 * The intervals kept for a track by default: two flux reversals for every
 * bit cell along the whole card at the track's density (ISO/IEC 7811-2:
 * 210 bpi for tracks 1 and 3, 75 for track 2; a 1 is two reversals), a
 * quarter more for noise: 1 770 for tracks 1 and 3, 632 for track 2 (a
 * `Uint16Array`: 3.5 KB and 1.3 KB, not the 8 KB a track of 4 096 would
 * hold in RAM). A swipe with more is an overflow (`SWIPE_OVERFLOW`).
 */
export function defaultTrackCapacity(track: 1 | 2 | 3): number {
  return Math.ceil(ENCODINGS[track].bitsPerInch * CARD_LENGTH_IN * 2 * NOISE_MARGIN);
}

interface Channel {
  track: 1 | 2 | 3;
  flux?: FluxCapture;
  strobe?: DigitalInput;
  data?: DigitalInput;
  activeLow: boolean;
  /** whole µs, clamped to 16 bits (`storedInterval`), or strobed bits */
  buffer: Uint16Array | Uint8Array;
  length: number;
  overflow: boolean;
}

/**
 * Magnetic stripe reader (ISO/IEC 7811-2 / 7813) in the ECMA-419
 * peripheral-class style: the host hands in the IO classes, the driver
 * collects each track's flux intervals (or strobed bits), and when the
 * card has gone by it decodes every track and calls `onSwipe` once.
 */
export class MagstripeReader {
  #channels: Channel[] = [];
  #clock: Clock;
  #idleMs: number;
  #f2f: F2fOptions | undefined;
  #onSwipe: (swipe: Swipe) => void;
  #timer: TimerId | undefined;
  #lastActivity = 0;

  /** @param options - IO per track, the clock and the swipe callback */
  constructor(options: MagstripeReaderOptions) {
    this.#clock = options.clock;
    this.#idleMs = options.idleMs ?? 50;
    this.#f2f = options.f2f;
    this.#onSwipe = options.onSwipe;
    try {
      for (const t of options.tracks) {
        const capacity = options.capacity ?? defaultTrackCapacity(t.track);
        const channel: Channel = { track: t.track, activeLow: true, buffer: new Uint8Array(0), length: 0, overflow: false };
        this.#channels.push(channel);
        if ("flux" in t) {
          channel.buffer = new Uint16Array(capacity);
          channel.flux = new t.flux.io({ ...t.flux, onReadable: () => this.#onFlux(channel) });
        } else {
          channel.buffer = new Uint8Array(capacity);
          channel.activeLow = t.activeLow ?? true;
          channel.data = new t.data.io({ mode: t.data.io.InputPullUp, ...t.data });
          const Strobe = t.strobe.io;
          channel.strobe = new Strobe({ mode: Strobe.InputPullUp, edge: Strobe.Falling, ...t.strobe, onReadable: () => this.#onStrobe(channel) });
        }
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Stops reading and releases every IO instance and the timer. */
  close(): void {
    if (this.#timer !== undefined) this.#clock.clear(this.#timer);
    this.#timer = undefined;
    for (const c of this.#channels) {
      c.flux?.close();
      c.strobe?.close();
      c.data?.close();
      c.flux = c.strobe = c.data = undefined;
    }
    this.#channels = [];
  }

  #onFlux(c: Channel): void {
    const intervals = c.flux!.read();
    const buffer = c.buffer;
    for (let i = 0; i < intervals.length; i++) {
      if (c.length < buffer.length) buffer[c.length++] = storedInterval(intervals[i]);
      else c.overflow = true;
    }
    this.#active();
  }

  #onStrobe(c: Channel): void {
    const level = c.data!.read();
    const bit = c.activeLow ? level ^ 1 : level;
    if (c.length < c.buffer.length) c.buffer[c.length++] = bit & 1;
    else c.overflow = true;
    this.#active();
  }

  #active(): void {
    this.#lastActivity = this.#clock.now();
    if (this.#timer === undefined) this.#timer = this.#clock.set(() => this.#idle(), this.#idleMs);
  }

  #idle(): void {
    const quiet = this.#clock.now() - this.#lastActivity;
    if (quiet < this.#idleMs) {
      this.#timer = this.#clock.set(() => this.#idle(), this.#idleMs - quiet);
      return;
    }
    this.#timer = undefined;
    const tracks = this.#channels.map((c) => this.#decode(c));
    for (const c of this.#channels) {
      c.length = 0;
      c.overflow = false;
    }
    this.#onSwipe({ at: this.#clock.now(), tracks });
  }

  #decode(c: Channel): TrackResult {
    try {
      if (c.overflow) throw new SwipeError("SWIPE_OVERFLOW", `track ${c.track}: more transitions than a track can hold`);
      if (c.length === 0) throw new SwipeError("TRACK_BLANK", `track ${c.track}: nothing recorded (the card has no data on it)`);
      const read = c.flux
        ? readFluxTrack(c.track, c.buffer.subarray(0, c.length), this.#f2f)
        : readBitTrack(c.track, c.buffer.subarray(0, c.length) as Uint8Array);
      return { track: c.track, ok: true, data: read.characters.slice(1, -1), direction: read.direction };
    } catch (e) {
      if (!(e instanceof SwipeError)) throw e;
      return { track: c.track, ok: false, error: { code: e.code, message: e.message } };
    }
  }
}
