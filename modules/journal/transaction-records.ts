/**
 * The transaction records: one journal record per step of a transaction,
 * in a compact binary layout per record type (README.md draws each one).
 * Integers are little-endian. No record holds a full PAN in the clear, a
 * track, a CVV, a PIN or a PIN block: the PAN is truncated to its first
 * six and last four digits, and where a later message needs it whole it
 * travels sealed under the device data key (sealed-card-data.ts).
 */
import { isDigitCode, isDigits, isPrintableAscii, spanOf } from "../core/chars.ts";
import type { Scheme } from "../card/scheme.ts";
import type { SettlementTotals, Tally } from "./totals.ts";
import { getAscii, getBcd, getUint, isPrintable, putAscii, putBcd, putUint } from "./record-bytes.ts";
import { TransactionError } from "./transaction-error.ts";

/** Journal record types of the transaction records (the journal's `type` byte). */
export const TX_TYPE = {
  intent: 0x10,
  sent: 0x11,
  answered: 0x12,
  completed: 0x13,
  reversalQueued: 0x14,
  reversalAnswered: 0x15,
  adviceQueued: 0x16,
  adviceDelivered: 0x17,
  voided: 0x18,
  settled: 0x19,
  counters: 0x1a,
  print: 0x1b,
  /** the receipt's own data (receipt-record.ts): variable length */
  receipt: 0x1c,
  /** the day's amounts a settlement's compaction carries over (day-totals.ts) */
  dayTotals: 0x1d,
  /** a chip sale's advices queued (TC upload, issuer script results): variable length */
  chipAdvice: 0x1e,
  /** one of those advices answered by the host */
  chipAdviceDelivered: 0x1f,
  /** a report's print job (the totals report, the settlement report): when it starts and when it ends */
  reportJob: 0x20,
  /**
   * Chip advices the host answered, carried by the record the journal
   * writes next anyway (an intent, a settlement, another chip advice):
   * the marks, then that record's own type and payload, one write for both
   */
  delivered: 0x21,
} as const;

/**
 * What a transaction does: `offline` is a sale the card approved offline,
 * told to the host by an advice; `preauth` puts a hold on the card's
 * account, which a `preauthCompletion` turns into a debit or a
 * `preauthCancel` releases.
 */
export type TransactionKind = "sale" | "refund" | "void" | "balance" | "offline" | "preauth" | "preauthCompletion" | "preauthCancel";
/** How the card was read. */
export type EntryMode = "swipe" | "fallback" | "chip" | "manual";

export const KINDS: readonly TransactionKind[] = ["sale", "refund", "void", "balance", "offline", "preauth", "preauthCompletion", "preauthCancel"];
export const ENTRY_MODES: readonly EntryMode[] = ["swipe", "fallback", "chip", "manual"];
/** Scheme codes on flash: the index in this list (0 unknown). */
export const SCHEMES: readonly Scheme[] = ["unknown", "visa", "mastercard", "amex", "diners", "jcb", "discover", "unionpay", "maestro", "mir"];

/** STAN, invoice and batch numbers run 1-999999 and wrap. */
export const COUNTER_MODULUS = 999999;
/** The largest amount DE4 (12 digits) carries. */
export const MAX_AMOUNT = 999_999_999_999;

/** The intent, written before the request leaves. */
export interface IntentRecord {
  kind: TransactionKind;
  /** DE11, 1-999999 */
  stan: number;
  /** the receipt number, 1-999999; 0 when the transaction has none */
  invoice: number;
  batch: number;
  amountMinor: number;
  /** ISO 4217 numeric, 0-999 */
  currency: number;
  /** when the request was built: UTC seconds (DE7 derives from it) */
  utcSeconds: number;
  /** the terminal's offset from UTC then, minutes, kept to the quarter hour */
  offsetMinutes: number;
  /** undefined when no card was read (a void) */
  entry?: EntryMode;
  scheme: Scheme;
  /** the PAN truncated: first six and last four digits, `*` for the rest; "" when no card was read */
  truncatedPan: string;
  /** the sale a void undoes, the pre-authorization a completion or cancellation closes; 0 otherwise */
  originalStan: number;
  /** after a power cut between approval and completion, recovery completes it rather than reversing it */
  completeOnPowerLoss: boolean;
  /** the PAN (and chip data) sealed under the device data key, when a later message needs them */
  sealed?: Uint8Array;
  /**
   * An offline approval (`offline`, or an offline `preauthCompletion`):
   * its advice is queued in the intent itself, with the card's (or the
   * hold's) authorization code, up to 6 characters: one write instead of
   * an intent and an advice-queued record.
   */
  adviceAuthCode?: string;
  /** with `adviceAuthCode`: the receipt record's bytes (receipt-record.ts, its STAN this one's), carried so that no separate receipt record is written */
  receipt?: Uint8Array;
}

/** The host's answer, once its MAC checked. */
export interface AnswerRecord {
  stan: number;
  approved: boolean;
  /**
   * The terminal completed the approval as it recorded the answer (a
   * transaction it does not complete later itself): one record for both
   * steps. False for an approval whose completion comes later.
   */
  completed?: boolean;
  /** DE39 */
  responseCode: string;
  /** DE38, up to 6 characters */
  authCode: string;
  /** DE37, up to 12 characters */
  rrn: string;
  /**
   * A chip sale's advices queued in the same record (only with
   * `completed`): the deferred answer, the completion and the TC upload
   * in one write (the chip data carries no track or PIN data).
   */
  chipAdvice?: { tcUpload: boolean; scriptResult: boolean; iccData: Uint8Array };
  /** the receipt record's bytes (receipt-record.ts, its STAN this one's), carried so that no separate receipt record is written */
  receipt?: Uint8Array;
}

/** The batch closed by settlement. */
export interface SettledRecord {
  batch: number;
  balanced: boolean;
  /** transactions sent in the batch upload */
  uploaded: number;
  debits: number;
  debitsMinor: number;
  credits: number;
  creditsMinor: number;
  utcSeconds: number;
  /** the batch's totals by type and by scheme, as its settlement report printed them; absent from a record written before they were kept */
  breakdown?: SettledBreakdown;
}

/** What a settlement report shows besides the debits and credits (totals.ts `BatchTotals`). */
export interface SettledBreakdown {
  byType: Record<TransactionKind, Tally>;
  byScheme: Partial<Record<Scheme, SettlementTotals>>;
}

/** Bytes of a settled record's breakdown: the kinds present (1), each kind's count (3) and amount (6), the schemes (1), each scheme's code (1) and totals (3, 6, 3, 6). */
const BREAKDOWN_KIND = 9;
const BREAKDOWN_SCHEME = 19;
/** The longest settled record: every kind and every scheme in its breakdown. */
export const SETTLED_MAX_LENGTH = 29 + 1 + 8 * BREAKDOWN_KIND + 1 + 10 * BREAKDOWN_SCHEME;

/** Counter values made durable outside an intent: STANs reserved for non-financial messages, and the snapshot a compaction keeps. */
export interface CountersRecord {
  /** the highest STAN given out or reserved */
  stan: number;
  /** the last invoice number given out, 0 before the first */
  invoice: number;
  /** the open batch */
  batch: number;
}

/**
 * Where one copy of a transaction's receipt stands: `none` (the job has
 * no such copy), `queued` (not started: nothing of it is on paper),
 * `printing`, `done`, `interrupted` (the printer stopped it), `skipped`
 * (the operator gave it up). A copy found `printing` or `interrupted` at
 * boot may be partly on paper: it prints again marked REPRINT.
 */
export type PrintState = "none" | "queued" | "printing" | "done" | "interrupted" | "skipped";
export const PRINT_STATES: readonly PrintState[] = ["none", "queued", "printing", "done", "interrupted", "skipped"];

/** A report's print job: which report, of which batch, and where its one copy stands. */
export interface ReportJobRecord {
  report: "totals" | "settlement";
  /** the open batch (totals), the batch the settlement closed (settlement) */
  batch: number;
  state: PrintState;
}
export const REPORTS: readonly ReportJobRecord["report"][] = ["totals", "settlement"];

/** The receipt job of one transaction: the state of each copy. */
export interface PrintRecord {
  stan: number;
  merchant: PrintState;
  customer: PrintState;
}

/**
 * What the host must still be told of a chip sale the card approved
 * after the host did (its second GENERATE AC): the TC upload (0320) and,
 * when the card ran issuer scripts, their results (0620), both with the
 * chip data `iccData` (DE55: the TC, 9F27, 9F36, 9F10, 95, 9B, 9F5B...;
 * no track or PIN data, no PAN).
 */
export interface ChipAdviceRecord {
  stan: number;
  /** the record also completes the approval (the terminal writes one record for both) */
  completes: boolean;
  /** the TC upload is still to be sent */
  tcUpload: boolean;
  /** the script results are still to be sent */
  scriptResult: boolean;
  iccData: Uint8Array;
}

/** The two advices of a chip sale, as the delivered record names them. */
export type ChipAdviceKind = "tcUpload" | "scriptResult";
export const CHIP_ADVICE_KINDS: readonly ChipAdviceKind[] = ["tcUpload", "scriptResult"];

/** The longest chip data a chip advice record keeps (the kernel's DE55 is about 200 bytes). */
export const CHIP_ADVICE_MAX_DATA = 400;
/** Bytes of a chip advice record before its chip data. */
export const CHIP_ADVICE_HEADER = 4;
const CHIP_COMPLETES = 1;
const CHIP_TC_UPLOAD = 2;
const CHIP_SCRIPT_RESULT = 4;

/** A decoded transaction record. */
export type TransactionRecord =
  | ({ type: "intent" } & IntentRecord)
  | { type: "sent"; stan: number }
  | ({ type: "answered" } & AnswerRecord)
  | { type: "completed"; stan: number }
  | { type: "reversalQueued"; stan: number; reason: string }
  | { type: "reversalAnswered"; stan: number; responseCode: string }
  | { type: "adviceQueued"; stan: number; authCode: string }
  | { type: "adviceDelivered"; stan: number }
  | { type: "voided"; stan: number; originalStan: number }
  | ({ type: "settled" } & SettledRecord)
  | ({ type: "counters" } & CountersRecord)
  | ({ type: "print" } & PrintRecord)
  | ({ type: "reportJob" } & ReportJobRecord)
  | ({ type: "chipAdvice" } & ChipAdviceRecord)
  | { type: "chipAdviceDelivered"; stan: number; advice: ChipAdviceKind }
  | { type: "delivered"; marks: DeliveryMark[]; record: TransactionRecord | undefined };

/** Bytes of an intent before its sealed card data. */
export const INTENT_SIZE = 35;
const FLAG_SEALED = 1;
/** intent flag: sealed card data ends the intent (a row keeps where that intent is on the flash) */
export const INTENT_SEALED = FLAG_SEALED;
const FLAG_COMPLETE_ON_POWER_LOSS = 2;
/** intent flags: the advice is queued in this record, the authorization code (6) after the 35 bytes */
export const INTENT_ADVICE = 4;
/** intent flags: a receipt part follows (its length 2, then the receipt record's bytes), before any sealed card data */
export const INTENT_RECEIPT = 8;
/** The flags a transaction's row keeps of its intent: its parts stay on the flash. */
export const INTENT_ROW_FLAGS = FLAG_SEALED | FLAG_COMPLETE_ON_POWER_LOSS;
const ANSWER_APPROVED = 1;
const ANSWER_COMPLETED = 2;
/** answered record flags: a chip advice part follows the 24 bytes */
export const ANSWER_CHIP = 4;
/** answered record flags: the receipt record's bytes end the record */
export const ANSWER_RECEIPT = 8;
const SETTLED_BALANCED = 1;
/** Sealed card data: a 16-byte IV, then whole AES blocks. */
const SEALED_MIN = 32;

/** Fixed payload lengths of the records other than the intent. */
export const RECORD_LENGTHS = {
  sent: 3,
  answered: 24,
  completed: 3,
  reversalQueued: 5,
  reversalAnswered: 5,
  adviceQueued: 9,
  adviceDelivered: 3,
  voided: 6,
  settled: 29,
  counters: 9,
  print: 5,
  chipAdviceDelivered: 4,
  reportJob: 5,
} as const;

function bad(what: string): never {
  throw new TransactionError("TX_INPUT", what);
}

function checkCounter(name: string, value: number, zeroAllowed = false): void {
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1) || value > COUNTER_MODULUS) bad(`${name} ${value} is not a number 1-${COUNTER_MODULUS}`);
}

function checkUint(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) bad(`${name} ${value} is not a whole number 0-${max}`);
}

function checkCode(name: string, value: string, size: number, exact = false): void {
  if (typeof value !== "string" || value.length > size || (exact && value.length !== size) || !isPrintableAscii(value)) {
    bad(`${name} must be ${exact ? "" : "up to "}${size} printable characters`);
  }
}

/**
 * Checks which parts an intent may carry: only an offline approval (an
 * `offline` sale, or an offline `preauthCompletion`) queues its advice in
 * its intent, and the receipt rides only with the advice.
 * @throws TransactionError `TX_INPUT`
 */
export function checkIntentParts(kind: TransactionKind, advice: boolean, receipt: boolean): void {
  if (advice && kind !== "offline" && kind !== "preauthCompletion") bad("only an offline approval queues its advice in its intent");
  if (receipt && !advice) bad("an intent carries its receipt only with its advice");
}

/** A receipt part: a receipt record (receipt-record.ts) of the record's own STAN, at most `maxLength` bytes. */
function checkReceiptPart(receipt: Uint8Array, stan: number, maxLength: number): void {
  if (!(receipt instanceof Uint8Array) || receipt.length < 5 || receipt.length > maxLength || getUint(receipt, 0, 3) !== stan) bad("the receipt part is a receipt record of the same STAN");
}

/** Chip data an advice carries: 1 to {@link CHIP_ADVICE_MAX_DATA} bytes. */
function checkChipData(iccData: Uint8Array): void {
  if (!(iccData instanceof Uint8Array) || iccData.length < 1 || iccData.length > CHIP_ADVICE_MAX_DATA) bad(`chip data is 1-${CHIP_ADVICE_MAX_DATA} bytes`);
}

function isStarCode(code: number): boolean {
  return code === 0x2a;
}

/**
 * The digits a truncated PAN shows: its first six, then `*`s, then its
 * last four or none; undefined when it is not of that form.
 */
function shownDigits(truncated: string): { first: string; last: string } | undefined {
  if (typeof truncated !== "string" || spanOf(truncated, isDigitCode) < 6) return undefined;
  const stars = spanOf(truncated, isStarCode, 6);
  const end = spanOf(truncated, isDigitCode, stars);
  if (end !== truncated.length || (end - stars !== 0 && end - stars !== 4)) return undefined;
  return { first: truncated.slice(0, 6), last: truncated.slice(stars) };
}

/**
 * The PAN as the journal keeps it: the first six and the last four
 * digits, `*` for the rest (PCI DSS 3.4 truncation). A PAN shorter than 13
 * digits keeps its first six only, so that at least six stay hidden.
 * @throws TransactionError `TX_INPUT` unless `pan` is 8-19 digits
 */
export function truncatePan(pan: string): string {
  if (!isDigits(pan, 8, 19)) bad("a PAN is 8-19 digits");
  return pan.length >= 13 ? pan.slice(0, 6) + "*".repeat(pan.length - 10) + pan.slice(-4) : pan.slice(0, 6) + "*".repeat(pan.length - 6);
}

/** Encodes an intent; throws `TX_INPUT` on a field out of range. */
export function encodeIntent(r: IntentRecord): Uint8Array {
  const kind = KINDS.indexOf(r.kind);
  if (kind < 0) bad(`unknown transaction kind ${String(r.kind)}`);
  checkCounter("STAN", r.stan);
  checkCounter("invoice", r.invoice, true);
  checkCounter("batch", r.batch);
  checkUint("amount", r.amountMinor, MAX_AMOUNT);
  checkUint("currency", r.currency, 999);
  checkUint("time", r.utcSeconds, 0xffffffff);
  const quarters = Math.round(r.offsetMinutes / 15);
  if (!Number.isFinite(quarters) || quarters < -64 || quarters > 64) bad(`a time-zone offset of ${r.offsetMinutes} minutes`);
  const entry = r.entry === undefined ? 0 : ENTRY_MODES.indexOf(r.entry) + 1;
  if (entry < 0 || (r.entry !== undefined && entry === 0)) bad(`unknown entry mode ${String(r.entry)}`);
  const scheme = SCHEMES.indexOf(r.scheme);
  checkCounter("original STAN", r.originalStan, true);
  let panLength = 0;
  let first = "";
  let last = "";
  if (r.truncatedPan !== "") {
    const shown = shownDigits(r.truncatedPan);
    if (!shown || r.truncatedPan.length > 19 || (shown.last !== "" && r.truncatedPan.length < 13)) bad("a truncated PAN keeps at most its first six and last four digits");
    panLength = r.truncatedPan.length;
    first = shown.first;
    last = shown.last;
  }
  const sealed = r.sealed;
  if (sealed && (!(sealed instanceof Uint8Array) || sealed.length < SEALED_MIN || sealed.length % 16 !== 0)) bad("sealed card data is an IV and whole AES blocks");
  const advice = r.adviceAuthCode;
  const receipt = r.receipt;
  checkIntentParts(r.kind, advice !== undefined, receipt !== undefined);
  if (advice !== undefined) checkCode("authorization code", advice, 6);
  // its length is a 2-byte field
  if (receipt !== undefined) checkReceiptPart(receipt, r.stan, 0xffff);
  const receiptAt = INTENT_SIZE + (advice !== undefined ? 6 : 0);
  const sealedAt = receiptAt + (receipt ? 2 + receipt.length : 0);
  const out = new Uint8Array(sealedAt + (sealed?.length ?? 0)).fill(0xff, 27, 32);
  out[0] = kind + 1;
  out[1] = (sealed ? FLAG_SEALED : 0) | (r.completeOnPowerLoss ? FLAG_COMPLETE_ON_POWER_LOSS : 0) | (advice !== undefined ? INTENT_ADVICE : 0) | (receipt ? INTENT_RECEIPT : 0);
  putUint(out, 2, 3, r.stan);
  putUint(out, 5, 3, r.invoice);
  putUint(out, 8, 3, r.batch);
  putUint(out, 11, 6, r.amountMinor);
  putUint(out, 17, 2, r.currency);
  putUint(out, 19, 4, r.utcSeconds);
  out[23] = quarters & 0xff;
  out[24] = entry;
  out[25] = Math.max(0, scheme);
  out[26] = panLength;
  if (first) putBcd(out, 27, first);
  if (last) putBcd(out, 30, last);
  putUint(out, 32, 3, r.originalStan);
  if (advice !== undefined) putAscii(out, INTENT_SIZE, 6, advice);
  if (receipt) {
    putUint(out, receiptAt, 2, receipt.length);
    out.set(receipt, receiptAt + 2);
  }
  if (sealed) out.set(sealed, sealedAt);
  return out;
}

/**
 * Where an intent's sealed card data starts: after the 35 bytes, the
 * advice's authorization code and the receipt part (flags 04 and 08).
 * Reads in place; the layout is checked by {@link checkIntent}.
 */
export function intentSealedAt(p: Uint8Array): number {
  const flags = p[1];
  if ((flags & (INTENT_ADVICE | INTENT_RECEIPT)) === 0) return INTENT_SIZE;
  const receiptAt = INTENT_SIZE + (flags & INTENT_ADVICE ? 6 : 0);
  return flags & INTENT_RECEIPT ? receiptAt + 2 + (p[receiptAt] | (p[receiptAt + 1] << 8)) : receiptAt;
}

export function encodeAnswer(r: AnswerRecord): Uint8Array {
  checkCounter("STAN", r.stan);
  checkCode("response code", r.responseCode, 2, true);
  checkCode("authorization code", r.authCode, 6);
  checkCode("RRN", r.rrn, 12);
  if (r.completed && !r.approved) bad("only an approval can be completed");
  const chip = r.chipAdvice;
  if (chip) {
    if (!r.completed) bad("chip advices are queued with the completion");
    checkChipData(chip.iccData);
    if (!chip.tcUpload && !chip.scriptResult) bad("a chip advice sends a TC upload, script results or both");
  }
  const receipt = r.receipt;
  // it ends the record: no length field limits it
  if (receipt !== undefined) checkReceiptPart(receipt, r.stan, Infinity);
  const chipLength = chip ? 3 + chip.iccData.length : 0;
  const out = new Uint8Array(RECORD_LENGTHS.answered + chipLength + (receipt?.length ?? 0));
  putUint(out, 0, 3, r.stan);
  out[3] = (r.approved ? ANSWER_APPROVED : 0) | (r.completed ? ANSWER_COMPLETED : 0) | (chip ? ANSWER_CHIP : 0) | (receipt ? ANSWER_RECEIPT : 0);
  putAscii(out, 4, 2, r.responseCode);
  putAscii(out, 6, 6, r.authCode);
  putAscii(out, 12, 12, r.rrn);
  if (chip) {
    out[24] = (chip.tcUpload ? CHIP_TC_UPLOAD : 0) | (chip.scriptResult ? CHIP_SCRIPT_RESULT : 0);
    putUint(out, 25, 2, chip.iccData.length);
    out.set(chip.iccData, 27);
  }
  if (receipt) out.set(receipt, RECORD_LENGTHS.answered + chipLength);
  return out;
}

/**
 * Where the parts of an answered record sit: the chip advice's flags
 * (0 when none), its chip data, and the receipt bytes (`receiptAt` =
 * the length when none). Reads in place, nothing copied.
 * @throws TransactionError `TX_RECORD` when the parts do not add up
 */
export function answerParts(type: number, p: Uint8Array): { chipFlags: number; chipAt: number; chipLength: number; receiptAt: number } {
  const base = RECORD_LENGTHS.answered;
  if (p.length < base) damaged(type, `${p.length} bytes, an answer has ${base} or more`);
  const flags = p[3];
  if ((flags & ~(ANSWER_APPROVED | ANSWER_COMPLETED | ANSWER_CHIP | ANSWER_RECEIPT)) !== 0) damaged(type, `flags ${flags}`);
  let at = base;
  let chipFlags = 0;
  let chipLength = 0;
  if (flags & ANSWER_CHIP) {
    if (p.length < base + 4 || (flags & ANSWER_COMPLETED) === 0) damaged(type, "a chip advice part without its completion or its bytes");
    chipFlags = p[base];
    chipLength = p[base + 1] | (p[base + 2] << 8);
    if ((chipFlags & ~(CHIP_TC_UPLOAD | CHIP_SCRIPT_RESULT)) !== 0 || chipFlags === 0 || chipLength < 1 || chipLength > CHIP_ADVICE_MAX_DATA || base + 3 + chipLength > p.length) damaged(type, "a chip advice part out of range");
    at = base + 3 + chipLength;
  }
  if ((flags & ANSWER_RECEIPT) === 0 ? at !== p.length : at + 5 > p.length) damaged(type, "bytes that belong to no part");
  return { chipFlags, chipAt: base + 3, chipLength, receiptAt: at };
}

/** A record that names one transaction by STAN, and optionally a short code after it. */
export function encodeStep(stan: number, code?: string, size = 2): Uint8Array {
  checkCounter("STAN", stan);
  if (code !== undefined) checkCode("code", code, size, size === 2);
  const out = new Uint8Array(code === undefined ? 3 : 3 + size);
  putUint(out, 0, 3, stan);
  if (code !== undefined) putAscii(out, 3, size, code);
  return out;
}

export function encodeVoided(stan: number, originalStan: number): Uint8Array {
  checkCounter("STAN", stan);
  checkCounter("original STAN", originalStan);
  const out = new Uint8Array(RECORD_LENGTHS.voided);
  putUint(out, 0, 3, stan);
  putUint(out, 3, 3, originalStan);
  return out;
}

export function encodeSettled(r: SettledRecord): Uint8Array {
  checkCounter("batch", r.batch);
  checkUint("uploaded", r.uploaded, 0xffffff);
  checkUint("debit count", r.debits, 0xffffff);
  checkUint("credit count", r.credits, 0xffffff);
  checkUint("debit amount", r.debitsMinor, 2 ** 48 - 1);
  checkUint("credit amount", r.creditsMinor, 2 ** 48 - 1);
  checkUint("time", r.utcSeconds, 0xffffffff);
  const out = new Uint8Array(RECORD_LENGTHS.settled);
  putUint(out, 0, 3, r.batch);
  out[3] = r.balanced ? SETTLED_BALANCED : 0;
  putUint(out, 4, 3, r.uploaded);
  putUint(out, 7, 3, r.debits);
  putUint(out, 10, 6, r.debitsMinor);
  putUint(out, 16, 3, r.credits);
  putUint(out, 19, 6, r.creditsMinor);
  putUint(out, 25, 4, r.utcSeconds);
  return r.breakdown ? withBreakdown(out, r.breakdown) : out;
}

/** The settled record's fixed part followed by its breakdown. */
function withBreakdown(fixedPart: Uint8Array, b: SettledBreakdown): Uint8Array {
  const kinds = KINDS.filter((k) => b.byType[k].count > 0 || b.byType[k].amountMinor > 0);
  const schemes = Object.keys(b.byScheme) as Scheme[];
  const out = new Uint8Array(fixedPart.length + 2 + kinds.length * BREAKDOWN_KIND + schemes.length * BREAKDOWN_SCHEME);
  out.set(fixedPart);
  // the kinds present, one bit each, then each one's tally
  const presentAt = fixedPart.length;
  let at = presentAt + 1;
  for (let i = 0; i < kinds.length; i++) {
    const k = kinds[i];
    const t = b.byType[k];
    checkUint(`${k} count`, t.count, 0xffffff);
    checkUint(`${k} amount`, t.amountMinor, 2 ** 48 - 1);
    out[presentAt] |= 1 << KINDS.indexOf(k);
    putUint(out, at, 3, t.count);
    putUint(out, at + 3, 6, t.amountMinor);
    at += BREAKDOWN_KIND;
  }
  out[at++] = schemes.length;
  for (let i = 0; i < schemes.length; i++) {
    const s = schemes[i];
    const code = SCHEMES.indexOf(s);
    if (code < 0) bad(`scheme ${s} has no code`);
    const t = b.byScheme[s]!;
    checkUint(`${s} debit count`, t.debits, 0xffffff);
    checkUint(`${s} credit count`, t.credits, 0xffffff);
    checkUint(`${s} debit amount`, t.debitsMinor, 2 ** 48 - 1);
    checkUint(`${s} credit amount`, t.creditsMinor, 2 ** 48 - 1);
    out[at] = code;
    putUint(out, at + 1, 3, t.debits);
    putUint(out, at + 4, 6, t.debitsMinor);
    putUint(out, at + 10, 3, t.credits);
    putUint(out, at + 13, 6, t.creditsMinor);
    at += BREAKDOWN_SCHEME;
  }
  return out;
}

/** The breakdown after a settled record's fixed part; undefined when there is none. */
function breakdownAt(type: number, p: Uint8Array, from: number): SettledBreakdown | undefined {
  if (p.length === from) return undefined;
  const byType = {} as Record<TransactionKind, Tally>;
  const present = p[from];
  let at = from + 1;
  for (let i = 0; i < KINDS.length; i++) {
    // a kind left out had nothing
    let tally: Tally = { count: 0, amountMinor: 0 };
    if (present & (1 << i)) {
      if (at + BREAKDOWN_KIND > p.length) damaged(type, "breakdown cut short");
      tally = { count: getUint(p, at, 3), amountMinor: getUint(p, at + 3, 6) };
      at += BREAKDOWN_KIND;
    }
    byType[KINDS[i]] = tally;
  }
  if (at >= p.length) damaged(type, "breakdown cut short");
  const schemes = p[at++];
  if (at + schemes * BREAKDOWN_SCHEME !== p.length) damaged(type, `breakdown of ${p.length - from} bytes does not hold ${schemes} schemes`);
  const byScheme: Partial<Record<Scheme, SettlementTotals>> = {};
  for (let i = 0; i < schemes; i++, at += BREAKDOWN_SCHEME) {
    const scheme = SCHEMES[p[at]];
    if (scheme === undefined || byScheme[scheme]) damaged(type, `scheme code ${p[at]} unknown or twice`);
    byScheme[scheme] = { debits: getUint(p, at + 1, 3), debitsMinor: getUint(p, at + 4, 6), credits: getUint(p, at + 10, 3), creditsMinor: getUint(p, at + 13, 6) };
  }
  return { byType, byScheme };
}

export function encodeCounters(r: CountersRecord): Uint8Array {
  checkCounter("STAN", r.stan, true);
  checkCounter("invoice", r.invoice, true);
  checkCounter("batch", r.batch);
  const out = new Uint8Array(RECORD_LENGTHS.counters);
  putUint(out, 0, 3, r.stan);
  putUint(out, 3, 3, r.invoice);
  putUint(out, 6, 3, r.batch);
  return out;
}

/** Encodes a print-job record: STAN, then one byte per copy (merchant, customer), the index in {@link PRINT_STATES}. */
export function encodePrint(r: PrintRecord): Uint8Array {
  checkCounter("STAN", r.stan);
  const m = PRINT_STATES.indexOf(r.merchant);
  const c = PRINT_STATES.indexOf(r.customer);
  if (m < 0 || c < 0) bad(`unknown print state ${String(m < 0 ? r.merchant : r.customer)}`);
  const out = new Uint8Array(RECORD_LENGTHS.print);
  putUint(out, 0, 3, r.stan);
  out[3] = m;
  out[4] = c;
  return out;
}

/** Encodes a report job record: report (1: 1 totals, 2 settlement), state (1, the index in {@link PRINT_STATES}), batch (3). */
export function encodeReportJob(r: ReportJobRecord): Uint8Array {
  const report = REPORTS.indexOf(r.report);
  const state = PRINT_STATES.indexOf(r.state);
  if (report < 0) bad(`unknown report ${String(r.report)}`);
  if (state < 0) bad(`unknown print state ${String(r.state)}`);
  checkCounter("batch", r.batch);
  const out = new Uint8Array(RECORD_LENGTHS.reportJob);
  out[0] = report + 1;
  out[1] = state;
  putUint(out, 2, 3, r.batch);
  return out;
}

/**
 * Encodes a chip advice record: STAN (3), flags (1: 01 completes the
 * approval, 02 TC upload to send, 04 script results to send), the chip
 * data (1 to {@link CHIP_ADVICE_MAX_DATA} bytes).
 * @throws TransactionError `TX_INPUT` on a STAN out of range, chip data
 *   missing or too long, or no advice to send
 */
export function encodeChipAdvice(r: ChipAdviceRecord): Uint8Array {
  checkCounter("STAN", r.stan);
  checkChipData(r.iccData);
  if (!r.tcUpload && !r.scriptResult) bad("a chip advice record sends a TC upload, script results or both");
  const out = new Uint8Array(CHIP_ADVICE_HEADER + r.iccData.length);
  putUint(out, 0, 3, r.stan);
  out[3] = (r.completes ? CHIP_COMPLETES : 0) | (r.tcUpload ? CHIP_TC_UPLOAD : 0) | (r.scriptResult ? CHIP_SCRIPT_RESULT : 0);
  out.set(r.iccData, CHIP_ADVICE_HEADER);
  return out;
}

/** Encodes the record that one chip advice of a transaction was answered: STAN (3), which (1: 1 TC upload, 2 script results). */
export function encodeChipAdviceDelivered(stan: number, advice: ChipAdviceKind): Uint8Array {
  checkCounter("STAN", stan);
  const which = CHIP_ADVICE_KINDS.indexOf(advice);
  if (which < 0) bad(`unknown chip advice ${String(advice)}`);
  const out = new Uint8Array(RECORD_LENGTHS.chipAdviceDelivered);
  putUint(out, 0, 3, stan);
  out[3] = which + 1;
  return out;
}

/** A chip advice the host answered, as a {@link TX_TYPE.delivered} record names it. */
export interface DeliveryMark {
  stan: number;
  advice: ChipAdviceKind;
}

/** The most marks one record carries: the STANs a batch can hold pending are far fewer. */
export const MAX_DELIVERY_MARKS = 255;
/** Bytes a record carrying `marks` delivery marks takes beyond its own payload: the count, 4 per mark, the record's type. */
export const deliveredOverhead = (marks: number): number => 2 + 4 * marks;

/**
 * Encodes a record that carries delivery marks: their count (1), each
 * mark's STAN (3) and advice (1: 1 TC upload, 2 script results), then the
 * carried record's type (1) and payload.
 * @throws TransactionError `TX_INPUT` on no marks or over {@link MAX_DELIVERY_MARKS}, a STAN out of range, an unknown advice or type
 */
export function encodeDelivered(marks: readonly DeliveryMark[], type: number, payload: Uint8Array): Uint8Array {
  if (marks.length < 1 || marks.length > MAX_DELIVERY_MARKS) bad(`a record carries 1-${MAX_DELIVERY_MARKS} delivery marks, not ${marks.length}`);
  if (!Number.isInteger(type) || type < TX_TYPE.intent || type > TX_TYPE.reportJob) bad(`record type ${type} cannot carry delivery marks`);
  const out = new Uint8Array(deliveredOverhead(marks.length) + payload.length);
  out[0] = marks.length;
  marks.forEach((m, k) => out.set(encodeChipAdviceDelivered(m.stan, m.advice), 1 + 4 * k));
  out[1 + 4 * marks.length] = type;
  out.set(payload, deliveredOverhead(marks.length));
  return out;
}

/**
 * Where a delivered record's carried record starts (its type byte; its
 * payload follows), checking the marks' layout.
 * @throws TransactionError `TX_RECORD`
 */
export function deliveredInnerAt(p: Uint8Array): number {
  const count = p.length > 0 ? p[0] : 0;
  const at = 1 + 4 * count;
  if (count < 1 || at >= p.length) damaged(TX_TYPE.delivered, "delivery marks cut short");
  for (let k = 0; k < count; k++) {
    stanAt(TX_TYPE.delivered, p, 1 + 4 * k);
    const which = p[4 + 4 * k];
    if (which !== 1 && which !== 2) damaged(TX_TYPE.delivered, `unknown chip advice ${which}`);
  }
  return at;
}

/**
 * Checks a chip advice payload's layout (recovery reads it straight from its bytes).
 * @throws TransactionError `TX_RECORD`
 */
export function checkChipAdvice(type: number, p: Uint8Array): void {
  if (p.length <= CHIP_ADVICE_HEADER || p.length > CHIP_ADVICE_HEADER + CHIP_ADVICE_MAX_DATA) damaged(type, `${p.length} bytes, a chip advice has ${CHIP_ADVICE_HEADER + 1}-${CHIP_ADVICE_HEADER + CHIP_ADVICE_MAX_DATA}`);
  stanAt(type, p);
  if ((p[3] & ~(CHIP_COMPLETES | CHIP_TC_UPLOAD | CHIP_SCRIPT_RESULT)) !== 0 || (p[3] & (CHIP_TC_UPLOAD | CHIP_SCRIPT_RESULT)) === 0) damaged(type, `flags ${p[3]}`);
}

function damaged(type: number, why: string): never {
  throw new TransactionError("TX_RECORD", `transaction record of type ${type}: ${why}`);
}

function stanAt(type: number, p: Uint8Array, at = 0): number {
  const stan = getUint(p, at, 3);
  if (stan < 1 || stan > COUNTER_MODULUS) damaged(type, `STAN ${stan} out of range`);
  return stan;
}

function codeAt(type: number, p: Uint8Array, at: number, size: number): string {
  if (!isPrintable(p, at, size)) damaged(type, "a code that is not printable ASCII");
  return getAscii(p, at, size);
}

/**
 * Checks an intent payload against its layout without building anything
 * (recovery reads thousands of them at boot).
 * @throws TransactionError `TX_RECORD`
 */
export function checkIntent(type: number, p: Uint8Array): void {
  if (p.length < INTENT_SIZE) damaged(type, `${p.length} bytes, an intent has ${INTENT_SIZE} or more`);
  const flags = p[1];
  if (p[0] < 1 || p[0] > KINDS.length) damaged(type, `unknown kind ${p[0]}`);
  let sealedAt = INTENT_SIZE;
  if (flags & ~(FLAG_SEALED | FLAG_COMPLETE_ON_POWER_LOSS)) {
    // an offline approval's advice and receipt parts
    if (flags & ~(FLAG_SEALED | FLAG_COMPLETE_ON_POWER_LOSS | INTENT_ADVICE | INTENT_RECEIPT) || (flags & INTENT_ADVICE) === 0) damaged(type, `flags ${flags}`);
    const kind = KINDS[p[0] - 1];
    if (kind !== "offline" && kind !== "preauthCompletion") damaged(type, "an advice queued in the intent of a transaction that is no offline approval");
    if (p.length < INTENT_SIZE + 6 || !isPrintable(p, INTENT_SIZE, 6)) damaged(type, "an advice part without its authorization code");
    sealedAt = INTENT_SIZE + 6;
    if (flags & INTENT_RECEIPT) {
      const length = p.length < sealedAt + 2 ? 0 : p[sealedAt] | (p[sealedAt + 1] << 8);
      if (length < 5 || sealedAt + 2 + length > p.length) damaged(type, "a receipt part out of range");
      sealedAt += 2 + length;
    }
  }
  const sealedLength = p.length - sealedAt;
  if ((flags & FLAG_SEALED) === 0 ? sealedLength !== 0 : sealedLength < SEALED_MIN || sealedLength % 16 !== 0) damaged(type, "sealed card data of the wrong length");
  if (p[24] > ENTRY_MODES.length) damaged(type, `unknown entry mode ${p[24]}`);
  const panLength = p[26];
  if (panLength !== 0) {
    if (panLength < 8 || panLength > 19) damaged(type, `a PAN of ${panLength} digits`);
    // the first six digits (bytes 27-29) and, from 13 digits on, the last four (30-31), every nibble 0-9: a nibble
    // over 9 carries into bit 4 when 6 is added to it (in place: a boot checks every intent, and XS pays per operation)
    const w = p[27] | (p[28] << 8) | (p[29] << 16) | (panLength >= 13 ? (p[30] << 24) : 0);
    const v = panLength >= 13 ? p[31] : 0;
    if ((((w & 0x0f0f0f0f) + 0x06060606) | (((w >>> 4) & 0x0f0f0f0f) + 0x06060606)) & 0x10101010 || ((v & 15) + 6) & 16 || ((v >> 4) + 6) & 16) damaged(type, "a truncated PAN that is not BCD");
  }
  // inline reads: recovery runs this for every intent of the batch
  const stan = p[2] | (p[3] << 8) | (p[4] << 16);
  const invoice = p[5] | (p[6] << 8) | (p[7] << 16);
  const batch = p[8] | (p[9] << 8) | (p[10] << 16);
  const original = p[32] | (p[33] << 8) | (p[34] << 16);
  if (stan < 1 || stan > COUNTER_MODULUS || batch < 1 || batch > COUNTER_MODULUS || invoice > COUNTER_MODULUS || original > COUNTER_MODULUS) damaged(type, "counter out of range");
  // amounts up to 999 999 999 999 (< 2^40): bytes 16 and 15 of the 6-byte field stay 0, byte 15 at most E8
  if (p[16] !== 0 || p[15] > 0xe8 || (p[15] === 0xe8 && getUint(p, 11, 6) > MAX_AMOUNT) || (p[17] | (p[18] << 8)) > 999) damaged(type, "amount or currency out of range");
}

/**
 * Decodes an intent payload, its layout checked.
 * @throws TransactionError `TX_RECORD`
 */
export function decodeIntent(type: number, p: Uint8Array): IntentRecord {
  checkIntent(type, p);
  const entry = p[24] === 0 ? undefined : ENTRY_MODES[p[24] - 1];
  const panLength = p[26];
  let truncatedPan = "";
  if (panLength !== 0) {
    const last = panLength >= 13 ? getBcd(p, 30, 4)! : "";
    truncatedPan = getBcd(p, 27, 6)! + "*".repeat(panLength - 6 - last.length) + last;
  }
  const record: IntentRecord = {
    kind: KINDS[p[0] - 1],
    stan: getUint(p, 2, 3),
    invoice: getUint(p, 5, 3),
    batch: getUint(p, 8, 3),
    amountMinor: getUint(p, 11, 6),
    currency: getUint(p, 17, 2),
    utcSeconds: getUint(p, 19, 4),
    offsetMinutes: ((p[23] << 24) >> 24) * 15,
    ...(entry ? { entry } : {}),
    scheme: SCHEMES[p[25]] ?? "unknown",
    truncatedPan,
    originalStan: getUint(p, 32, 3),
    completeOnPowerLoss: (p[1] & FLAG_COMPLETE_ON_POWER_LOSS) !== 0,
  };
  const sealedAt = intentSealedAt(p);
  if (p[1] & INTENT_ADVICE) record.adviceAuthCode = getAscii(p, INTENT_SIZE, 6);
  if (p[1] & INTENT_RECEIPT) record.receipt = p.slice(INTENT_SIZE + 8, sealedAt);
  if (p.length > sealedAt) record.sealed = p.slice(sealedAt);
  return record;
}

function checkLength(type: number, p: Uint8Array, length: number): void {
  if (p.length !== length) damaged(type, `${p.length} bytes, not ${length}`);
}

// Recovery and the views decode these types one by one (and the intent with decodeIntent): a program that
// decodes nothing else leaves decodeTransactionRecord and its other types out of its bundle.

/**
 * Decodes a settled record's payload (`type`: its record type, for the error).
 * @throws TransactionError `TX_RECORD` when the payload does not have its layout
 */
export function decodeSettled(type: number, p: Uint8Array): SettledRecord {
  if (p.length < RECORD_LENGTHS.settled || p.length > SETTLED_MAX_LENGTH) damaged(type, `${p.length} bytes, not ${RECORD_LENGTHS.settled}-${SETTLED_MAX_LENGTH}`);
  const breakdown = breakdownAt(type, p, RECORD_LENGTHS.settled);
  return {
    batch: stanAt(type, p),
    balanced: (p[3] & SETTLED_BALANCED) !== 0,
    uploaded: getUint(p, 4, 3),
    debits: getUint(p, 7, 3),
    debitsMinor: getUint(p, 10, 6),
    credits: getUint(p, 16, 3),
    creditsMinor: getUint(p, 19, 6),
    utcSeconds: getUint(p, 25, 4),
    ...(breakdown ? { breakdown } : {}),
  };
}

/**
 * Decodes a counters record's payload.
 * @throws TransactionError `TX_RECORD` when the payload does not have its layout
 */
export function decodeCounters(type: number, p: Uint8Array): CountersRecord {
  checkLength(type, p, RECORD_LENGTHS.counters);
  const stan = getUint(p, 0, 3);
  const invoice = getUint(p, 3, 3);
  if (stan > COUNTER_MODULUS || invoice > COUNTER_MODULUS) damaged(type, "counter out of range");
  return { stan, invoice, batch: stanAt(type, p, 6) };
}

/**
 * Decodes a report job record's payload.
 * @throws TransactionError `TX_RECORD` when the payload does not have its layout
 */
export function decodeReportJob(type: number, p: Uint8Array): ReportJobRecord {
  checkLength(type, p, RECORD_LENGTHS.reportJob);
  const report = REPORTS[p[0] - 1];
  const state = PRINT_STATES[p[1]];
  if (report === undefined || state === undefined) damaged(type, "unknown report or print state");
  return { report, state, batch: stanAt(type, p, 2) };
}

/**
 * Decodes the payload of a journal record of one of the {@link TX_TYPE}
 * types; undefined for any other type (records this module does not own).
 * @throws TransactionError `TX_RECORD` when the payload does not have the type's layout
 */
export function decodeTransactionRecord(type: number, p: Uint8Array): TransactionRecord | undefined {
  switch (type) {
    case TX_TYPE.intent:
      return { type: "intent", ...decodeIntent(type, p) };
    case TX_TYPE.sent:
      checkLength(type, p, RECORD_LENGTHS.sent);
      return { type: "sent", stan: stanAt(type, p) };
    case TX_TYPE.answered: {
      const parts = answerParts(type, p);
      const answer: TransactionRecord = {
        type: "answered",
        stan: stanAt(type, p),
        approved: (p[3] & ANSWER_APPROVED) !== 0,
        completed: (p[3] & ANSWER_COMPLETED) !== 0,
        responseCode: codeAt(type, p, 4, 2),
        authCode: codeAt(type, p, 6, 6),
        rrn: codeAt(type, p, 12, 12),
      };
      if (parts.chipFlags) {
        answer.chipAdvice = {
          tcUpload: (parts.chipFlags & CHIP_TC_UPLOAD) !== 0,
          scriptResult: (parts.chipFlags & CHIP_SCRIPT_RESULT) !== 0,
          iccData: p.slice(parts.chipAt, parts.chipAt + parts.chipLength),
        };
      }
      if (parts.receiptAt < p.length) answer.receipt = p.slice(parts.receiptAt);
      return answer;
    }
    case TX_TYPE.completed:
      checkLength(type, p, RECORD_LENGTHS.completed);
      return { type: "completed", stan: stanAt(type, p) };
    case TX_TYPE.reversalQueued:
      checkLength(type, p, RECORD_LENGTHS.reversalQueued);
      return { type: "reversalQueued", stan: stanAt(type, p), reason: codeAt(type, p, 3, 2) };
    case TX_TYPE.reversalAnswered:
      checkLength(type, p, RECORD_LENGTHS.reversalAnswered);
      return { type: "reversalAnswered", stan: stanAt(type, p), responseCode: codeAt(type, p, 3, 2) };
    case TX_TYPE.adviceQueued:
      checkLength(type, p, RECORD_LENGTHS.adviceQueued);
      return { type: "adviceQueued", stan: stanAt(type, p), authCode: codeAt(type, p, 3, 6) };
    case TX_TYPE.adviceDelivered:
      checkLength(type, p, RECORD_LENGTHS.adviceDelivered);
      return { type: "adviceDelivered", stan: stanAt(type, p) };
    case TX_TYPE.voided:
      checkLength(type, p, RECORD_LENGTHS.voided);
      return { type: "voided", stan: stanAt(type, p), originalStan: stanAt(type, p, 3) };
    case TX_TYPE.settled:
      return { type: "settled", ...decodeSettled(type, p) };
    case TX_TYPE.counters:
      return { type: "counters", ...decodeCounters(type, p) };
    case TX_TYPE.print: {
      checkLength(type, p, RECORD_LENGTHS.print);
      const merchant = PRINT_STATES[p[3]];
      const customer = PRINT_STATES[p[4]];
      if (merchant === undefined || customer === undefined) damaged(type, "unknown print state");
      return { type: "print", stan: stanAt(type, p), merchant, customer };
    }
    case TX_TYPE.chipAdvice:
      checkChipAdvice(type, p);
      return {
        type: "chipAdvice",
        stan: stanAt(type, p),
        completes: (p[3] & CHIP_COMPLETES) !== 0,
        tcUpload: (p[3] & CHIP_TC_UPLOAD) !== 0,
        scriptResult: (p[3] & CHIP_SCRIPT_RESULT) !== 0,
        iccData: p.slice(CHIP_ADVICE_HEADER),
      };
    case TX_TYPE.reportJob:
      return { type: "reportJob", ...decodeReportJob(type, p) };
    case TX_TYPE.delivered: {
      const at = deliveredInnerAt(p);
      const marks: DeliveryMark[] = [];
      for (let k = 0; k < p[0]; k++) marks.push({ stan: getUint(p, 1 + 4 * k, 3), advice: CHIP_ADVICE_KINDS[p[4 + 4 * k] - 1] });
      const inner = p[at];
      if (inner === TX_TYPE.delivered) damaged(type, "a delivered record inside another");
      return { type: "delivered", marks, record: decodeTransactionRecord(inner, p.subarray(at + 1)) };
    }
    case TX_TYPE.chipAdviceDelivered: {
      checkLength(type, p, RECORD_LENGTHS.chipAdviceDelivered);
      const advice = CHIP_ADVICE_KINDS[p[3] - 1];
      if (advice === undefined) damaged(type, `unknown chip advice ${p[3]}`);
      return { type: "chipAdviceDelivered", stan: stanAt(type, p), advice };
    }
    default:
      return undefined;
  }
}
