import type { KeyStore } from "../core/key-store.ts";
import { schemeOf, type Scheme } from "../card/scheme.ts";
import type { Crypto } from "../crypto/port.ts";
import { advanceCounter, nextCounter, type Counters } from "./counters.ts";
import { JournalError } from "./error.ts";
import type { Flash } from "./flash.ts";
import { Journal, type JournalEntry } from "./journal.ts";
import { applyRecord, initialState, rowsIn, settleInterrupted, type RecoveryState } from "./recover.ts";
import { sealCardData, unsealCardData, type CardSecrets } from "./sealed-card-data.ts";
import { totalsOf, counts, type BatchTotals } from "./totals.ts";
import { TransactionError } from "./transaction-error.ts";
import { decodeReceipt, encodeReceipt, type ReceiptRecord } from "./receipt-record.ts";
import { K, S, type TransactionView } from "./transaction-table.ts";
import {
  COUNTER_MODULUS,
  INTENT_SIZE,
  RECORD_LENGTHS,
  TX_TYPE,
  encodeAnswer,
  encodeCounters,
  encodeIntent,
  encodePrint,
  encodeSettled,
  encodeStep,
  encodeVoided,
  decodeTransactionRecord,
  truncatePan,
  type AnswerRecord,
  type EntryMode,
  type PrintRecord,
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
}

/** Payload lengths one transaction may still write after its intent: sent, answered, completed or voided, reversal queued and answered. */
const STEPS_AFTER_INTENT = [RECORD_LENGTHS.sent, RECORD_LENGTHS.answered, RECORD_LENGTHS.voided, RECORD_LENGTHS.reversalQueued, RECORD_LENGTHS.reversalAnswered];
/** What settlement writes: its STANs reserved (room for three attempts), then the batch closed. Kept free by every transaction that starts. */
const SETTLEMENT = [RECORD_LENGTHS.counters, RECORD_LENGTHS.counters, RECORD_LENGTHS.counters, RECORD_LENGTHS.settled];
/** STANs reserved at a time for messages that have no intent (sign-on, echo). */
const STAN_BLOCK = 16;
const CURRENCY = /^[0-9]{3}$/;
/** Sealed card data of a swiped card: IV and one AES block. */
const SEALED_PAN = 32;

/**
 * The bytes `begin` keeps for sealed card data: a PAN, and chip data of
 * `iccDataLength` bytes (0: none). A caller that asks `canStart` before
 * the card has given its chip data passes the largest it may give.
 */
export function sealedReserve(iccDataLength = 0): number {
  return SEALED_PAN + (iccDataLength > 0 ? iccDataLength + 16 : 0);
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
  /** the last print-job record of each STAN, in the order the jobs began */
  #prints = new Map<number, PrintRecord>();
  /** the last receipt record of each STAN */
  #receipts = new Map<number, ReceiptRecord>();

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
  canStart(sealedBytes = 0): boolean {
    return this.storage.canAppend(INTENT_SIZE + sealedBytes, ...STEPS_AFTER_INTENT, RECORD_LENGTHS.counters, ...SETTLEMENT);
  }

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
    if (typeof tx.currency !== "string" || !CURRENCY.test(tx.currency)) throw new TransactionError("TX_INPUT", "a currency is 3 digits of ISO 4217");
    const truncatedPan = tx.pan === undefined ? "" : truncatePan(tx.pan);
    const scheme = tx.scheme ?? (tx.pan ? schemeOf(tx.pan) : "unknown");
    if (!this.canStart(tx.seal ? sealedReserve(tx.iccData?.length) : 0)) {
      throw new JournalError("JOURNAL_FULL", "the journal has no room for another transaction: settle the batch first");
    }
    if (tx.seal && tx.pan === undefined) throw new TransactionError("TX_INPUT", "there is no PAN to seal");
    const sealed = tx.seal ? sealCardData(this.#crypto, this.#keys, { pan: tx.pan!, ...(tx.iccData ? { iccData: tx.iccData } : {}) }) : undefined;
    const payload = encodeIntent({
      kind: tx.kind,
      stan,
      invoice,
      batch: counters.batch,
      amountMinor: tx.amountMinor,
      currency,
      utcSeconds: Math.floor(tx.utcMs / 1000),
      offsetMinutes: tx.offsetMinutes,
      ...(tx.entry ? { entry: tx.entry } : {}),
      scheme,
      truncatedPan,
      originalStan: tx.originalStan ?? 0,
      completeOnPowerLoss: tx.completeOnPowerLoss ?? false,
      ...(sealed ? { sealed } : {}),
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

  /** The request left. */
  sent(stan: number): void {
    this.#row(stan, [S.intended], "sent");
    this.#append(TX_TYPE.sent, encodeStep(stan));
  }

  /**
   * The host answered (its MAC checked). With `completed`, the terminal
   * completes the approval in the same record: a sale or refund counts in
   * the batch from here, a void takes its sale out.
   */
  answered(answer: AnswerRecord): void {
    const i = this.#row(answer.stan, [S.intended, S.sent], "answered");
    if (answer.completed && this.#state.table.kind(i) === K.offline) throw new TransactionError("TX_STATE", "an offline approval is not answered by the host");
    this.#append(TX_TYPE.answered, encodeAnswer(answer));
  }

  /** The terminal completed an approved sale, refund or pre-authorization: a sale or refund counts in the batch, a pre-authorization's hold is open. */
  completed(stan: number): void {
    const i = this.#row(stan, [S.approved], "completed");
    if (this.#state.table.kind(i) === K.void) throw new TransactionError("TX_STATE", "a void completes with voided()");
    this.#append(TX_TYPE.completed, encodeStep(stan));
  }

  /** An approved void completed: its sale leaves the batch. */
  voided(stan: number): void {
    const i = this.#row(stan, [S.approved], "voided");
    const t = this.#state.table;
    if (t.kind(i) !== K.void) throw new TransactionError("TX_STATE", `STAN ${stan} is not a void`);
    this.#append(TX_TYPE.voided, encodeVoided(stan, t.originalStan(i)));
  }

  /** A reversal must reach the host (no answer, an answer that failed its MAC, a card that declined after approval). */
  reversalQueued(stan: number, reason: string): void {
    const i = this.#row(stan, [S.intended, S.sent, S.approved, S.completed], "reversed");
    const kind = this.#state.table.kind(i);
    if (kind === K.balance || kind === K.offline) throw new TransactionError("TX_STATE", `STAN ${stan} moved no money: there is nothing to reverse`);
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
    if (kind !== K.offline && kind !== K.preauthCompletion) throw new TransactionError("TX_STATE", `STAN ${stan} is not an offline approval`);
    this.#append(TX_TYPE.adviceQueued, encodeStep(stan, authCode, 6));
  }

  /** The host answered the advice. */
  adviceDelivered(stan: number): void {
    this.#row(stan, [S.advising], "advised");
    this.#append(TX_TYPE.adviceDelivered, encodeStep(stan));
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
    if (this.awaitingCompletion().length) throw new TransactionError("TX_STATE", "an approval awaits its completion: complete or reverse it before settlement");
    const totals = this.totals();
    const record: SettledRecord = {
      batch: this.batchNumber,
      balanced: summary.balanced,
      uploaded: summary.uploaded,
      debits: totals.debits,
      debitsMinor: totals.debitsMinor,
      credits: totals.credits,
      creditsMinor: totals.creditsMinor,
      utcSeconds: Math.floor(summary.utcMs / 1000),
    };
    this.#append(TX_TYPE.settled, encodeSettled(record));
    this.#compact();
    return record;
  }

  /** Writes the completions recovery decided on (their intents asked for it); returns how many. */
  finishCompletions(): number {
    const done = this.#completions;
    this.#completions = [];
    for (const tx of done) {
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
    const payload = encodePrint(record);
    if (!this.storage.canAppend(RECORD_LENGTHS.print, ...SETTLEMENT)) return false;
    this.#append(TX_TYPE.print, payload);
    return true;
  }

  /**
   * Receipt jobs a power cut left unfinished: a copy still `queued`,
   * `printing` or `interrupted` (not `done`, not `skipped`), oldest job
   * first. Settlement's compaction drops every print-job record.
   */
  pendingPrints(): PrintRecord[] {
    const open = (s: PrintRecord["merchant"]) => s === "queued" || s === "printing" || s === "interrupted";
    return [...this.#prints.values()].filter((r) => open(r.merchant) || open(r.customer)).map((r) => ({ ...r }));
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
    const payload = encodeReceipt(record);
    if (!this.storage.canAppend(payload.length, ...SETTLEMENT)) return false;
    this.#append(TX_TYPE.receipt, payload);
    return true;
  }

  /** The receipt record of a transaction, if one was written since the last settlement. */
  receiptDataOf(stan: number): ReceiptRecord | undefined {
    const r = this.#receipts.get(stan);
    return r && decodeReceipt(encodeReceipt(r));
  }

  /** The latest transaction with this STAN. */
  find(stan: number): TransactionView | undefined {
    const i = this.#state.table.find(stan);
    return i < 0 ? undefined : this.#state.table.view(i);
  }

  /** Reversals and advices that must reach the host, oldest first. */
  pending(): TransactionView[] {
    const t = this.#state.table;
    const out: TransactionView[] = [];
    for (let i = 0; i < t.length; i++) if (t.state(i) === S.reversing || t.state(i) === S.advising) out.push(t.view(i));
    return out;
  }

  /** Pre-authorizations whose hold is open (not yet completed or cancelled), whatever their batch, oldest first. */
  openHolds(): TransactionView[] {
    const t = this.#state.table;
    const out: TransactionView[] = [];
    for (let i = 0; i < t.length; i++) if (t.kind(i) === K.preauth && t.state(i) === S.completed) out.push(t.view(i));
    return out;
  }

  /** Approvals waiting for the terminal to complete (or reverse) them. */
  awaitingCompletion(): TransactionView[] {
    return rowsIn(this.#state.table, S.approved);
  }

  /** The open batch's transactions that count in its totals (sales, offline sales, refunds), oldest first. */
  batch(): TransactionView[] {
    const t = this.#state.table;
    const out: TransactionView[] = [];
    for (let i = 0; i < t.length; i++) if (t.batch(i) === this.batchNumber && counts(t, i)) out.push(t.view(i));
    return out;
  }

  /** Every transaction of the open batch, whatever its state, oldest first. */
  transactions(): TransactionView[] {
    const t = this.#state.table;
    const out: TransactionView[] = [];
    for (let i = 0; i < t.length; i++) if (t.batch(i) === this.batchNumber) out.push(t.view(i));
    return out;
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
    const i = this.#state.table.find(stan);
    const sealed = i < 0 ? undefined : this.#state.table.sealed(i);
    if (!sealed) throw new TransactionError("TX_STATE", `no sealed card data for STAN ${stan}`);
    return unsealCardData(this.#crypto, this.#keys, sealed);
  }

  #row(stan: number, states: number[], step: string): number {
    const i = this.#state.table.find(stan);
    if (i < 0 || !states.includes(this.#state.table.state(i))) {
      throw new TransactionError("TX_STATE", `STAN ${stan} has no transaction that can be ${step} now`);
    }
    return i;
  }

  #append(type: number, payload: Uint8Array): void {
    this.storage.append(type, payload);
    applyRecord(this.#state, type, payload);
    if (type === TX_TYPE.print || type === TX_TYPE.receipt) this.#noteReceiptRecord(type, payload);
  }

  #noteReceiptRecord(type: number, payload: Uint8Array): void {
    let r;
    try {
      if (type === TX_TYPE.receipt) {
        const receipt = decodeReceipt(payload);
        this.#receipts.set(receipt.stan, receipt);
        return;
      }
      r = decodeTransactionRecord(TX_TYPE.print, payload);
    } catch (e) {
      if (e instanceof TransactionError) return; // a damaged record: recovery counts nothing for it
      throw e;
    }
    if (r?.type !== "print") return;
    this.#prints.set(r.stan, { stan: r.stan, merchant: r.merchant, customer: r.customer });
  }

  #reload(): void {
    const s = initialState();
    this.#prints = new Map();
    this.#receipts = new Map();
    for (const r of this.storage.records()) {
      applyRecord(s, r.type, r.payload);
      if (r.type === TX_TYPE.print || r.type === TX_TYPE.receipt) this.#noteReceiptRecord(r.type, r.payload);
    }
    this.#state = s;
  }

  /**
   * Keeps the last settlement, the counters, each pending reversal or
   * advice (its intent and the step that makes it pending) and each open
   * pre-authorization (its intent and its answer: a hold outlives the
   * batch, its completion may come days later); drops the rest. A
   * compaction that does not fit leaves the log as it is.
   */
  #compact(): void {
    const s = this.#state;
    const t = s.table;
    const keep: JournalEntry[] = [];
    if (s.lastSettlement) keep.push({ type: TX_TYPE.settled, payload: encodeSettled(s.lastSettlement) });
    keep.push({ type: TX_TYPE.counters, payload: encodeCounters(s.counters) });
    // holds an offline completion still has to tell the host about: its advice names them by DE61 and DE90
    const advisedHolds = new Set<number>();
    for (let i = 0; i < t.length; i++) if (t.state(i) === S.advising && t.kind(i) === K.preauthCompletion) advisedHolds.add(t.originalStan(i));
    for (let i = 0; i < t.length; i++) {
      const state = t.state(i);
      if ((state === S.completed || (state === S.captured && advisedHolds.has(t.stan(i)))) && t.kind(i) === K.preauth) {
        const hold = t.view(i);
        keep.push({ type: TX_TYPE.intent, payload: t.intentPayload(i) });
        const answer = { stan: hold.stan, approved: true, completed: true, responseCode: hold.responseCode ?? "00", authCode: hold.authCode ?? "", rrn: hold.rrn ?? "" };
        keep.push({ type: TX_TYPE.answered, payload: encodeAnswer(answer) });
        continue;
      }
      if (state !== S.reversing && state !== S.advising) continue;
      keep.push({ type: TX_TYPE.intent, payload: t.intentPayload(i) });
      const stan = t.stan(i);
      const view = state === S.reversing ? undefined : t.view(i);
      keep.push(state === S.reversing ? { type: TX_TYPE.reversalQueued, payload: encodeStep(stan, t.reason(i)) } : { type: TX_TYPE.adviceQueued, payload: encodeStep(stan, view!.authCode ?? "", 6) });
    }
    try {
      this.storage.compact(keep);
    } catch (e) {
      if (e instanceof JournalError && e.code === "JOURNAL_FULL") return;
      throw e;
    }
    this.#reload();
  }
}
