import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { SwipeError } from "./error.ts";
import { F2fDecoder, type F2fOptions } from "./f2f-decoder.ts";
import { ENCODINGS } from "./encoding.ts";
import { checkTrackRead } from "./framing.ts";
import type { DigitalInput, DigitalInputClass, FluxCapture, FluxCaptureClass, IoSpec } from "./io.ts";
import { packedLength, setPackedBit } from "./packed-bits.ts";
import type { Swipe, TrackResult } from "./swipe.ts";
import { frameF2fTrack, readBitTrack } from "./track-decoder.ts";

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
  /** most flux intervals (or strobed bits) a track takes per swipe, more is `SWIPE_OVERFLOW` (default: {@link defaultTrackCapacity}) */
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
 * The intervals a track takes per swipe by default: two flux reversals
 * for every bit cell along the whole card at the track's density
 * (ISO/IEC 7811-2: 210 bpi for tracks 1 and 3, 75 for track 2; a 1 is
 * two reversals), a quarter more for noise: 1 770 for tracks 1 and 3, 632
 * for track 2. A swipe with more is an overflow (`SWIPE_OVERFLOW`). The
 * intervals are decoded as they arrive, not kept; the bits are, eight a
 * byte, and as many as the intervals (a 0 is one interval): 222 bytes for
 * tracks 1 and 3, 79 for track 2.
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
  /** the swipe's bits, eight a byte: the F2F decoder's output or the strobed bits */
  bits: Uint8Array;
  /** decodes the flux intervals into `bits` as they arrive */
  decoder?: F2fDecoder;
  /** intervals (or strobed bits) taken this swipe */
  length: number;
  capacity: number;
  overflow: boolean;
}

/**
 * Magnetic stripe reader (ISO/IEC 7811-2 / 7813) in the ECMA-419
 * peripheral-class style: the host hands in the IO classes, the driver
 * decodes each track's flux intervals into bits as they arrive (or
 * collects its strobed bits), and when the card has gone by it frames
 * every track and calls `onSwipe` once.
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
      for (let i = 0; i < options.tracks.length; i++) {
        const t = options.tracks[i];
        const capacity = options.capacity ?? defaultTrackCapacity(t.track);
        const channel: Channel = { track: t.track, activeLow: true, bits: new Uint8Array(packedLength(capacity)), length: 0, capacity, overflow: false };
        this.#channels.push(channel);
        if ("flux" in t) {
          // intervals rounded and clamped as a 16-bit capture holds them: whole µs decode the same whatever the host hands in
          channel.decoder = new F2fDecoder(channel.bits, { ...this.#f2f, packed: true, stored: true });
          channel.flux = new t.flux.io({ ...t.flux, onReadable: () => this.#onFlux(channel) });
        } else {
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
    for (let i = 0; i < this.#channels.length; i++) {
      const c = this.#channels[i];
      c.flux?.close();
      c.strobe?.close();
      c.data?.close();
      c.flux = c.strobe = c.data = undefined;
    }
    this.#channels = [];
  }

  #onFlux(c: Channel): void {
    const intervals = c.flux!.read();
    const take = Math.min(intervals.length, c.capacity - c.length);
    if (take > 0) c.decoder!.feed(intervals, 0, take);
    c.length += take;
    if (take < intervals.length) c.overflow = true;
    this.#active();
  }

  #onStrobe(c: Channel): void {
    const level = c.data!.read();
    const bit = c.activeLow ? level ^ 1 : level;
    if (c.length < c.capacity) setPackedBit(c.bits, c.length++, bit & 1);
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
    const tracks: TrackResult[] = [];
    for (let i = 0; i < this.#channels.length; i++) {
      const c = this.#channels[i];
      tracks.push(this.#decode(c));
      c.decoder?.reset();
      c.length = 0;
      c.overflow = false;
    }
    this.#onSwipe({ at: this.#clock.now(), tracks });
  }

  #decode(c: Channel): TrackResult {
    try {
      if (c.overflow) throw new SwipeError("SWIPE_OVERFLOW", `track ${c.track}: more transitions than a track can hold`);
      if (c.length === 0) throw new SwipeError("TRACK_BLANK", `track ${c.track}: nothing recorded (the card has no data on it)`);
      let read;
      if (c.decoder) {
        read = frameF2fTrack(c.track, c.decoder.finish(), true);
        checkTrackRead(read);
      } else read = readBitTrack(c.track, c.bits, c.length, true);
      return { track: c.track, ok: true, data: read.characters.slice(1, -1), direction: read.direction };
    } catch (e) {
      if (!(e instanceof SwipeError)) throw e;
      return { track: c.track, ok: false, error: { code: e.code, message: e.message } };
    }
  }
}
