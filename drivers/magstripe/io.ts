/**
 * The IO the magstripe reader is built on, in the ECMA-419 shape: a class
 * the host passes in, constructed by the driver with the host's options
 * plus an `onReadable` callback.
 */

/**
 * A capture channel that records the time between flux reversals on one
 * track: the ESP32 RMT receiver or a timer input capture behind a
 * flux-reversal (peak) detector. ECMA-419 has no such class yet; this is
 * the smallest one the driver needs.
 */
export interface FluxCapture {
  /** intervals (µs) recorded since the last read; empty when none. It may be a view of the capture's own buffer, valid until the next `read`: the reader decodes it at once and keeps only the bits. */
  read(): ArrayLike<number>;
  close(): void;
}

/**
 * Constructor of a {@link FluxCapture}. Its options are the class's own
 * (pin, channel, ...) plus the driver's `onReadable`; they are typed by
 * the class, not here, as ECMA-419 IO constructors are.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FluxCaptureClass = new (options: any) => FluxCapture;

/** The part of ECMA-419 `embedded:io/digital` the reader uses. */
export interface DigitalInput {
  read(): number;
  close(): void;
}

/** Constructor of a digital input, as `embedded:io/digital` (options typed by the class). */
export interface DigitalInputClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (options: any): DigitalInput;
  readonly Falling?: number;
  readonly InputPullUp?: unknown;
}

/** IO spec a host gives for one channel: the class and its own options. */
export type IoSpec<C> = { io: C } & Record<string, unknown>;
