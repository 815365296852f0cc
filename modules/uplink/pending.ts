import { JsonRecord } from "../core/json-record.ts";
import type { Store } from "../core/ports.ts";

/**
 * A message that must reach the acquirer before the next financial one:
 * a reversal (0400) of an approval the terminal could not confirm, or an
 * advice (0220) of an offline approval. Fields are text only and hold no
 * PAN, track or PIN: the host finds the original by terminal, STAN and
 * DE90.
 */
export interface PendingMessage {
  mti: "0400" | "0220";
  /** STAN of the transaction it is about */
  originalStan: string;
  fields: Record<string, string>;
  reason: string;
}

/**
 * The durable queue of pending messages, kept in the Store so that a
 * reversal survives a power cut: it is written before the request it
 * protects leaves, and removed only when the acquirer has answered it.
 */
export class PendingQueue {
  #record: JsonRecord<PendingMessage[]>;

  constructor(store: Store, key = "uplink.pending") {
    this.#record = new JsonRecord(store, key, () => []);
  }

  list(): PendingMessage[] {
    return this.#record.read();
  }

  add(message: PendingMessage): void {
    const all = this.list().filter((m) => !(m.mti === message.mti && m.originalStan === message.originalStan));
    all.push(message);
    this.#record.write(all);
  }

  remove(mti: string, originalStan: string): void {
    this.#record.write(this.list().filter((m) => !(m.mti === mti && m.originalStan === originalStan)));
  }

  has(mti: string, originalStan: string): boolean {
    return this.list().some((m) => m.mti === mti && m.originalStan === originalStan);
  }
}
