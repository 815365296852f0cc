/**
 * Mock IO for the magstripe reader: ECMA-419-shaped classes whose
 * instances a test drives by hand. Each class records its instances so
 * that a test can reach the one the driver constructed.
 */
import type { DigitalInput, FluxCapture } from "../../drivers/magstripe/io.ts";

export function mockFluxCapture() {
  const instances: MockFlux[] = [];
  class MockFlux implements FluxCapture {
    options: Record<string, unknown>;
    onReadable: () => void;
    pending: number[] = [];
    closed = false;
    constructor(options: { onReadable: () => void } & Record<string, unknown>) {
      this.options = options;
      this.onReadable = options.onReadable;
      instances.push(this);
    }
    /** Delivers intervals in chunks, as an RMT receiver fills its buffer. */
    feed(intervals: ArrayLike<number>, chunk = 64): void {
      for (let i = 0; i < intervals.length; i += chunk) {
        this.pending.push(...Array.from(intervals).slice(i, i + chunk));
        this.onReadable();
      }
    }
    read(): number[] {
      const out = this.pending;
      this.pending = [];
      return out;
    }
    close(): void {
      this.closed = true;
    }
  }
  return { Class: MockFlux, instances };
}

export function mockDigital(options: { failOnPin?: number } = {}) {
  const instances: MockDigital[] = [];
  class MockDigital implements DigitalInput {
    static readonly Falling = 2;
    static readonly InputPullUp = "input-pull-up";
    options: Record<string, unknown>;
    level = 1;
    closed = false;
    constructor(o: { onReadable?: () => void; edge?: number } & Record<string, unknown>) {
      if (options.failOnPin !== undefined && o.pin === options.failOnPin) throw new Error(`pin ${o.pin} is in use`);
      this.options = o;
      instances.push(this);
    }
    read(): number {
      return this.level;
    }
    close(): void {
      this.closed = true;
    }
    /** A falling edge, for a strobe input. */
    strobe(): void {
      (this.options.onReadable as () => void)();
    }
  }
  return { Class: MockDigital, instances };
}
