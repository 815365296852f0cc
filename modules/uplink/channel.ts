import type { Clock, TimerId } from "../core/ports.ts";
import { isXsposError } from "../core/error.ts";
import { UplinkError } from "./error.ts";
import { FrameDecoder, frame, type LengthHeader } from "./framing.ts";
import type { Connection } from "./ports.ts";

interface Waiter {
  matches: (response: Uint8Array) => boolean;
  resolve: (response: Uint8Array) => void;
  reject: (e: Error) => void;
  timer: TimerId;
}

/**
 * One connection to the acquirer with its framing (the jPOS split: the
 * codec packs, the channel frames). `exchange` sends a request and waits
 * for the response that matches it; anything else that arrives (a late
 * answer to an earlier request, a duplicate) is counted and dropped.
 */
export class Channel {
  #connection: Connection;
  #clock: Clock;
  #header: LengthHeader;
  #decoder: FrameDecoder;
  #waiter: Waiter | undefined;
  #closed = false;
  /** frames that matched no waiting request */
  dropped = 0;

  constructor(connection: Connection, clock: Clock, header: LengthHeader = "binary2") {
    this.#connection = connection;
    this.#clock = clock;
    this.#header = header;
    this.#decoder = new FrameDecoder(header);
    connection.onData = (bytes) => this.#onData(bytes);
    connection.onClose = () => this.#fail(new UplinkError("HOST_CLOSED", "the acquirer closed the connection"));
  }

  /**
   * Sends `request` and resolves with the first response `matches` accepts.
   * @throws UplinkError `HOST_TIMEOUT`, `HOST_CLOSED`, `HOST_FRAME`
   */
  exchange(request: Uint8Array, matches: (response: Uint8Array) => boolean, timeoutMs: number): Promise<Uint8Array> {
    if (this.#closed) return Promise.reject(new UplinkError("HOST_CLOSED", "the connection is closed"));
    return new Promise((resolve, reject) => {
      const timer = this.#clock.set(() => {
        this.#waiter = undefined;
        reject(new UplinkError("HOST_TIMEOUT", `no response within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = { matches, resolve, reject, timer };
      this.#connection.write(frame(request, this.#header));
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#connection.onData = undefined;
    this.#connection.onClose = undefined;
    this.#connection.close();
    this.#fail(new UplinkError("HOST_CLOSED", "the connection was closed"));
  }

  #onData(bytes: Uint8Array): void {
    let frames: Uint8Array[];
    try {
      frames = this.#decoder.push(bytes);
    } catch (e) {
      if (!isXsposError(e)) throw e;
      this.#fail(e);
      this.close();
      return;
    }
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const w = this.#waiter;
      let ok = false;
      try {
        ok = !!w && w.matches(f);
      } catch (e) {
        if (!isXsposError(e)) throw e;
      }
      if (w && ok) {
        this.#waiter = undefined;
        this.#clock.clear(w.timer);
        w.resolve(f);
      } else this.dropped++;
    }
  }

  #fail(e: Error): void {
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    this.#clock.clear(w.timer);
    w.reject(e);
  }
}
