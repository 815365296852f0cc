/**
 * The transactions recovery knows, as fixed rows of 64 bytes in one
 * growing byte array rather than an object each: a full batch of 500
 * takes 32 KB of the device's heap instead of several times that. A row
 * holds the intent's first 35 bytes, the state, the host's answer and a
 * reversal reason; sealed card data, rare, sits in a map beside it.
 */
import { getAscii, getUint, putAscii } from "./record-bytes.ts";
import { INTENT_SIZE, decodeTransactionRecord, TX_TYPE, type IntentRecord } from "./transaction-records.ts";

/** Where a transaction stands. */
export type TransactionState =
  /** the intent is written; the request may or may not have left */
  | "intended"
  /** the request left; no answer yet */
  | "sent"
  /** approved by the host, not yet completed by the terminal */
  | "approved"
  /** answered, not approved: over */
  | "declined"
  /** approved and completed: counted in the batch (a void: its sale is undone; a pre-authorization: its hold is open, not counted) */
  | "completed"
  /** a reversal must reach the host */
  | "reversing"
  /** the host answered the reversal: over, not counted */
  | "reversed"
  /** a completed sale, or a pre-authorization's completion, a later void undid: not counted (a completion's hold is open again) */
  | "voided"
  /** an offline approval whose advice must reach the host: counted */
  | "advising"
  /** an offline approval told to the host: counted */
  | "advised"
  /** a pre-authorization's hold a completion turned into a debit: not counted (its completion is) */
  | "captured"
  /** a pre-authorization's hold a cancellation released: not counted */
  | "released";

export const STATES: readonly TransactionState[] = ["intended", "sent", "approved", "declined", "completed", "reversing", "reversed", "voided", "advising", "advised", "captured", "released"];

/** State numbers as rows hold them. */
export const S = {
  intended: 1,
  sent: 2,
  approved: 3,
  declined: 4,
  completed: 5,
  reversing: 6,
  reversed: 7,
  voided: 8,
  advising: 9,
  advised: 10,
  captured: 11,
  released: 12,
} as const;

/** Kind numbers as intents hold them (transaction-records.ts KINDS, from 1). */
export const K = { sale: 1, refund: 2, void: 3, balance: 4, offline: 5, preauth: 6, preauthCompletion: 7, preauthCancel: 8 } as const;

/** A transaction as the views show it. */
export interface TransactionView extends Omit<IntentRecord, "sealed"> {
  state: TransactionState;
  /** DE39, once answered */
  responseCode?: string;
  /** DE38 (an offline approval: the card's code) */
  authCode?: string;
  /** DE37 */
  rrn?: string;
  /** DE39 of the reversal, while one is pending or once sent */
  reversalReason?: string;
  /** card data sealed under the device data key is on record */
  sealed: boolean;
  /** a chip sale's advices still to reach the host (TC upload, issuer script results), while any is */
  chipAdvice?: { tcUpload: boolean; scriptResult: boolean };
}

const ROW = 64;
const STATE = 35;
const RESPONSE = 36;
const AUTH = 38;
const RRN = 44;
const REASON = 56;
/** bits of the chip advices still to send: 2 TC upload, 4 script results (as the chip advice record's flags) */
const CHIP = 58;
/** Chip advice bits as rows and records hold them. */
export const CHIP_BITS = { tcUpload: 2, scriptResult: 4 } as const;

export class TransactionTable {
  #rows = new Uint8Array(ROW * 32);
  #count = 0;
  readonly #sealed = new Map<number, Uint8Array>();
  /** the chip data of the advices a row still has to send */
  readonly #chipData = new Map<number, Uint8Array>();

  get length(): number {
    return this.#count;
  }

  /** Adds the transaction an intent payload starts (already decoded once, so well formed); returns its row. */
  add(intent: Uint8Array): number {
    if ((this.#count + 1) * ROW > this.#rows.length) {
      const grown = new Uint8Array(this.#rows.length * 2);
      grown.set(this.#rows);
      this.#rows = grown;
    }
    const i = this.#count++;
    const at = i * ROW;
    this.#rows.fill(0x20, at, at + ROW);
    this.#rows.set(intent.subarray(0, INTENT_SIZE), at);
    this.#rows[at + STATE] = S.intended;
    this.#rows[at + CHIP] = 0;
    if (intent.length > INTENT_SIZE) this.#sealed.set(i, intent.slice(INTENT_SIZE));
    return i;
  }

  /** The latest row with this STAN, -1 when none: later steps name a transaction by STAN, and it is the latest one. */
  find(stan: number): number {
    const b = this.#rows;
    for (let i = this.#count - 1; i >= 0; i--) {
      const at = i * ROW;
      if (b[at + 2] + b[at + 3] * 256 + b[at + 4] * 65536 === stan) return i;
    }
    return -1;
  }

  kind(i: number): number {
    return this.#rows[i * ROW];
  }

  state(i: number): number {
    return this.#rows[i * ROW + STATE];
  }

  setState(i: number, state: number): void {
    this.#rows[i * ROW + STATE] = state;
  }

  stan(i: number): number {
    return getUint(this.#rows, i * ROW + 2, 3);
  }

  batch(i: number): number {
    return getUint(this.#rows, i * ROW + 8, 3);
  }

  amount(i: number): number {
    return getUint(this.#rows, i * ROW + 11, 6);
  }

  scheme(i: number): number {
    return this.#rows[i * ROW + 25];
  }

  originalStan(i: number): number {
    return getUint(this.#rows, i * ROW + 32, 3);
  }

  /** The intent's time in its own zone: seconds since 1970 plus its offset (quarter hours at byte 23). */
  localSeconds(i: number): number {
    const at = i * ROW;
    return getUint(this.#rows, at + 19, 4) + ((this.#rows[at + 23] << 24) >> 24) * 900;
  }

  completeOnPowerLoss(i: number): boolean {
    return (this.#rows[i * ROW + 1] & 2) !== 0;
  }

  /** The answer as an answered record holds it: response code (2), authorization code (6), RRN (12), ASCII, from `at`. */
  setAnswer(i: number, record: Uint8Array, at: number): void {
    this.#rows.set(record.subarray(at, at + 20), i * ROW + RESPONSE);
  }

  /** An authorization code of 6 ASCII bytes from `at`. */
  setAuthCode(i: number, record: Uint8Array, at: number): void {
    this.#rows.set(record.subarray(at, at + 6), i * ROW + AUTH);
  }

  /** A reversal reason: 2 ASCII bytes from `at` of a record, or text. */
  setReason(i: number, reason: Uint8Array | string, at = 0): void {
    if (typeof reason === "string") putAscii(this.#rows, i * ROW + REASON, 2, reason);
    else this.#rows.set(reason.subarray(at, at + 2), i * ROW + REASON);
  }

  reason(i: number): string {
    return getAscii(this.#rows, i * ROW + REASON, 2);
  }

  /** The chip advices still to send (bits of {@link CHIP_BITS}), 0 when none. */
  chipAdvice(i: number): number {
    return this.#rows[i * ROW + CHIP];
  }

  /** Sets the chip advices still to send, and their chip data when given; the data goes with the last of them. */
  setChipAdvice(i: number, bits: number, data?: Uint8Array): void {
    this.#rows[i * ROW + CHIP] = bits;
    if (data) this.#chipData.set(i, data.slice());
    if (bits === 0) this.#chipData.delete(i);
  }

  /** The chip data of the advices a row still has to send. */
  chipData(i: number): Uint8Array | undefined {
    return this.#chipData.get(i)?.slice();
  }

  /** The intent's payload again, sealed data included (what a compaction copies forward). */
  intentPayload(i: number): Uint8Array {
    const sealed = this.#sealed.get(i);
    const out = new Uint8Array(INTENT_SIZE + (sealed?.length ?? 0));
    out.set(this.#rows.subarray(i * ROW, i * ROW + INTENT_SIZE));
    if (sealed) out.set(sealed, INTENT_SIZE);
    return out;
  }

  sealed(i: number): Uint8Array | undefined {
    return this.#sealed.get(i)?.slice();
  }

  /** The row as an object, for the views. */
  view(i: number): TransactionView {
    const decoded = decodeTransactionRecord(TX_TYPE.intent, this.intentPayload(i));
    const { type: _type, sealed, ...intent } = decoded as IntentRecord & { type: string };
    const at = i * ROW;
    const view: TransactionView = { ...intent, state: STATES[this.state(i) - 1], sealed: sealed !== undefined };
    const response = getAscii(this.#rows, at + RESPONSE, 2);
    const auth = getAscii(this.#rows, at + AUTH, 6);
    const rrn = getAscii(this.#rows, at + RRN, 12);
    const reason = this.reason(i);
    if (response) view.responseCode = response;
    if (auth) view.authCode = auth;
    if (rrn) view.rrn = rrn;
    if (reason) view.reversalReason = reason;
    const chip = this.chipAdvice(i);
    if (chip) view.chipAdvice = { tcUpload: (chip & CHIP_BITS.tcUpload) !== 0, scriptResult: (chip & CHIP_BITS.scriptResult) !== 0 };
    return view;
  }
}
