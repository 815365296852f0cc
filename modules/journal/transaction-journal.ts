import { isDigits } from "../core/chars.ts";
import type { KeyStore } from "../core/key-store.ts";
import { schemeOf, type Scheme } from "../card/scheme.ts";
import type { Crypto } from "../crypto/port.ts";
import { advanceCounter, nextCounter, type Counters } from "./counters.ts";
import { JournalError } from "./error.ts";
import type { Flash } from "./flash.ts";
import { Journal, type JournalEntry } from "./journal.ts";
import { recordSize } from "./record.ts";
import { getUint } from "./record-bytes.ts";
import { applyRecord, chipAdvicePending, initialState, rowsWhere, settleInterrupted, type RecoveryState } from "./recover.ts";
import { sealCardData, unsealCardData, type CardSecrets } from "./sealed-card-data.ts";
import { totalsOf, counts, type BatchTotals } from "./totals.ts";
import { carryDay, dayTotalsOf, encodeDayTotals, type DayTotals } from "./day-totals.ts";
import { TransactionError } from "./transaction-error.ts";
import { decodeReceipt, encodeReceipt, type ReceiptRecord } from "./receipt-record.ts";
import { K, S, CHIP_BITS, TransactionTable, type TransactionView } from "./transaction-table.ts";
import {
  CHIP_ADVICE_HEADER,
  CHIP_ADVICE_MAX_DATA,
  COUNTER_MODULUS,
  INTENT_SIZE,
  RECORD_LENGTHS,
  TX_TYPE,
  PRINT_STATES,
  ANSWER_CHIP,
  ANSWER_RECEIPT,
  MAX_DELIVERY_MARKS,
  deliveredInnerAt,
  deliveredOverhead,
  encodeDelivered,
  INTENT_RECEIPT,
  INTENT_SEALED,
  answerParts,
  checkChipAdvice,
  checkIntent,
  checkIntentParts,
  intentSealedAt,
  encodeAnswer,
  encodeChipAdvice,
  encodeChipAdviceDelivered,
  encodeCounters,
  encodeIntent,
  encodePrint,
  encodeReportJob,
  encodeSettled,
  encodeStep,
  encodeVoided,
  decodeReportJob,
  truncatePan,
  type AnswerRecord,
  type ChipAdviceKind,
  type DeliveryMark,
  type EntryMode,
  type PrintRecord,
  type ReportJobRecord,
  type SettledRecord,
  type TransactionKind,
} from "./transaction-records.ts";

/** Options of {@link TransactionJournal.open}. */
export interface TransactionJournalOptions {
  /** seals card data under the device data key */
  crypto: Crypto;
  /** holds the device data key */
  keys: KeyStore;
  /** erase blocks kept for compactions (default 1: a compaction keeps a few small records) */
  reserveBlocks?: number;
}

/** A transaction about to start: what its intent records. */
export interface NewTransaction {
  kind: TransactionKind;
  amountMinor: number;
  /** ISO 4217 numeric */
  currency: string;
  /** the wall clock when the request is built */
  utcMs: number;
  offsetMinutes: number;
  entry?: EntryMode;
  /** the card's PAN: the record keeps it truncated, or sealed as well when `seal` */
  pan?: string;
  /** keep the PAN (and `iccData`) sealed under the device data key, for a message that needs them later */
  seal?: boolean;
  iccData?: Uint8Array;
  /** a void: the sale it undoes; a pre-authorization's completion or cancellation: the pre-authorization */
  originalStan?: number;
  /** the scheme when there is no PAN (a void takes its sale's) */
  scheme?: Scheme;
  /** recovery completes an approval a power cut left uncompleted, rather than reversing it */
  completeOnPowerLoss?: boolean;
  /** takes a receipt number (default true) */
  invoice?: boolean;
  /**
   * An offline approval (`offline`, or an offline `preauthCompletion`):
   * its advice is queued in the intent's own record, with this
   * authorization code (up to 6 characters), as {@link TransactionJournal.adviceQueued}
   * would in a second record.
   */
  advice?: { authCode: string };
  /**
   * With `advice`: the receipt's data, carried in the same record (it opens
   * the receipt job, both copies, the merchant's first), left out when it
   * would eat into the room kept for settlement.
   */
  receipt?: Omit<ReceiptRecord, "stan">;
}

/** Payload lengths one transaction may still write after its intent: sent, answered, completed or voided, reversal queued and answered. */
const STEPS_AFTER_INTENT = [RECORD_LENGTHS.sent, RECORD_LENGTHS.answered, RECORD_LENGTHS.voided, RECORD_LENGTHS.reversalQueued, RECORD_LENGTHS.reversalAnswered];
/** What a chip sale may write besides: its completion with the advices queued (at most this long), then each advice delivered. */
const CHIP_STEPS = [CHIP_ADVICE_HEADER + CHIP_ADVICE_MAX_DATA, RECORD_LENGTHS.chipAdviceDelivered, RECORD_LENGTHS.chipAdviceDelivered];
/** What settlement writes: its STANs reserved (room for three attempts), then the batch closed. Kept free by every transaction that starts. */
const SETTLEMENT = [RECORD_LENGTHS.counters, RECORD_LENGTHS.counters, RECORD_LENGTHS.counters, RECORD_LENGTHS.settled];
/**
 * Records that carry the delivery marks of chip advices the host
 * answered: the ones the journal writes anyway after an advice goes (the
 * next transaction's intent, a settlement, another chip advice).
 */
const CARRIERS: readonly number[] = [TX_TYPE.intent, TX_TYPE.settled, TX_TYPE.chipAdvice];
/** STANs reserved at a time for messages that have no intent (sign-on, echo). */
const STAN_BLOCK = 16;
/** Sealed card data of a swiped card: IV and one AES block. */
const SEALED_PAN = 32;

/** Refuses a step the transaction is not in a state for: nothing is written. */
function refuse(why: string): never {
  throw new TransactionError("TX_STATE", why);
}

/** A copy of a map of tallies (by type, by scheme): the caller's to change. */
function copyTallies<T extends object>(tallies: T): T {
  const out: Record<string, object> = {};
  const entries = Object.entries(tallies);
  for (let i = 0; i < entries.length; i++) {
    const k = entries[i][0], v = entries[i][1];
    out[k] = { ...(v as object) };
  }
  return out as T;
}

/**
 * The bytes `begin` keeps for sealed card data: a PAN, and chip data of
 * `iccDataLength` bytes (0: none). A caller that asks `canStart` before
 * the card has given its chip data passes the largest it may give.
 */
export function sealedReserve(iccDataLength = 0): number {
  return SEALED_PAN + (iccDataLength > 0 ? iccDataLength + 16 : 0);
}

/** Print states a boot finishes, by index in {@link PRINT_STATES} (none, queued, printing, done, interrupted, skipped): queued, printing, interrupted. */
const OPEN_COPY: readonly boolean[] = [false, true, true, false, true, false];
/** How a boot lists a copy it finishes first: a queued one may have started. */
const STARTED: readonly PrintRecord["merchant"][] = PRINT_STATES.map((s) => (s === "queued" ? "printing" : s));

/**
 * Where a receipt's data starts in a record: a receipt record's payload,
 * or the receipt part of an answer, or of an offline approval's intent,
 * that carries one; -1 when the record holds none (its bounds are checked
 * here: recovery may have skipped it).
 */
function receiptPartAt(type: number, payload: Uint8Array): number {
  if (type === TX_TYPE.receipt) return payload.length >= 5 ? 0 : -1;
  if (type === TX_TYPE.intent) return payload.length > INTENT_SIZE + 8 && (payload[1] & INTENT_RECEIPT) !== 0 ? INTENT_SIZE + 8 : -1;
  if (type !== TX_TYPE.answered || payload.length <= RECORD_LENGTHS.answered || (payload[3] & ANSWER_RECEIPT) === 0) return -1;
  let at = RECORD_LENGTHS.answered;
  if (payload[3] & ANSWER_CHIP) at += 3 + (payload[at + 1] | (payload[at + 2] << 8));
  return at + 5 > payload.length ? -1 : at;
}

/** The record a stored record is, or carries when it holds delivery marks; undefined when those do not decode. */
function carried(record: { type: number; payload: Uint8Array }): { type: number; payload: Uint8Array } | undefined {
  if (record.type !== TX_TYPE.delivered) return record;
  try {
    const at = deliveredInnerAt(record.payload);
    return { type: record.payload[at], payload: record.payload.subarray(at + 1) };
  } catch (e) {
    if (e instanceof TransactionError) return undefined;
    throw e;
  }
}

/**
 * The terminal's transactions on the journal: one record per step
 * (intent, sent, answered, completed, reversal, advice, void, settlement),
 * the views the uplink and the terminal read (pending reversals and
 * advices, the open batch and its totals, the counters), all kept by the
 * same fold that recovery runs at boot. Every write is durable when the
 * call returns.
 */
export class TransactionJournal {
  /** the storage layer underneath (free space, flash figures) */
  readonly storage: Journal;
  readonly #crypto: Crypto;
  readonly #keys: KeyStore;
  #state: RecoveryState;
  #completions: TransactionView[];
  /** the last report job record */
  #report: ReportJobRecord | undefined;

  private constructor(storage: Journal, options: TransactionJournalOptions) {
    this.storage = storage;
    this.#crypto = options.crypto;
    this.#keys = options.keys;
    this.#state = initialState();
    this.#completions = [];
  }

  /**
   * Opens the journal on its flash partition and recovers: the storage
   * layer's own recovery, then the fold over every record and the
   * decisions a power cut leaves (README.md). When the log still holds a
   * settled batch (a cut fell between settlement and its compaction), the
   * compaction is made now. Pending completions are left for
   * {@link TransactionJournal.finishCompletions}.
   * @throws JournalError `JOURNAL_GEOMETRY`, and what the flash throws
   */
  static open(flash: Flash, options: TransactionJournalOptions): TransactionJournal {
    const tj = new TransactionJournal(Journal.open(flash, { reserveBlocks: options.reserveBlocks ?? 1 }), options);
    tj.#reload();
    tj.#completions = settleInterrupted(tj.#state);
    if (tj.#state.settledAt > 0 && !tj.#state.intentsAfterSettlement) tj.#compact();
    return tj;
  }

  /** The counters as they stand: last STAN given out or reserved, last invoice, open batch. */
  get counters(): Counters {
    return { ...this.#state.counters };
  }

  /** The open batch's number. */
  get batchNumber(): number {
    return this.#state.counters.batch;
  }

  /** The last settlement on record. */
  get lastSettlement(): SettledRecord | undefined {
    return this.#state.lastSettlement;
  }

  /** Records that recovery passed over (damaged, or naming no transaction). */
  get skipped(): number {
    return this.#state.skipped;
  }

  /**
   * Whether a transaction can start now: its intent and every step it may
   * write, with room left for settlement. False means "settle first".
   */
  canStart(sealedBytes = 0, chip = false, releasesHold = false): boolean {
    // the intent carries the delivery marks waiting for a record
    if (!this.storage.canAppend(INTENT_SIZE + sealedBytes + this.#marksBytes(), ...STEPS_AFTER_INTENT, ...(chip ? CHIP_STEPS : []), RECORD_LENGTHS.counters, ...SETTLEMENT)) return false;
    // what settlement's compaction keeps must fit in the reserve: today's keep, and what this transaction may add to it
    // (kept as an open hold or a pending reversal with its chip advice); a completion or cancellation of a hold frees
    // its hold's room, so it needs none beyond today's keep (it stays possible when new holds are refused)
    const keep = this.#keep().map((e) => recordSize(e.payload.length));
    if (!releasesHold) keep.push(recordSize(INTENT_SIZE + sealedBytes), recordSize(RECORD_LENGTHS.answered + (chip ? 3 + CHIP_ADVICE_MAX_DATA : 0)));
    return this.storage.fitsReserve(keep);
  }

  /**
   * True when the last compaction did not fit (the settled batch's records
   * stay on the flash until one does); `canStart` keeps this from
   * happening, so it means the flash is damaged or the reserve too small.
   */
  get compactionFailed(): boolean {
    return this.#compactionFailed;
  }

  #compactionFailed = false;

  /**
   * Writes the intent of a new transaction, giving it the next STAN (and
   * invoice number), before its request leaves.
   * @throws JournalError `JOURNAL_FULL` when the journal has no room for the
   *   transaction and a settlement after it: the terminal asks to settle first
   * @throws TransactionError `TX_INPUT` on a field out of range
   */
  begin(tx: NewTransaction): TransactionView {
    const counters = this.#state.counters;
    const stan = this.peekStan();
    const invoice = tx.invoice === false ? 0 : nextCounter(counters.invoice);
    const currency = Number(tx.currency);
    if (!isDigits(tx.currency, 3, 3)) throw new TransactionError("TX_INPUT", "a currency is 3 digits of ISO 4217");
    const truncatedPan = tx.pan === undefined ? "" : truncatePan(tx.pan);
    const scheme = tx.scheme ?? (tx.pan ? schemeOf(tx.pan) : "unknown");
    // a chip sale or pre-authorization keeps room for its TC upload and script results
    const chip = tx.entry === "chip" && (tx.kind === "sale" || tx.kind === "preauth");
    const releasesHold = (tx.kind === "preauthCompletion" || tx.kind === "preauthCancel") && this.openHolds().some((h) => h.stan === tx.originalStan);
    checkIntentParts(tx.kind, !!tx.advice, !!tx.receipt);
    // the bytes the intent takes beyond its 35: sealed card data, the advice's authorization code
    const extra = (tx.seal ? sealedReserve(tx.iccData?.length) : 0) + (tx.advice ? 6 : 0);
    if (!this.canStart(extra, chip, releasesHold)) {
      throw new JournalError("JOURNAL_FULL", "the journal has no room for another transaction: settle the batch first");
    }
    if (tx.seal && tx.pan === undefined) throw new TransactionError("TX_INPUT", "there is no PAN to seal");
    // the receipt's bytes ride along only while the room kept for settlement stays free (as a receipt record would)
    const receipt = tx.receipt ? encodeReceipt({ ...tx.receipt, stan }) : undefined;
    const withReceipt = receipt !== undefined && this.canStart(extra + 2 + receipt.length, chip, releasesHold);
    const sealed = tx.seal ? sealCardData(this.#crypto, this.#keys, { pan: tx.pan!, iccData: tx.iccData }) : undefined;
    const payload = encodeIntent({
      kind: tx.kind,
      stan,
      invoice,
      batch: counters.batch,
      amountMinor: tx.amountMinor,
      currency,
      utcSeconds: Math.floor(tx.utcMs / 1000),
      offsetMinutes: tx.offsetMinutes,
      entry: tx.entry,
      scheme,
      truncatedPan,
      originalStan: tx.originalStan ?? 0,
      completeOnPowerLoss: tx.completeOnPowerLoss ?? false,
      sealed,
      adviceAuthCode: tx.advice?.authCode,
      receipt: withReceipt ? receipt : undefined,
    });
    this.#append(TX_TYPE.intent, payload);
    if (stan === this.#blockNext) this.#blockNext = stan === this.#blockLast ? 0 : nextCounter(stan);
    return this.#state.table.view(this.#state.table.length - 1);
  }

  /**
   * The STAN the next transaction will get: the next of the block
   * reserved for messages with no intent while one is open (numbers run on
   * without gaps between the two), else the one after the counter.
   */
  peekStan(): number {
    return this.#blockNext !== 0 ? this.#blockNext : nextCounter(this.#state.counters.stan);
  }

  /**
   * The request left. Optional: recovery reverses an intent with no
   * answer whether or not it left (the uplink does not write it, to save
   * a flash write per transaction).
   */
  sent(stan: number): void {
    this.#row(stan, [S.intended], "sent");
    this.#append(TX_TYPE.sent, encodeStep(stan));
  }

  /**
   * The host answered (its MAC checked). With `completed`, the terminal
   * completes the approval in the same record: a sale or refund counts in
   * the batch from here, a void takes its sale out. With `chipAdvice`
   * (a sale or pre-authorization, completed) the same record queues its
   * TC upload and script results, as {@link TransactionJournal.completedWithChipAdvice}
   * does; with `receipt` it carries the receipt's data and opens its print
   * job (both copies, the merchant's first), left out when it would eat
   * into the room kept for settlement.
   * @throws TransactionError `TX_STATE` (no transaction awaiting an answer,
   *   an offline one, chip advices for another kind), `TX_INPUT`
   */
  answered(answer: Omit<AnswerRecord, "receipt"> & { receipt?: Omit<ReceiptRecord, "stan"> }): void {
    const i = this.#row(answer.stan, [S.intended, S.sent], "answered");
    const kind = this.#state.table.kind(i);
    if (answer.completed && kind === K.offline) refuse("an offline approval is not answered by the host");
    if (answer.chipAdvice && kind !== K.sale && kind !== K.preauth) refuse(`STAN ${answer.stan} is not a sale or pre-authorization`);
    const receipt = answer.receipt;
    const bare = encodeAnswer({ ...answer, receipt: undefined });
    // the receipt's bytes ride along only while the room kept for settlement stays free (as a receipt record would)
    const withReceipt = receipt ? encodeAnswer({ ...answer, receipt: encodeReceipt({ ...receipt, stan: answer.stan }) }) : undefined;
    const payload = withReceipt && this.storage.canAppend(withReceipt.length, ...SETTLEMENT) ? withReceipt : bare;
    this.#append(TX_TYPE.answered, payload);
  }

  /** The terminal completed an approved sale, refund or pre-authorization: a sale or refund counts in the batch, a pre-authorization's hold is open. */
  completed(stan: number): void {
    const i = this.#row(stan, [S.approved], "completed");
    if (this.#state.table.kind(i) === K.void) refuse("a void completes with voided()");
    this.#append(TX_TYPE.completed, encodeStep(stan));
  }

  /** An approved void completed: its sale leaves the batch. */
  voided(stan: number): void {
    const i = this.#row(stan, [S.approved], "voided");
    const t = this.#state.table;
    if (t.kind(i) !== K.void) refuse(`STAN ${stan} is not a void`);
    this.#append(TX_TYPE.voided, encodeVoided(stan, t.originalStan(i)));
  }

  /** A reversal must reach the host (no answer, an answer that failed its MAC, a card that declined after approval). */
  reversalQueued(stan: number, reason: string): void {
    const i = this.#row(stan, [S.intended, S.sent, S.approved, S.completed], "reversed");
    const kind = this.#state.table.kind(i);
    if (kind === K.balance || kind === K.offline) refuse(`STAN ${stan} moved no money: there is nothing to reverse`);
    this.#append(TX_TYPE.reversalQueued, encodeStep(stan, reason));
  }

  /** The host answered the reversal. */
  reversalAnswered(stan: number, responseCode: string): void {
    this.#row(stan, [S.intended, S.sent, S.approved, S.completed, S.reversing], "reversed");
    this.#append(TX_TYPE.reversalAnswered, encodeStep(stan, responseCode));
  }

  /**
   * An offline approval (an `offline` intent) or an offline completion of
   * a hold (a `preauthCompletion` intent, `authCode` the hold's): its
   * advice must reach the host; it counts in the batch.
   */
  adviceQueued(stan: number, authCode: string): void {
    const i = this.#row(stan, [S.intended], "advised");
    const kind = this.#state.table.kind(i);
    if (kind !== K.offline && kind !== K.preauthCompletion) refuse(`STAN ${stan} is not an offline approval`);
    this.#append(TX_TYPE.adviceQueued, encodeStep(stan, authCode, 6));
  }

  /** The host answered the advice. */
  adviceDelivered(stan: number): void {
    this.#row(stan, [S.advising], "advised");
    this.#append(TX_TYPE.adviceDelivered, encodeStep(stan));
  }

  /**
   * A chip sale (or pre-authorization) the card approved at its second
   * GENERATE AC: completes the approval and queues, in the same record,
   * its TC upload and, when the card ran issuer scripts, their results,
   * with the chip data they carry (no track or PIN data; the caller
   * leaves those out). One write: a power cut leaves either the approval
   * uncompleted (recovery reverses it, nothing is advised) or both.
   * @throws TransactionError `TX_STATE` unless the STAN is an approved sale
   *   or pre-authorization awaiting completion; `TX_INPUT` on chip data
   *   missing or over 400 bytes
   */
  completedWithChipAdvice(stan: number, advice: { iccData: Uint8Array; scriptResult: boolean }): void {
    const i = this.#row(stan, [S.approved], "completed");
    const kind = this.#state.table.kind(i);
    if (kind !== K.sale && kind !== K.preauth) refuse(`STAN ${stan} is not a sale or pre-authorization`);
    this.#append(TX_TYPE.chipAdvice, encodeChipAdvice({ stan, completes: true, tcUpload: true, scriptResult: advice.scriptResult, iccData: advice.iccData }));
  }

  /**
   * The host answered one of a chip sale's advices (the TC upload or the
   * script results). No record of its own: the mark rides in the next
   * record the journal writes anyway (an intent, a settlement, another
   * chip advice), or a compaction keeps the advice no longer. Until then
   * the views hold it delivered; a power cut before leaves it pending at
   * boot, and it goes again as a repeat (the host records it once).
   * @throws TransactionError `TX_STATE` when it is not pending
   */
  chipAdviceDelivered(stan: number, advice: ChipAdviceKind): void {
    const t = this.#state.table;
    const i = t.find(stan);
    const bit = advice === "tcUpload" ? CHIP_BITS.tcUpload : CHIP_BITS.scriptResult;
    if (i < 0 || (t.chipAdvice(i) & bit) === 0) refuse(`STAN ${stan} has no ${advice === "tcUpload" ? "TC upload" : "script results"} to deliver`);
    // a full list of marks (far beyond a batch's pending advices) goes on in a record of its own
    if (this.#marks.length >= MAX_DELIVERY_MARKS) {
      this.#append(TX_TYPE.chipAdviceDelivered, encodeChipAdviceDelivered(stan, advice));
      return;
    }
    t.setChipAdvice(i, t.chipAdvice(i) & ~bit);
    this.#marks.push({ stan, advice });
  }

  /** Chip advices the host answered whose marks wait for the next record that carries them (a power cut sends them again, as repeats). */
  get undeliveredMarks(): DeliveryMark[] {
    return this.#marks.map((m) => ({ ...m }));
  }

  /** delivery marks not yet on the flash, oldest first */
  #marks: DeliveryMark[] = [];

  /** The bytes the waiting delivery marks add to the record that carries them. */
  #marksBytes(): number {
    return this.#marks.length ? deliveredOverhead(this.#marks.length) : 0;
  }

  /**
   * The chip data a transaction's queued advices carry.
   * @throws TransactionError `TX_STATE` when it has no chip advice pending
   */
  chipAdviceData(stan: number): Uint8Array {
    const t = this.#state.table;
    const i = t.find(stan);
    if (i < 0 || t.chipAdvice(i) === 0) refuse(`STAN ${stan} has no chip advice pending`);
    const data = this.#chipDataOf(i);
    if (!data) throw new TransactionError("TX_RECORD", `the chip data of STAN ${stan} does not read back from the journal`);
    return data;
  }

  /**
   * A row's stored record read back from the flash, its CRC checked (the
   * record a delivery-marks record carries, when it is one), when it names
   * the row's STAN (the caller checks its type); else undefined (none
   * noted, or damaged since it was written).
   */
  #readBack(i: number, address: number): { type: number; payload: Uint8Array } | undefined {
    if (address < 0) return undefined;
    const stored = this.storage.readRecord(address);
    const record = stored && carried(stored);
    if (!record) return undefined;
    const p = record.payload;
    const at = record.type === TX_TYPE.intent ? 2 : 0;
    return p.length >= at + 3 && getUint(p, at, 3) === this.#state.table.stan(i) ? record : undefined;
  }

  /** The chip data of a row's advices still to send, read back from the record that queued them (an answer, a chip advice record). */
  #chipDataOf(i: number): Uint8Array | undefined {
    const record = this.#readBack(i, this.#state.table.chipAt(i));
    if (!record || (record.type !== TX_TYPE.answered && record.type !== TX_TYPE.chipAdvice)) return undefined;
    try {
      if (record.type === TX_TYPE.chipAdvice) {
        checkChipAdvice(record.type, record.payload);
        return record.payload.slice(CHIP_ADVICE_HEADER);
      }
      const parts = answerParts(record.type, record.payload);
      return parts.chipFlags ? record.payload.slice(parts.chipAt, parts.chipAt + parts.chipLength) : undefined;
    } catch (e) {
      if (e instanceof TransactionError) return undefined;
      throw e;
    }
  }

  /** A row's sealed card data, read back from its intent; undefined when it keeps none or its record is damaged since. */
  #sealedOf(i: number): Uint8Array | undefined {
    const t = this.#state.table;
    if (!t.isSealed(i)) return undefined;
    const record = this.#readBack(i, t.sealedAt(i));
    if (record?.type !== TX_TYPE.intent) return undefined;
    try {
      checkIntent(record.type, record.payload);
    } catch (e) {
      if (e instanceof TransactionError) return undefined;
      throw e;
    }
    return record.payload[1] & INTENT_SEALED ? record.payload.slice(intentSealedAt(record.payload)) : undefined;
  }

  /**
   * Reserves `count` STANs for messages that have no intent of their own
   * (sign-on, echo, settlement, batch upload) in one counters record, so
   * that no STAN is given twice across a reboot; returns the first.
   * @throws JournalError `JOURNAL_FULL` (outside settlement: when the room kept for settlement would go)
   */
  reserveStans(count: number, forSettlement = false): number {
    if (!Number.isInteger(count) || count < 1 || count > 99999) throw new TransactionError("TX_INPUT", `cannot reserve ${count} STANs`);
    if (!forSettlement && !this.storage.canAppend(RECORD_LENGTHS.counters, ...SETTLEMENT)) {
      throw new JournalError("JOURNAL_FULL", "the journal has no room left outside what settlement needs: settle the batch first");
    }
    const c = this.#state.counters;
    const first = nextCounter(c.stan);
    this.#append(TX_TYPE.counters, encodeCounters({ stan: advanceCounter(c.stan, count), invoice: c.invoice, batch: c.batch }));
    return first;
  }

  /** the next STAN of the block reserved for messages with no intent, 0 when none is left */
  #blockNext = 0;
  #blockLast = 0;

  /**
   * The next STAN for a message with no intent of its own (sign-on, echo,
   * settlement, batch upload), from a block reserved in one counters
   * record, {@link STAN_BLOCK} at a time or `atLeast` when more are needed
   * (a settlement reserves all it may use at once). Intents draw from the
   * same block while it lasts, then after it, so STANs run on without gaps
   * and stay unique however the two interleave; a reboot abandons what is
   * left of the block.
   * @throws JournalError `JOURNAL_FULL` as {@link TransactionJournal.reserveStans}
   */
  nextStan(atLeast = 1, forSettlement = false): number {
    const left = this.#blockNext === 0 ? 0 : ((this.#blockLast - this.#blockNext + COUNTER_MODULUS) % COUNTER_MODULUS) + 1;
    if (left < atLeast) {
      this.#blockNext = this.reserveStans(Math.max(STAN_BLOCK, atLeast), forSettlement);
      this.#blockLast = this.#state.counters.stan;
    }
    const stan = this.#blockNext;
    this.#blockNext = stan === this.#blockLast ? 0 : nextCounter(stan);
    return stan;
  }

  /**
   * Closes the open batch in one record, then compacts the journal down
   * to that record, the counters and whatever is still pending.
   * @throws TransactionError `TX_STATE` while an approval awaits its completion
   */
  settle(summary: { balanced: boolean; uploaded: number; utcMs: number }): SettledRecord {
    if (this.awaitingCompletion().length) refuse("an approval awaits its completion: complete or reverse it before settlement");
    const totals = this.totals();
    const bare: SettledRecord = {
      batch: this.batchNumber,
      balanced: summary.balanced,
      uploaded: summary.uploaded,
      debits: totals.debits,
      debitsMinor: totals.debitsMinor,
      credits: totals.credits,
      creditsMinor: totals.creditsMinor,
      utcSeconds: Math.floor(summary.utcMs / 1000),
    };
    // the totals by type and scheme, so that a settlement report printed again after a reboot is the one printed now:
    // carried when the log and the compaction's reserve have room for them, beyond the 29 bytes kept for settlement
    const full: SettledRecord = { ...bare, breakdown: { byType: totals.byType, byScheme: totals.byScheme } };
    const fullLength = encodeSettled(full).length;
    const kept = this.#keep().filter((e) => e.type !== TX_TYPE.settled).map((e) => recordSize(e.payload.length));
    const marks = this.#marksBytes();
    const record = this.storage.canAppend(fullLength + marks) && this.storage.fitsReserve([...kept, recordSize(fullLength)]) ? full : bare;
    this.#append(TX_TYPE.settled, encodeSettled(record));
    this.#compact();
    return record;
  }

  /** Writes the completions recovery decided on (their intents asked for it); returns how many. */
  finishCompletions(): number {
    const done = this.#completions;
    this.#completions = [];
    for (let i = 0; i < done.length; i++) {
      const tx = done[i];
      const payload = tx.kind === "void" ? encodeVoided(tx.stan, tx.originalStan) : encodeStep(tx.stan);
      // the table already holds them completed (recovery decided so): only the flash lacks the record
      this.storage.append(tx.kind === "void" ? TX_TYPE.voided : TX_TYPE.completed, payload);
    }
    return done.length;
  }

  /** Completions recovery decided on that are not written yet. */
  get pendingCompletions(): TransactionView[] {
    return this.#completions.slice();
  }

  /**
   * Records where a transaction's receipt job stands (both copies in one
   * 5-byte record), before a copy starts and when it ends. It is written
   * only while the room kept for settlement stays free: returns false,
   * writing nothing, when it does not fit (the job then prints without a
   * record, as it would with no journal).
   * @throws TransactionError `TX_INPUT` on a STAN out of range or an unknown state
   */
  printJob(record: PrintRecord): boolean {
    return this.#appendOutsideSettlement(TX_TYPE.print, encodePrint(record));
  }

  /**
   * Receipt jobs a power cut left unfinished: a copy still `queued`,
   * `printing` or `interrupted` (not `done`, not `skipped`), oldest job
   * first. Settlement's compaction drops every print-job record.
   */
  pendingPrints(): PrintRecord[] {
    const t = this.#state.table;
    const out: PrintRecord[] = [];
    for (let i = 0; i < t.length; i++) {
      const job = t.printJob(i);
      if (job === 0) continue;
      const merchant = job & 7;
      const customer = (job >> 3) & 7;
      const mOpen = OPEN_COPY[merchant];
      if (!mOpen && !OPEN_COPY[customer]) continue;
      // the first copy not ended is the one a cut may have stopped: it may be partly on paper
      out.push({ stan: t.stan(i), merchant: mOpen ? STARTED[merchant] : PRINT_STATES[merchant], customer: mOpen ? PRINT_STATES[customer] : STARTED[customer] });
    }
    return out;
  }

  /**
   * Records what a transaction's receipt prints beyond the other records
   * (CVM outcome, chip data, cash, basket: receipt-record.ts), once,
   * before its first copy prints, so that a copy printed again after a
   * reboot is the same receipt. Like {@link TransactionJournal.printJob}
   * it writes nothing and returns false when it would eat into the room
   * kept for settlement; settlement's compaction drops it.
   * @throws TransactionError `TX_INPUT` on a field out of range
   */
  receiptData(record: ReceiptRecord): boolean {
    return this.#appendOutsideSettlement(TX_TYPE.receipt, encodeReceipt(record));
  }

  /**
   * Records where a report's print job stands (the totals report, the
   * settlement report), as it starts and as it ends, so that a report a
   * power cut or the printer stopped prints again, marked as a reprint,
   * after a reboot. Written only while the room kept for settlement stays
   * free: false otherwise (the report prints without its record).
   * @throws TransactionError `TX_INPUT` on an unknown report or state, a batch out of range
   */
  reportJob(record: ReportJobRecord): boolean {
    return this.#appendOutsideSettlement(TX_TYPE.reportJob, encodeReportJob(record));
  }

  /** The last report job, when it did not end (`queued`, `printing`, `interrupted`): what a boot prints again. */
  pendingReport(): ReportJobRecord | undefined {
    const r = this.#report;
    return r && OPEN_COPY[PRINT_STATES.indexOf(r.state)] ? { ...r } : undefined;
  }

  /**
   * The totals of the batch the last settlement closed, as its record
   * keeps them (debits and credits, by type and by scheme; a record
   * written before the breakdown was kept has only debits and credits):
   * what a settlement report printed again after a reboot shows.
   */
  settledTotals(): BatchTotals | undefined {
    const s = this.#state.lastSettlement;
    if (!s) return undefined;
    const breakdown = s.breakdown ? { byType: copyTallies(s.breakdown.byType), byScheme: copyTallies(s.breakdown.byScheme) } : {};
    return { ...totalsOf(new TransactionTable(), s.batch), ...breakdown, debits: s.debits, debitsMinor: s.debitsMinor, credits: s.credits, creditsMinor: s.creditsMinor };
  }

  /** The receipt job of a transaction as the journal holds it (its completion carried the receipt, or a print record was written), if any since the last settlement. */
  printJobOf(stan: number): PrintRecord | undefined {
    const t = this.#state.table;
    const i = t.find(stan);
    const job = i < 0 ? 0 : t.printJob(i);
    return job === 0 ? undefined : { stan, merchant: PRINT_STATES[job & 7], customer: PRINT_STATES[(job >> 3) & 7] };
  }

  /**
   * The receipt record of a transaction, if one was written since the
   * last settlement: read back from the flash (the views keep only where
   * it is, no receipt's bytes stay in the heap), its CRC checked.
   */
  receiptDataOf(stan: number): ReceiptRecord | undefined {
    const t = this.#state.table;
    const i = t.find(stan);
    const record = i < 0 ? undefined : this.#readBack(i, t.receiptAt(i));
    if (!record) return undefined; // none, or damaged since: the receipt prints from the other records
    // a record of any other type holds no receipt part
    const at = receiptPartAt(record.type, record.payload);
    if (at < 0 || getUint(record.payload, at, 3) !== stan) return undefined;
    // an intent's receipt part has its length before it (sealed card data may follow); the other records' run to the end
    const end = record.type === TX_TYPE.intent ? Math.min(record.payload.length, at + getUint(record.payload, at - 2, 2)) : record.payload.length;
    try {
      return decodeReceipt(record.payload.subarray(at, end));
    } catch (e) {
      if (e instanceof TransactionError) return undefined; // a damaged record: the receipt prints from the other records
      throw e;
    }
  }

  /** The latest transaction with this STAN. */
  find(stan: number): TransactionView | undefined {
    const i = this.#state.table.find(stan);
    return i < 0 ? undefined : this.#state.table.view(i);
  }

  /** Reversals and advices (offline approvals', and chip sales' TC uploads and script results: `chipAdvice`) that must reach the host, oldest first. */
  pending(): TransactionView[] {
    return rowsWhere(this.#state.table, (t, i) => t.state(i) === S.reversing || t.state(i) === S.advising || chipAdvicePending(t, i));
  }

  /** Pre-authorizations whose hold is open (not yet completed or cancelled), whatever their batch, oldest first. */
  openHolds(): TransactionView[] {
    return rowsWhere(this.#state.table, (t, i) => t.kind(i) === K.preauth && t.state(i) === S.completed);
  }

  /** Approvals waiting for the terminal to complete (or reverse) them. */
  awaitingCompletion(): TransactionView[] {
    return rowsWhere(this.#state.table, (t, i) => t.state(i) === S.approved);
  }

  /** The open batch's transactions that count in its totals (sales, offline sales, refunds), oldest first. */
  batch(): TransactionView[] {
    return [...this.batchEntries()];
  }

  /** How many transactions {@link batch} gives, no view made. */
  batchCount(): number {
    const t = this.#state.table;
    let n = 0;
    for (let i = 0; i < t.length; i++) if (t.batch(i) === this.batchNumber && counts(t, i)) n++;
    return n;
  }

  /**
   * The transactions {@link batch} gives, one view at a time: a batch
   * upload of a full batch holds one, not 500.
   */
  *batchEntries(): Generator<TransactionView> {
    const t = this.#state.table;
    const batch = this.batchNumber;
    for (let i = 0; i < t.length; i++) if (t.batch(i) === batch && counts(t, i)) yield t.view(i);
  }

  /** Every transaction of the open batch, whatever its state, oldest first. */
  transactions(): TransactionView[] {
    return rowsWhere(this.#state.table, (t, i) => t.batch(i) === this.batchNumber);
  }

  /**
   * The newest transaction of the open batch that `matches` accepts (any,
   * without it). Views are made one at a time from the newest back, so a
   * full batch does not become 500 objects in the heap to find its last.
   */
  latest(matches?: (view: TransactionView) => boolean): TransactionView | undefined {
    const t = this.#state.table;
    for (let i = t.length - 1; i >= 0; i--) {
      if (t.batch(i) !== this.batchNumber) continue;
      const view = t.view(i);
      if (!matches || matches(view)) return view;
    }
    return undefined;
  }

  /** The newest intent time of the open batch, seconds since 1970 UTC; 0 when the batch is empty. */
  latestUtcSeconds(): number {
    const t = this.#state.table;
    let latest = 0;
    for (let i = 0; i < t.length; i++) if (t.batch(i) === this.batchNumber && t.utcSeconds(i) > latest) latest = t.utcSeconds(i);
    return latest;
  }

  /**
   * What the terminal took on local day `day` (see {@link localDay}),
   * across settlements: the amounts a compaction carried over for that
   * day plus the day's counted transactions still on the journal.
   */
  dayTotals(day: number): DayTotals {
    return dayTotalsOf(this.#state.table, this.#state.dayCarried, day);
  }

  /** The open batch's totals: settlement's, by type, by scheme. */
  totals(): BatchTotals {
    return totalsOf(this.#state.table, this.batchNumber);
  }

  /**
   * The sealed card data of a transaction, opened (the caller drops it as
   * soon as the message is built).
   * @throws TransactionError `TX_STATE` when none is on record, `TX_SEALED` when it does not open
   */
  cardData(stan: number): CardSecrets {
    const t = this.#state.table;
    const i = t.find(stan);
    if (i < 0 || !t.isSealed(i)) refuse(`no sealed card data for STAN ${stan}`);
    const sealed = this.#sealedOf(i);
    if (!sealed) throw new TransactionError("TX_SEALED", `the sealed card data of STAN ${stan} does not read back from the journal`);
    return unsealCardData(this.#crypto, this.#keys, sealed);
  }

  #row(stan: number, states: number[], step: string): number {
    const i = this.#state.table.find(stan);
    if (i < 0 || !states.includes(this.#state.table.state(i))) {
      refuse(`STAN ${stan} has no transaction that can be ${step} now`);
    }
    return i;
  }

  #append(type: number, payload: Uint8Array): void {
    // the delivery marks waiting ride in this record when it is one that carries them and they fit
    if (this.#marks.length && CARRIERS.includes(type)) {
      const wrapped = encodeDelivered(this.#marks, type, payload);
      if (this.storage.canAppend(wrapped.length)) {
        this.storage.append(TX_TYPE.delivered, wrapped);
        this.#marks = [];
        applyRecord(this.#state, TX_TYPE.delivered, wrapped, this.storage.lastAddress);
        return;
      }
    }
    this.storage.append(type, payload);
    applyRecord(this.#state, type, payload, this.storage.lastAddress);
    if (type === TX_TYPE.reportJob) this.#noteReportJob(payload);
  }

  /** Appends a record while the room kept for settlement stays free; false, writing nothing, otherwise. */
  #appendOutsideSettlement(type: number, payload: Uint8Array): boolean {
    if (!this.storage.canAppend(payload.length, ...SETTLEMENT)) return false;
    this.#append(type, payload);
    return true;
  }

  /** Notes the last report job, as a boot reads it. */
  #noteReportJob(payload: Uint8Array): void {
    try {
      this.#report = decodeReportJob(TX_TYPE.reportJob, payload);
    } catch (e) {
      if (!(e instanceof TransactionError)) throw e;
    }
  }

  #reload(): void {
    const s = initialState();
    this.#state = s;
    this.#report = undefined;
    // the fold notes where each receipt's data is on the flash and where each print job stands: no receipt's bytes stay in the heap
    this.storage.forEachRecord((type, payload, _sequence, address) => {
      applyRecord(s, type, payload, address);
      if (type === TX_TYPE.reportJob) this.#noteReportJob(payload);
    });
  }

  /**
   * Keeps the last settlement, the counters, each pending reversal or
   * advice (its intent and the step that makes it pending) and each open
   * pre-authorization (its intent and its answer: a hold outlives the
   * batch, its completion may come days later); drops the rest. A
   * compaction that does not fit leaves the log as it is.
   */
  #compact(): void {
    try {
      this.storage.compact(this.#keep());
    } catch (e) {
      if (!(e instanceof JournalError && e.code === "JOURNAL_FULL")) throw e;
      // the settled batch stays on the flash: open() tries again; the uplink and the terminal see compactionFailed
      this.#compactionFailed = true;
      return;
    }
    this.#compactionFailed = false;
    // the compaction kept no advice the host answered: its marks are on the flash as that
    this.#marks = [];
    this.#reload();
  }

  /** What a compaction now keeps, in order (README.md): the records {@link TransactionJournal.#compact} writes. */
  #keep(): JournalEntry[] {
    const s = this.#state;
    const t = s.table;
    const keep: JournalEntry[] = [];
    if (s.lastSettlement) keep.push({ type: TX_TYPE.settled, payload: encodeSettled(s.lastSettlement) });
    keep.push({ type: TX_TYPE.counters, payload: encodeCounters(s.counters) });
    // holds an offline completion still has to tell the host about: its advice names them by DE61 and DE90
    const advisedHolds = new Set<number>();
    for (let i = 0; i < t.length; i++) if (t.state(i) === S.advising && t.kind(i) === K.preauthCompletion) advisedHolds.add(t.originalStan(i));
    // the chip data of the advices still to send, read back from the flash before the compaction moves them (a few rows:
    // the uplink sends them before the next sale); a record whose CRC fails since keeps no advice, as it keeps no sealed card data
    const chipData = new Map<number, Uint8Array>();
    for (let i = 0; i < t.length; i++) {
      const data = chipAdvicePending(t, i) ? this.#chipDataOf(i) : undefined;
      if (data) chipData.set(i, data);
    }
    // the day's amounts of the rows dropped go on in one record: the day's limits outlive the batch
    const isKept = (i: number) => {
      const state = t.state(i);
      return state === S.reversing || state === S.advising || chipData.has(i) || ((state === S.completed || (state === S.captured && advisedHolds.has(t.stan(i)))) && t.kind(i) === K.preauth);
    };
    const carried = carryDay(t, s.dayCarried, isKept);
    if (carried) keep.push({ type: TX_TYPE.dayTotals, payload: encodeDayTotals(carried) });
    for (let i = 0; i < t.length; i++) {
      if (!isKept(i)) continue;
      const state = t.state(i);
      const stan = t.stan(i);
      keep.push({ type: TX_TYPE.intent, payload: t.intentPayload(i, this.#sealedOf(i)) });
      if (state === S.reversing) {
        keep.push({ type: TX_TYPE.reversalQueued, payload: encodeStep(stan, t.reason(i)) });
        continue;
      }
      const view = t.view(i);
      if (state === S.advising) {
        keep.push({ type: TX_TYPE.adviceQueued, payload: encodeStep(stan, view.authCode ?? "", 6) });
        continue;
      }
      // an open hold, or a sale with chip advices still to send: as answered and completed, then the advices with their chip data
      const answer = encodeAnswer({ stan, approved: true, completed: true, responseCode: view.responseCode ?? "00", authCode: view.authCode ?? "", rrn: view.rrn ?? "" });
      keep.push({ type: TX_TYPE.answered, payload: answer });
      const iccData = chipData.get(i);
      if (!iccData) continue;
      const bits = t.chipAdvice(i);
      const advice = encodeChipAdvice({ stan, completes: false, tcUpload: (bits & CHIP_BITS.tcUpload) !== 0, scriptResult: (bits & CHIP_BITS.scriptResult) !== 0, iccData });
      keep.push({ type: TX_TYPE.chipAdvice, payload: advice });
    }
    return keep;
  }
}
