import { JsonRecord } from "../core/json-record.ts";
import type { Store } from "../core/ports.ts";

/** One approved transaction of the open batch (no PAN: the host knows it by RRN). */
export interface BatchRecord {
  stan: string;
  rrn: string;
  authCode: string;
  processingCode: string;
  amountMinor: number;
  kind: "sale" | "refund" | "void";
  /** DE7 of the request, MMDDhhmmss */
  transmitted: string;
  /** the receipt's number */
  invoice?: string;
  /** the text fields of the reversal that would undo it (no PAN) */
  reversal: Record<string, string>;
}

interface BatchState {
  batchNumber: number;
  stan: number;
  /** last invoice number given (receipt number, 000001-999999, across batches) */
  invoice?: number;
  records: BatchRecord[];
}

/** Totals as settlement sends them (ISO 8583:1987 DE74, 76, 86, 88). */
export interface BatchTotals {
  debits: number;
  debitsMinor: number;
  credits: number;
  creditsMinor: number;
}

/**
 * The terminal's counters and open batch, durable: the STAN (DE11,
 * 000001-999999, never reused within a day), the batch number, and the
 * approved transactions that settlement totals and batch upload need.
 */
export class Batch {
  #record: JsonRecord<BatchState>;

  constructor(store: Store, key = "uplink.batch") {
    this.#record = new JsonRecord(store, key, () => ({ batchNumber: 1, stan: 0, records: [] }));
  }

  /** The next invoice (receipt) number, stored before it is used. */
  nextInvoice(): string {
    const state = this.#record.read();
    state.invoice = ((state.invoice ?? 0) % 999999) + 1;
    this.#record.write(state);
    return String(state.invoice).padStart(6, "0");
  }

  /** The next STAN, stored before it is used. */
  nextStan(): string {
    const state = this.#record.read();
    state.stan = (state.stan % 999999) + 1;
    this.#record.write(state);
    return String(state.stan).padStart(6, "0");
  }

  get number(): number {
    return this.#record.read().batchNumber;
  }

  records(): BatchRecord[] {
    return this.#record.read().records;
  }

  add(record: BatchRecord): void {
    const state = this.#record.read();
    state.records = state.records.filter((r) => r.stan !== record.stan).concat(record);
    this.#record.write(state);
  }

  /** Marks a sale voided: it leaves the totals. */
  void(stan: string): void {
    const state = this.#record.read();
    state.records = state.records.map((r) => (r.stan === stan ? { ...r, kind: "void" as const } : r));
    this.#record.write(state);
  }

  remove(stan: string): void {
    const state = this.#record.read();
    state.records = state.records.filter((r) => r.stan !== stan);
    this.#record.write(state);
  }

  totals(): BatchTotals {
    const t: BatchTotals = { debits: 0, debitsMinor: 0, credits: 0, creditsMinor: 0 };
    for (const r of this.records()) {
      if (r.kind === "sale") {
        t.debits++;
        t.debitsMinor += r.amountMinor;
      } else if (r.kind === "refund") {
        t.credits++;
        t.creditsMinor += r.amountMinor;
      }
    }
    return t;
  }

  /** Closes the batch after settlement: a new number, no records. */
  close(): void {
    const state = this.#record.read();
    this.#record.write({ batchNumber: (state.batchNumber % 999999) + 1, stan: state.stan, invoice: state.invoice, records: [] });
  }
}
