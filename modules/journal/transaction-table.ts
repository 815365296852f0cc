/**
 * The transactions recovery knows, as fixed rows of 72 bytes rather than
 * an object each, in byte arrays of 32 rows (2,304 bytes) that the table
 * takes one at a time as it fills: a full batch of 500 takes 16 of them,
 * 36 KB of the device's heap, and nothing else. The table never copies
 * its rows into a larger array (doubling one would hold the old rows and
 * twice as many new ones at once, 55 KB at the 257th transaction, and
 * keep up to twice the rows it needs) and never holds more than 31 rows
 * spare; each block is a small allocation of its own, which a heap
 * broken up by a day of sales can still find. A row holds the intent's
 * first 35 bytes, the state, the host's answer, a reversal reason, the
 * chip advices still to send, where the receipt job stands, and where on
 * the flash the records are that hold the receipt's data, the sealed
 * card data and the chip advices' data: those bytes stay on the flash
 * and are read back when a message or a copy needs them.
 */
import { getAscii, putAscii } from "./record-bytes.ts";
import { INTENT_ROW_FLAGS, INTENT_SEALED as FLAG_SEALED, INTENT_SIZE, decodeIntent, TX_TYPE, type IntentRecord } from "./transaction-records.ts";

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
export interface TransactionView extends Omit<IntentRecord, "sealed" | "adviceAuthCode" | "receipt"> {
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

const ROW = 72;
/** Bytes of one transaction's row. */
export const TABLE_ROW_BYTES = ROW;
/** Bytes of a block of rows: 32 of them. */
const BLOCK = ROW * 32;
const STATE = 35;
const RESPONSE = 36;
const AUTH = 38;
const RRN = 44;
const REASON = 56;
/** bits of the chip advices still to send: 2 TC upload, 4 script results (as the chip advice record's flags) */
const CHIP = 58;
/** Chip advice bits as rows and records hold them. */
export const CHIP_BITS = { tcUpload: 2, scriptResult: 4 } as const;
/** the receipt job as its last print-job record leaves it: 40 a job is on record, merchant's copy in bits 0-2 and the customer's in 3-5 (indexes in PRINT_STATES) */
const PRINT = 59;
export const PRINT_ON_RECORD = 0x40;
/** where the record that holds the receipt's data starts on the flash, plus 1 (4 bytes; 0: none) */
const RECEIPT_AT = 60;
/** where the intent that holds the sealed card data starts on the flash, plus 1 (4 bytes; 0: none) */
const SEALED_AT = 64;
/** where the record that holds the chip advices' data starts on the flash, plus 1 (4 bytes; 0: none, or no advice left to send) */
const CHIP_AT = 68;

/**
 * The rows, in blocks of 32: row i is in block `i >> 5`, at
 * `(i & 31) * 72` (every access below inlines that, the views and the
 * totals read every row).
 */
export class TransactionTable {
  #blocks: Uint8Array[] = [];
  #count = 0;

  get length(): number {
    return this.#count;
  }

  /** Heap bytes the rows take: the blocks the table holds (32 rows each; the last may be part empty). */
  get bytes(): number {
    return this.#blocks.length * BLOCK;
  }

  /**
   * Adds the transaction an intent payload starts (already decoded once,
   * so well formed); returns its row. `address`: where the record holding
   * it starts on the flash (-1 when unknown), noted when it holds sealed
   * card data.
   */
  add(intent: Uint8Array, address = -1): number {
    const i = this.#count;
    // a block only when the last is full: the rows already held stay where they are
    if ((i & 31) === 0) this.#blocks.push(new Uint8Array(BLOCK));
    this.#count = i + 1;
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    b.set(intent.subarray(0, INTENT_SIZE), at);
    // an offline approval's advice and receipt parts are the records' business: the row keeps the intent's own flags
    b[at + 1] &= INTENT_ROW_FLAGS;
    b[at + STATE] = S.intended;
    // the answer's codes and the reversal reason as spaces (none yet); the rest (no chip advice, no print job, no record
    // noted) is zeros already: rows are only ever added, each into a block that starts all zeros
    b.fill(0x20, at + RESPONSE, at + CHIP);
    // flag 01: sealed card data ends the intent; its bytes stay on the flash
    if (intent[1] & FLAG_SEALED && address >= 0) this.#setAddress(i, SEALED_AT, address);
    return i;
  }

  /** The latest row with this STAN, -1 when none: later steps name a transaction by STAN, and it is the latest one. */
  find(stan: number): number {
    const blocks = this.#blocks;
    const last = this.#count - 1;
    // from the last row back, a block at a time (none when the table is empty: last >> 5 is -1)
    for (let k = last >> 5, top = (last & 31) * ROW; k >= 0; k--, top = 31 * ROW) {
      const b = blocks[k];
      for (let at = top; at >= 0; at -= ROW) if ((b[at + 2] | (b[at + 3] << 8) | (b[at + 4] << 16)) === stan) return (k << 5) + at / ROW;
    }
    return -1;
  }

  kind(i: number): number {
    return this.#blocks[i >> 5][(i & 31) * ROW];
  }

  state(i: number): number {
    return this.#blocks[i >> 5][(i & 31) * ROW + STATE];
  }

  setState(i: number, state: number): void {
    this.#blocks[i >> 5][(i & 31) * ROW + STATE] = state;
  }

  // inline reads: the views and the totals read every row
  stan(i: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    return b[at + 2] | (b[at + 3] << 8) | (b[at + 4] << 16);
  }

  batch(i: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    return b[at + 8] | (b[at + 9] << 8) | (b[at + 10] << 16);
  }

  amount(i: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    return ((b[at + 11] | (b[at + 12] << 8) | (b[at + 13] << 16) | (b[at + 14] << 24)) >>> 0) + (b[at + 15] | (b[at + 16] << 8)) * 0x100000000;
  }

  scheme(i: number): number {
    return this.#blocks[i >> 5][(i & 31) * ROW + 25];
  }

  originalStan(i: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    return b[at + 32] | (b[at + 33] << 8) | (b[at + 34] << 16);
  }

  /** The intent's time, seconds since 1970 UTC. */
  utcSeconds(i: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    return (b[at + 19] | (b[at + 20] << 8) | (b[at + 21] << 16) | (b[at + 22] << 24)) >>> 0;
  }

  /** The intent's time in its own zone: seconds since 1970 plus its offset (quarter hours at byte 23). */
  localSeconds(i: number): number {
    return this.utcSeconds(i) + ((this.#blocks[i >> 5][(i & 31) * ROW + 23] << 24) >> 24) * 900;
  }

  completeOnPowerLoss(i: number): boolean {
    return (this.#blocks[i >> 5][(i & 31) * ROW + 1] & 2) !== 0;
  }

  /** The answer as an answered record holds it: response code (2), authorization code (6), RRN (12), ASCII, from `at`. */
  setAnswer(i: number, record: Uint8Array, at: number): void {
    this.#blocks[i >> 5].set(record.subarray(at, at + 20), (i & 31) * ROW + RESPONSE);
  }

  /** An authorization code of 6 ASCII bytes from `at`. */
  setAuthCode(i: number, record: Uint8Array, at: number): void {
    this.#blocks[i >> 5].set(record.subarray(at, at + 6), (i & 31) * ROW + AUTH);
  }

  /** A reversal reason: 2 ASCII bytes from `at` of a record, or text. */
  setReason(i: number, reason: Uint8Array | string, at = 0): void {
    const b = this.#blocks[i >> 5];
    const to = (i & 31) * ROW + REASON;
    if (typeof reason === "string") putAscii(b, to, 2, reason);
    else b.set(reason.subarray(at, at + 2), to);
  }

  reason(i: number): string {
    return getAscii(this.#blocks[i >> 5], (i & 31) * ROW + REASON, 2);
  }

  /** The chip advices still to send (bits of {@link CHIP_BITS}), 0 when none. */
  chipAdvice(i: number): number {
    return this.#blocks[i >> 5][(i & 31) * ROW + CHIP];
  }

  /**
   * Sets the chip advices still to send and, when given (0 or above),
   * where the record holding their chip data starts on the flash; the
   * address goes with the last of them.
   */
  setChipAdvice(i: number, bits: number, address = -1): void {
    this.#blocks[i >> 5][(i & 31) * ROW + CHIP] = bits;
    if (address >= 0) this.#setAddress(i, CHIP_AT, address);
    if (bits === 0) this.#setAddress(i, CHIP_AT, -1);
  }

  /** The flash address of the record that holds the chip data of the advices a row still has to send, -1 when none is noted. */
  chipAt(i: number): number {
    return this.#address(i, CHIP_AT);
  }

  /** The flash address of the intent that holds the row's sealed card data, -1 when none is noted. */
  sealedAt(i: number): number {
    return this.#address(i, SEALED_AT);
  }

  /** Whether the intent keeps sealed card data (its flag 01), whether or not its address is noted. */
  isSealed(i: number): boolean {
    return (this.#blocks[i >> 5][(i & 31) * ROW + 1] & FLAG_SEALED) !== 0;
  }

  /**
   * The receipt job's copies as the last print-job record (or the answer
   * that carried the receipt) leaves them: 0 when none names the row, else
   * {@link PRINT_ON_RECORD} with the merchant's copy in bits 0-2 and the
   * customer's in bits 3-5 (indexes in PRINT_STATES).
   */
  printJob(i: number): number {
    return this.#blocks[i >> 5][(i & 31) * ROW + PRINT];
  }

  /** Records where the receipt job's copies stand (indexes in PRINT_STATES, 0-7). */
  setPrintJob(i: number, merchant: number, customer: number): void {
    this.#blocks[i >> 5][(i & 31) * ROW + PRINT] = PRINT_ON_RECORD | (merchant & 7) | ((customer & 7) << 3);
  }

  /** The flash address of the record that holds the receipt's data, -1 when none: the bytes stay on the flash, not in the heap. */
  receiptAt(i: number): number {
    return this.#address(i, RECEIPT_AT);
  }

  /** Notes where the record holding the receipt's data starts on the flash (an address below 2^32 - 1). */
  setReceiptAt(i: number, address: number): void {
    this.#setAddress(i, RECEIPT_AT, address);
  }

  /** An address field of a row (the address plus 1, 0 for none), -1 when none. */
  #address(i: number, field: number): number {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW + field;
    return ((b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0) - 1;
  }

  /** Sets an address field (-1: none). */
  #setAddress(i: number, field: number, address: number): void {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW + field;
    const v = address + 1;
    b[at] = v & 0xff;
    b[at + 1] = (v >>> 8) & 0xff;
    b[at + 2] = (v >>> 16) & 0xff;
    b[at + 3] = v >>> 24;
  }

  /**
   * The intent's payload again (what a compaction copies forward), with
   * its sealed card data when given (read back from the flash); without
   * it, flag 01 is cleared: the copy keeps no sealed card data.
   */
  intentPayload(i: number, sealed?: Uint8Array): Uint8Array {
    const out = new Uint8Array(INTENT_SIZE + (sealed?.length ?? 0));
    const at = (i & 31) * ROW;
    out.set(this.#blocks[i >> 5].subarray(at, at + INTENT_SIZE));
    if (sealed) out.set(sealed, INTENT_SIZE);
    else out[1] &= ~FLAG_SEALED;
    return out;
  }

  /** The row as an object, for the views. */
  view(i: number): TransactionView {
    const b = this.#blocks[i >> 5];
    const at = (i & 31) * ROW;
    // the intent without its parts (intentPayload leaves them out): no sealed card data in a view
    const view: TransactionView = { ...decodeIntent(TX_TYPE.intent, this.intentPayload(i)), state: STATES[b[at + STATE] - 1], sealed: (b[at + 1] & FLAG_SEALED) !== 0 };
    const response = getAscii(b, at + RESPONSE, 2);
    const auth = getAscii(b, at + AUTH, 6);
    const rrn = getAscii(b, at + RRN, 12);
    const reason = getAscii(b, at + REASON, 2);
    if (response) view.responseCode = response;
    if (auth) view.authCode = auth;
    if (rrn) view.rrn = rrn;
    if (reason) view.reversalReason = reason;
    const chip = b[at + CHIP];
    if (chip) view.chipAdvice = { tcUpload: (chip & CHIP_BITS.tcUpload) !== 0, scriptResult: (chip & CHIP_BITS.scriptResult) !== 0 };
    return view;
  }
}
