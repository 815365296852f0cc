/**
 * Recovery from the records alone: a pure fold over the record stream
 * that rebuilds every transaction's state, the counters and the last
 * settlement, then decides what a power cut left to do (README.md has
 * the rules). The same fold keeps the running terminal's views, one
 * record at a time, so what the terminal sees and what a reboot finds
 * cannot differ.
 */
import { initialCounters, laterCounter, nextCounter, type Counters } from "./counters.ts";
import { totalsOf, type BatchTotals } from "./totals.ts";
import { TransactionTable, K, S, CHIP_BITS, type TransactionView } from "./transaction-table.ts";
import { COUNTER_MODULUS, INTENT_ADVICE, INTENT_RECEIPT, INTENT_SIZE, PRINT_STATES, RECORD_LENGTHS, TX_TYPE, answerParts, checkChipAdvice, checkIntent, decodeCounters, decodeSettled, deliveredInnerAt, type SettledRecord } from "./transaction-records.ts";
import { TransactionError } from "./transaction-error.ts";
import { isXsposError } from "../core/error.ts";
import { decodeDayTotals, type DayTotals } from "./day-totals.ts";
import { isPrintable } from "./record-bytes.ts";

/** DE39 of a reversal for a request that got no definite answer (ISO 8583:1987: response received too late). */
export const REASON_NO_ANSWER = "68";
/** DE39 of a reversal for an approval the terminal never completed (ISO 8583:1987: error). */
export const REASON_NOT_COMPLETED = "06";

/** The state the fold carries. */
export interface RecoveryState {
  table: TransactionTable;
  counters: Counters;
  lastSettlement?: SettledRecord;
  /** the day's amounts carried over the last compaction (day-totals.ts) */
  dayCarried?: DayTotals;
  /** records read */
  records: number;
  /** records of the transaction types that did not decode or named no transaction (left out) */
  skipped: number;
  /** where the last settlement stands in the stream (-1 when none) and whether intents follow it */
  settledAt: number;
  intentsAfterSettlement: boolean;
}

/** A record as recovery reads it: the journal's type byte and payload. */
export interface RecordLike {
  type: number;
  payload: Uint8Array;
}

/** What {@link recover} finds. */
export interface Recovered {
  /** every transaction the log holds, states after recovery's own decisions */
  table: TransactionTable;
  /** reversals to send, oldest first (explicit ones, and the ones a power cut left) */
  pendingReversals: TransactionView[];
  /** advices to send, oldest first */
  pendingAdvices: TransactionView[];
  /** chip sales whose TC upload or script results are still to send, oldest first */
  pendingChipAdvices: TransactionView[];
  /** approvals recovery completes (their intent asked for it): the terminal writes their completion */
  pendingCompletions: TransactionView[];
  /** the open batch's totals, pending completions counted, pending reversals not */
  totals: BatchTotals;
  counters: Counters;
  lastSettlement?: SettledRecord;
  /** the log holds a closed batch's records that a compaction may drop */
  compactable: boolean;
  records: number;
  skipped: number;
}

/** An empty fold. */
export function initialState(): RecoveryState {
  return { table: new TransactionTable(), counters: initialCounters(), records: 0, skipped: 0, settledAt: -1, intentsAfterSettlement: false };
}

const MOVES_MONEY = (kind: number) => kind !== K.balance && kind !== K.offline;

/** What a completed linked transaction makes of its original: a void voids a sale, a completion captures a pre-authorization's hold, a cancellation releases it. */
function linkedEffect(kind: number): { original: number; state: number } | undefined {
  if (kind === K.void) return { original: K.sale, state: S.voided };
  if (kind === K.preauthCompletion) return { original: K.preauth, state: S.captured };
  if (kind === K.preauthCancel) return { original: K.preauth, state: S.released };
  return undefined;
}

/** A completed void, completion or cancellation that stops counting gives its original back (a sale to the batch, a hold to the account). */
function undoLinked(table: TransactionTable, i: number): void {
  const effect = linkedEffect(table.kind(i));
  if (!effect || table.state(i) !== S.completed) return;
  const original = table.find(table.originalStan(i));
  if (original < 0 || table.state(original) !== effect.state) return;
  table.setState(original, S.completed);
  // a void of a pre-authorization's completion that stops counting: the completion captures its hold again
  if (table.kind(i) === K.void && table.kind(original) === K.preauthCompletion) {
    const hold = table.find(table.originalStan(original));
    if (hold >= 0 && table.state(hold) === S.completed && table.kind(hold) === K.preauth) table.setState(hold, S.captured);
  }
}

/**
 * A void, completion or cancellation completed: its original is voided,
 * captured or released. A void of a pre-authorization's completion (China
 * UnionPay's 预授权完成撤销) voids the completion and opens its hold again,
 * as the card networks restore the hold.
 */
function completeLinked(table: TransactionTable, kind: number, originalStan: number): void {
  const effect = linkedEffect(kind);
  if (!effect) return;
  const original = table.find(originalStan);
  if (original < 0 || table.state(original) !== S.completed) return;
  if (table.kind(original) === effect.original) table.setState(original, effect.state);
  else if (kind === K.void && table.kind(original) === K.preauthCompletion) {
    table.setState(original, S.voided);
    const hold = table.find(table.originalStan(original));
    if (hold >= 0 && table.state(hold) === S.captured && table.kind(hold) === K.preauth) table.setState(hold, S.completed);
  }
}

function skip(): never {
  throw new TransactionError("TX_RECORD", "a step record that does not have its type's layout");
}

/** The STAN at `at` of a step record, checked. */
function stanOf(p: Uint8Array, at = 0): number {
  const stan = p[at] | (p[at + 1] << 8) | (p[at + 2] << 16);
  if (stan < 1 || stan > COUNTER_MODULUS) skip();
  return stan;
}

function printable(p: Uint8Array, from: number, to: number): void {
  if (!isPrintable(p, from, to - from)) skip();
}

/**
 * Applies one record, read straight from its bytes (a boot reads
 * thousands: no object per record). Returns false when it names no
 * transaction in a state it applies to (a step repeated, or for a STAN
 * the log has lost): such a record changes nothing.
 * @throws TransactionError `TX_RECORD` when the payload does not have its type's layout
 */
function step(s: RecoveryState, type: number, p: Uint8Array, address: number): boolean {
  const t = s.table;
  const c = s.counters;
  switch (type) {
    case TX_TYPE.print:
      printStep(t, p);
      return true;
    case TX_TYPE.receipt:
      if (p.length >= 5 && address >= 0) {
        const i = t.find(p[0] | (p[1] << 8) | (p[2] << 16));
        if (i >= 0) t.setReceiptAt(i, address);
      }
      return true;
    case TX_TYPE.intent: {
      checkIntent(type, p);
      const i = t.add(p, address);
      // an offline approval with its advice queued in the same record (and its receipt): as an advice-queued record would
      if (p[1] & (INTENT_ADVICE | INTENT_RECEIPT)) intentParts(t, i, p, address);
      c.stan = laterCounter(c.stan, p[2] | (p[3] << 8) | (p[4] << 16));
      const invoice = p[5] | (p[6] << 8) | (p[7] << 16);
      if (invoice) c.invoice = laterCounter(c.invoice, invoice);
      const batch = p[8] | (p[9] << 8) | (p[10] << 16);
      if (batch !== c.batch) c.batch = laterCounter(c.batch, batch);
      if (s.settledAt >= 0) s.intentsAfterSettlement = true;
      return true;
    }
    case TX_TYPE.counters: {
      const r = decodeCounters(type, p);
      c.stan = laterCounter(c.stan, r.stan);
      c.invoice = laterCounter(c.invoice, r.invoice);
      c.batch = laterCounter(c.batch, r.batch);
      return true;
    }
    case TX_TYPE.settled: {
      const settlement = decodeSettled(type, p);
      c.batch = laterCounter(c.batch, nextCounter(settlement.batch));
      s.lastSettlement = settlement;
      s.settledAt = s.records;
      s.intentsAfterSettlement = false;
      return true;
    }
    case TX_TYPE.dayTotals:
      s.dayCarried = decodeDayTotals(p);
      return true;
    case TX_TYPE.chipAdvice:
      return chipAdviceStep(t, type, p, address);
    case TX_TYPE.delivered: {
      // the marks first (a mark for an advice no longer pending changes nothing), then the record that carries them
      const at = deliveredInnerAt(p);
      for (let k = 1; k < at; k += 4) deliveryMark(t, p, k);
      const inner = p[at];
      if (inner === TX_TYPE.delivered) skip();
      return step(s, inner, p.subarray(at + 1), address);
    }
    default:
      break;
  }
  const length = stepLength(type);
  if (length === 0) return true;
  // an answer may carry a chip advice part and the receipt's bytes after its 24
  if (type === TX_TYPE.answered ? p.length < length : p.length !== length) skip();
  const i = t.find(stanOf(p));
  if (i < 0) return false;
  const state = t.state(i);
  const kind = t.kind(i);
  switch (type) {
    case TX_TYPE.sent:
      if (state !== S.intended) return false;
      t.setState(i, S.sent);
      return true;
    case TX_TYPE.answered: {
      printable(p, 4, 24);
      // the parts after the 24 bytes are located only when there is a chip advice part; a receipt part alone is checked in place
      const extra = p.length !== length;
      const parts = extra && (p[3] & 4) !== 0 ? answerParts(type, p) : undefined;
      if (extra && !parts && ((p[3] & ~11) !== 0 || (p[3] & 8) === 0 || p.length < length + 5)) skip();
      // the receipt part: where it is on the flash, and its receipt job open, its first copy the one in progress until a print-job record says otherwise
      if (extra && address >= 0) {
        const at = parts ? parts.receiptAt : length;
        if (at < p.length && (p[at] | (p[at + 1] << 8) | (p[at + 2] << 16)) === (p[0] | (p[1] << 8) | (p[2] << 16))) noteReceipt(t, i, address);
      }
      if (state !== S.intended && state !== S.sent) return false;
      if (parts?.chipFlags && (!CHIP_ADVISED(kind) || (p[3] & 1) === 0)) return false;
      t.setAnswer(i, p, 4);
      if ((p[3] & 1) === 0) t.setState(i, S.declined);
      // a balance inquiry moves no money: there is nothing to complete or reverse
      else if (kind === K.balance) t.setState(i, S.completed);
      // completed as it was answered (bit 2): one record for both steps
      else if ((p[3] & 2) !== 0) {
        t.setState(i, S.completed);
        // a void, a hold's completion or cancellation acts on its original (the kind checked here, before the call: a boot completes hundreds of sales)
        if (kind === K.void || kind === K.preauthCompletion || kind === K.preauthCancel) completeLinked(t, kind, t.originalStan(i));
        // the deferred answer, its completion and the chip sale's advices in one record
        if (parts?.chipFlags) t.setChipAdvice(i, parts.chipFlags, address);
      } else t.setState(i, S.approved);
      return true;
    }
    case TX_TYPE.completed:
      if (state !== S.approved || kind === K.void) return false;
      t.setState(i, S.completed);
      completeLinked(t, kind, t.originalStan(i));
      return true;
    case TX_TYPE.voided: {
      const originalStan = stanOf(p, 3);
      if (state !== S.approved || kind !== K.void) return false;
      t.setState(i, S.completed);
      completeLinked(t, kind, originalStan);
      return true;
    }
    case TX_TYPE.reversalQueued:
    case TX_TYPE.reversalAnswered: {
      printable(p, 3, 5);
      // an answer ends a reversal whether or not a record queued it (recovery queues one without writing); a queued one notes its reason
      const answered = type === TX_TYPE.reversalAnswered;
      if (!MOVES_MONEY(kind) || (state !== S.intended && state !== S.sent && state !== S.approved && state !== S.completed && !(answered && state === S.reversing))) return false;
      undoLinked(t, i);
      t.setState(i, answered ? S.reversed : S.reversing);
      if (!answered) t.setReason(i, p, 3);
      return true;
    }
    case TX_TYPE.adviceQueued:
      printable(p, 3, 9);
      if ((kind !== K.offline && kind !== K.preauthCompletion) || state !== S.intended) return false;
      queueAdvice(t, i, p, 3);
      return true;
    case TX_TYPE.adviceDelivered:
      if ((kind !== K.offline && kind !== K.preauthCompletion) || state !== S.advising) return false;
      t.setState(i, S.advised);
      return true;
    case TX_TYPE.chipAdviceDelivered:
      return deliveryMark(t, p, 0);
  }
  return true;
}

/** A chip advice answered (a delivered mark at `at`, or a chip-advice-delivered record at 0): its bit cleared; false when it was not pending. */
function deliveryMark(t: TransactionTable, p: Uint8Array, at: number): boolean {
  const which = p[at + 3];
  const bit = which === 1 ? CHIP_BITS.tcUpload : which === 2 ? CHIP_BITS.scriptResult : skip();
  const i = t.find(stanOf(p, at));
  const pending = i < 0 ? 0 : t.chipAdvice(i);
  if ((pending & bit) === 0) return false;
  t.setChipAdvice(i, pending & ~bit);
  return true;
}

/** An offline approval's advice queued, its authorization code at `at`: an offline completion captures its hold as it is queued. */
function queueAdvice(t: TransactionTable, i: number, p: Uint8Array, at: number): void {
  t.setAuthCode(i, p, at);
  t.setState(i, S.advising);
  completeLinked(t, t.kind(i), t.originalStan(i));
}

/** An intent's advice and receipt parts (checkIntent checked their layout). */
function intentParts(t: TransactionTable, i: number, p: Uint8Array, address: number): void {
  queueAdvice(t, i, p, INTENT_SIZE);
  const at = INTENT_SIZE + 8;
  if (p[1] & INTENT_RECEIPT && address >= 0 && (p[at] | (p[at + 1] << 8) | (p[at + 2] << 16)) === (p[2] | (p[3] << 8) | (p[4] << 16))) noteReceipt(t, i, address);
}

/**
 * A receipt's data carried by the record at `address`: noted, and its
 * receipt job opened (both copies, the merchant's first, in progress)
 * unless a print-job record already says where it stands.
 */
function noteReceipt(t: TransactionTable, i: number, address: number): void {
  t.setReceiptAt(i, address);
  if (t.printJob(i) === 0) t.setPrintJob(i, PRINT_PRINTING, PRINT_QUEUED);
}

/** A print-job record: where the receipt job of its transaction stands (a record naming no transaction changes nothing). */
function printStep(t: TransactionTable, p: Uint8Array): void {
  if (p.length !== RECORD_LENGTHS.print || p[3] >= PRINT_STATES.length || p[4] >= PRINT_STATES.length) return;
  const i = t.find(p[0] | (p[1] << 8) | (p[2] << 16));
  if (i >= 0) t.setPrintJob(i, p[3], p[4]);
}

const PRINT_PRINTING = PRINT_STATES.indexOf("printing");
const PRINT_QUEUED = PRINT_STATES.indexOf("queued");

/**
 * Whether a row has chip advices to send: some still queued, and the
 * transaction stands (completed, or voided, captured or released later:
 * the host was told of the TC all the same); a reversed one has none left to send.
 */
export function chipAdvicePending(t: TransactionTable, i: number): boolean {
  if (t.chipAdvice(i) === 0) return false;
  const state = t.state(i);
  return state === S.completed || state === S.voided || state === S.captured || state === S.released;
}

/** Kinds whose approval a chip card completes with a TC the host is told of: a sale, a pre-authorization. */
const CHIP_ADVISED = (kind: number) => kind === K.sale || kind === K.preauth;

/**
 * A chip sale's advices queued: with its completing flag, the approval is
 * completed in the same record (the terminal's one write at the second
 * GENERATE AC); without it (a compaction's copy), it applies to a
 * completed transaction that has no advices pending yet.
 */
function chipAdviceStep(t: TransactionTable, type: number, p: Uint8Array, address: number): boolean {
  checkChipAdvice(type, p);
  const i = t.find(stanOf(p));
  if (i < 0 || !CHIP_ADVISED(t.kind(i)) || t.chipAdvice(i) !== 0) return false;
  const completes = (p[3] & 1) !== 0;
  const state = t.state(i);
  if (completes ? state !== S.approved : state !== S.completed) return false;
  if (completes) t.setState(i, S.completed);
  t.setChipAdvice(i, p[3] & (CHIP_BITS.tcUpload | CHIP_BITS.scriptResult), address);
  return true;
}

/** The payload length of a step record's type; 0 for a type that is not a step. */
function stepLength(type: number): number {
  switch (type) {
    case TX_TYPE.sent:
    case TX_TYPE.completed:
    case TX_TYPE.adviceDelivered:
      return RECORD_LENGTHS.sent;
    case TX_TYPE.answered:
      return RECORD_LENGTHS.answered;
    case TX_TYPE.reversalQueued:
    case TX_TYPE.reversalAnswered:
      return RECORD_LENGTHS.reversalQueued;
    case TX_TYPE.adviceQueued:
      return RECORD_LENGTHS.adviceQueued;
    case TX_TYPE.voided:
      return RECORD_LENGTHS.voided;
    case TX_TYPE.chipAdviceDelivered:
      return RECORD_LENGTHS.chipAdviceDelivered;
    default:
      return 0;
  }
}

/**
 * Folds one journal record into the state; records of other types are
 * counted and passed over, damaged ones counted as skipped. A print-job
 * record sets its transaction's receipt job; with `address` (where the
 * record starts on the flash), a record that holds a receipt's data (a
 * receipt record, an answer that carries it), sealed card data (an
 * intent) or chip advices' data (an answer, a chip advice record) is
 * noted in its transaction's row by that address, its bytes left on the
 * flash. Without it, those bytes cannot be read back.
 */
export function applyRecord(s: RecoveryState, type: number, payload: Uint8Array, address = -1): void {
  try {
    if (!step(s, type, payload, address)) s.skipped++;
  } catch (e) {
    if (!isXsposError(e, "TX_RECORD")) throw e;
    s.skipped++;
  }
  s.records++;
}

/**
 * What a power cut leaves to do, decided on the folded state as a boot
 * finds it: a money-moving request with no definite answer is reversed
 * ({@link REASON_NO_ANSWER}); an approval never completed is reversed
 * ({@link REASON_NOT_COMPLETED}) unless its intent asked recovery to
 * complete it. The table is changed to the states those decisions lead
 * to; the completions are returned so the terminal writes them.
 */
export function settleInterrupted(s: RecoveryState): TransactionView[] {
  const t = s.table;
  const completions: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const kind = t.kind(i);
    const state = t.state(i);
    if (!MOVES_MONEY(kind)) continue;
    if (state === S.intended || state === S.sent) {
      t.setState(i, S.reversing);
      t.setReason(i, REASON_NO_ANSWER);
    } else if (state === S.approved && !t.completeOnPowerLoss(i)) {
      t.setState(i, S.reversing);
      t.setReason(i, REASON_NOT_COMPLETED);
    } else if (state === S.approved) {
      t.setState(i, S.completed);
      completeLinked(t, kind, t.originalStan(i));
      completions.push(i);
    }
  }
  return completions.map((i) => t.view(i));
}

/** Rows with chip advices to send, oldest first, as views. */
export function chipAdviceRows(table: TransactionTable): TransactionView[] {
  return rowsWhere(table, chipAdvicePending);
}

/** Rows that `test` accepts, oldest first, as views. */
export function rowsWhere(table: TransactionTable, test: (table: TransactionTable, i: number) => boolean): TransactionView[] {
  const out: TransactionView[] = [];
  for (let i = 0; i < table.length; i++) if (test(table, i)) out.push(table.view(i));
  return out;
}

/**
 * Recovery as a pure function of the records: what must still happen
 * (reversals, advices, completions), the open batch's totals and the
 * counters to resume after.
 */
export function recover(records: Iterable<RecordLike>): Recovered {
  const s = initialState();
  for (const r of records) applyRecord(s, r.type, r.payload);
  const pendingCompletions = settleInterrupted(s);
  return {
    table: s.table,
    pendingReversals: rowsWhere(s.table, (t, i) => t.state(i) === S.reversing),
    pendingAdvices: rowsWhere(s.table, (t, i) => t.state(i) === S.advising),
    pendingChipAdvices: chipAdviceRows(s.table),
    pendingCompletions,
    totals: totalsOf(s.table, s.counters.batch),
    counters: { ...s.counters },
    ...(s.lastSettlement ? { lastSettlement: s.lastSettlement } : {}),
    compactable: s.settledAt > 0 && !s.intentsAfterSettlement,
    records: s.records,
    skipped: s.skipped,
  };
}
