import { isCapitalHexDigits, isDigitCode, spanOf } from "../core/chars.ts";
import { toHex, fromHex } from "../core/hex.ts";
import { wipe } from "../core/bytes.ts";
import { isXsposError } from "../core/error.ts";
import type { KeyStore } from "../core/key-store.ts";
import { wallClockIsSet, type Clock, type Log, type WallClock } from "../core/ports.ts";
import { maskPan } from "../card/mask.ts";
import type { Crypto } from "../crypto/port.ts";
import { pack, unpack } from "../iso8583/codec.ts";
import type { Dialect } from "../iso8583/dialect.ts";
import { isoMessage, responseMti, text, bytes, type FieldValue, type IsoMessage } from "../iso8583/message.ts";
import { JournalError } from "../journal/error.ts";
import { nextCounter } from "../journal/counters.ts";
import type { BatchTotals } from "../journal/totals.ts";
import type { TransactionJournal } from "../journal/transaction-journal.ts";
import type { TransactionView } from "../journal/transaction-table.ts";
import type { AnswerRecord } from "../journal/transaction-records.ts";
import type { ReceiptRecord } from "../journal/receipt-record.ts";
import { CHIP_ADVICE_MAX_DATA, type ChipAdviceKind, type EntryMode, type TransactionKind } from "../journal/transaction-records.ts";
import { chipAdviceData } from "./chip-advice.ts";
import { Channel } from "./channel.ts";
import { hostTime, NOT_BEFORE_MS } from "./host-time.ts";
import { UplinkError } from "./error.ts";
import type { LengthHeader } from "./framing.ts";
import { macValid, packWithMac } from "./message-mac.ts";
import { messageTime, transmissionTime } from "./message-time.ts";
import type { Link } from "./ports.ts";
import { responseMeaning } from "./response-codes.ts";

/** Where the acquirer is and how the terminal talks to it. */
export interface AcquirerConfig {
  host: string;
  port: number;
  tls?: boolean;
  dialect: Dialect;
  lengthHeader?: LengthHeader;
  /** DE41, 8 characters */
  terminalId: string;
  /** DE42, 15 characters */
  merchantId: string;
  /** ms; defaults 10 000 and 30 000 */
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** further connection attempts after a failed one (default 1) */
  connectRetries?: number;
  /** China UnionPay-style links: TPDU and application header on every message */
  tpdu?: Uint8Array;
  header?: Uint8Array;
  /** voids carry the sale's PAN in DE2 (UnionPay-style links): sales then keep it sealed in the journal */
  voidCarriesPan?: boolean;
}

/** What the terminal asks the acquirer to authorize. */
export interface AuthorizationRequest {
  /** `preauth`: a pre-authorization (0100), a hold that {@link AcquirerClient.completePreauth} or {@link AcquirerClient.cancelPreauth} closes */
  kind: "sale" | "refund" | "balance" | "preauth";
  amountMinor: number;
  /** ISO 4217 numeric (DE49) */
  currency: string;
  pan: string;
  /** YYMM (DE14) */
  expiry?: string;
  /** track 2 between the sentinels (DE35): goes in this message only */
  track2?: string;
  entry: EntryMode;
  pinBlock?: Uint8Array;
  /** the DUKPT KSN of the PIN block, sent in DE62 */
  ksn?: Uint8Array;
  /** EMV data (DE55) */
  iccData?: Uint8Array;
  /** PAN sequence number (tag 5F34), sent in DE23 */
  panSequence?: string;
  /**
   * The terminal completes an approval itself (a chip card's second
   * GENERATE AC) with {@link AcquirerClient.complete}, or reverses it with
   * {@link AcquirerClient.reverse}; otherwise the client completes it as
   * soon as the host approves.
   */
  deferCompletion?: boolean;
  /** what recovery does with an approval a power cut left uncompleted: reverse it (default) or complete it */
  onPowerLoss?: "reverse" | "complete";
  /**
   * What the receipt prints beyond the other records (receipt-record.ts):
   * an approval completed at once carries it in its answer record, so the
   * receipt job is on the journal with no record of its own.
   */
  receipt?: Omit<ReceiptRecord, "stan">;
}

/** How an exchange with the acquirer ended. */
export interface AuthorizationResult {
  status: "approved" | "declined" | "failed";
  stan: string;
  /** DE39, when the host answered */
  responseCode?: string;
  reason: string;
  prompt: string;
  rrn?: string;
  authCode?: string;
  /** available balance (balance inquiry), minor units */
  balanceMinor?: number;
  /** issuer authentication data and scripts (DE55 of the response), for the EMV kernel */
  issuerData?: Uint8Array;
  /** the receipt number of a financial request (DE60 carries batch and invoice) */
  invoice?: string;
  /** the UplinkError code (or input error code) when status is failed */
  error?: string;
  /** with `error` REVERSAL_PENDING: the code of the queued reversal's or advice's own failure (HOST_MAC, HOST_TIMEOUT...) */
  cause?: string;
  /** a reversal was queued and will be sent before the next financial message */
  reversalQueued?: boolean;
}

/** A reversal or advice that must reach the host before the next financial message. */
export interface PendingMessage {
  /** 0400 reversal, 0220 advice of an offline approval, 0320 TC upload, 0620 issuer script results */
  mti: "0400" | "0220" | "0320" | "0620";
  /** STAN of the transaction it is about */
  originalStan: string;
  reason: string;
}

/** What {@link AcquirerClient.recover} did at boot. */
export interface RecoveryReport {
  /** approvals recovery completed (their intent asked for it) */
  completed: number;
  /** reversals and advices delivered */
  delivered: number;
  /** reversals and advices still waiting for the host */
  pending: number;
}

/** What a settlement did. */
export interface SettlementResult {
  balanced: boolean;
  uploaded: number;
  totals: BatchTotals;
}

/** Options of {@link AcquirerClient}. */
export interface AcquirerClientOptions {
  link: Link;
  clock: Clock;
  /** dates the messages: DE7 in GMT, DE12 and DE13 local */
  wallClock: WallClock;
  crypto: Crypto;
  /** the terminal master key and the MAC key (names `tmk`, `tak`), and the journal's device data key */
  keys: KeyStore;
  /** where every step of every transaction is recorded before and after it happens */
  journal: TransactionJournal;
  log: Log;
  config: AcquirerConfig;
  /** the host asked for a sign-on (its working keys are out of step with the terminal's): the terminal signs on before its next transaction */
  onSignOnRequested?: () => void;
}

const PROCESSING: Record<TransactionKind, string> = {
  sale: "000000",
  offline: "000000",
  refund: "200000",
  balance: "310000",
  void: "020000",
  preauth: "030000",
  preauthCompletion: "000000",
  preauthCancel: "200000",
};
/** China UnionPay-style pre-authorizations: the hold and its cancellation are authorizations (0100), the completion a financial request (0200). */
const AUTHORIZATION_KINDS: readonly TransactionKind[] = ["preauth", "preauthCancel"];
const PREAUTH_KINDS: readonly TransactionKind[] = ["preauth", "preauthCompletion", "preauthCancel"];
/** DE25 POS condition code: 00 normal presentment, 06 pre-authorization request (and what refers to one) */
const conditionOf = (kind: TransactionKind) => (PREAUTH_KINDS.includes(kind) ? "06" : "00");
/** The request MTI of a transaction kind: 0100 for a pre-authorization and its cancellation, else 0200. */
const mtiOf = (kind: TransactionKind) => (AUTHORIZATION_KINDS.includes(kind) ? "0100" : "0200");
const ENTRY: Record<EntryMode, string> = { swipe: "021", fallback: "801", chip: "051", manual: "012" };
const TIMEOUT_REASON = "68";
const MAC_REASON = "A0";
const CARD_DECLINED_REASON = "E1";
const REASONS: Record<string, string> = {
  "68": "no answer",
  A0: "bad MAC on the response",
  E1: "declined by the card after approval",
  "06": "not completed before a power cut",
};
/**
 * Response codes by which a host asks the terminal to sign on again, after
 * China UnionPay's POS response codes: 77 "sign on to the network centre"
 * and A0 "MAC check failed, sign on again" (the host's working keys and the
 * terminal's differ; A0 is also the reversal reason this client gives a bad MAC).
 */
const SIGN_ON_CODES: readonly string[] = ["77", "A0"];
const TMK = "tmk";
const TAK = "tak";
/** DE48 of the sign-on answer: the TAK under the TMK (32 hex digits), then its check value (6) */
const SIGN_ON_KEY_DIGITS = 38;

/**
 * The available balance that DE54's first additional amount gives, in
 * minor units, or undefined when it gives none: account type, amount type
 * 02 (available balance), currency, C (credit), 12 digits. (DE54 is of
 * class ans, which the codec checks, so no position holds a line break.)
 */
function availableBalance(de54: string): number | undefined {
  if (de54.length < 20 || de54[2] !== "0" || de54[3] !== "2" || de54[7] !== "C" || spanOf(de54, isDigitCode, 8) < 20) return undefined;
  return Number(de54.slice(8, 20));
}

const six = (n: number) => String(n).padStart(6, "0");
const NO_OPEN_HOLD = "no open pre-authorization with this STAN";
/** DE4: an amount in minor units, 12 digits. */
const amountField = (minor: number) => String(minor).padStart(12, "0");
/** DE49 from a recorded transaction's currency (the journal keeps it as a number). */
const currencyField = (currency: number) => String(currency).padStart(3, "0");
/** DE38: an authorization code, padded with spaces to its 6 characters. */
const authCodeField = (authCode: string | undefined) => (authCode ?? "").padEnd(6);
/** A set clock further than this from the host's sign-on time is logged (it is not changed: SNTP or the modem set it). */
const DRIFT_LOG_MS = 60_000;

/** What a queued reversal or advice is for, as {@link AcquirerClient.pending} and the log say it. */
function queuedReason(p: TransactionView): string {
  if (p.state === "reversing") return REASONS[p.reversalReason ?? ""] ?? `reason ${p.reversalReason}`;
  return p.kind === "preauthCompletion" ? "offline completion" : "offline approval";
}

/** Each chip advice's MTI, the MTI of its repeat (ISO 8583:1987 message function 1), and what it is called. */
const CHIP_ADVICES: Record<ChipAdviceKind, { mti: "0320" | "0620"; repeat: string; name: string }> = {
  tcUpload: { mti: "0320", repeat: "0321", name: "TC upload" },
  scriptResult: { mti: "0620", repeat: "0621", name: "issuer script results" },
};

/** A chip sale's advices still to send, in the order they go: its TC upload, then its script results. */
function chipAdvicesDue(p: TransactionView): ChipAdviceKind[] {
  const kinds: ChipAdviceKind[] = [];
  if (p.chipAdvice?.tcUpload) kinds.push("tcUpload");
  if (p.chipAdvice?.scriptResult) kinds.push("scriptResult");
  return kinds;
}

/**
 * The fields every message about a recorded transaction carries: its
 * processing code, amount, STAN and condition code, its entry mode when
 * it has one, its currency unless it is a void (DE90 names the sale).
 */
function recordedFields(tx: TransactionView): Record<number, FieldValue> {
  const fields: Record<number, FieldValue> = {
    3: PROCESSING[tx.kind],
    4: amountField(tx.amountMinor),
    11: six(tx.stan),
    25: conditionOf(tx.kind),
  };
  if (tx.entry) fields[22] = ENTRY[tx.entry];
  if (tx.kind !== "void") fields[49] = currencyField(tx.currency);
  return fields;
}

/** DE90: original MTI, STAN, transmission date and time, acquirer and forwarding institution (zeros). */
function originalData(tx: TransactionView): string {
  return mtiOf(tx.kind) + six(tx.stan) + transmissionTime(tx.utcSeconds) + "0".repeat(22);
}

/** DE61 of a completion or cancellation (China UnionPay practice): the pre-authorization's batch, STAN and local date (MMDD). */
function originalReference(tx: TransactionView): string {
  return six(tx.batch) + six(tx.stan) + messageTime(tx.utcSeconds, tx.offsetMinutes)[13];
}

/** The last time known to be right: the journal's newest record, else the firmware's floor. */
function timeReference(journal: TransactionJournal): number {
  let latest = NOT_BEFORE_MS / 1000;
  const settled = journal.lastSettlement;
  if (settled && settled.utcSeconds > latest) latest = settled.utcSeconds;
  const newest = journal.latestUtcSeconds();
  if (newest > latest) latest = newest;
  return latest * 1000;
}

/** The advices' chip data, or undefined (logged) when the card's data has no TC to tell or does not fit a record. */
function adviceData(iccData: Uint8Array, log: Log): { iccData: Uint8Array; scriptResult: boolean } | undefined {
  let advice;
  try {
    advice = chipAdviceData(iccData);
  } catch (e) {
    if (!isXsposError(e)) throw e;
    log.write(`uplink: chip data not BER-TLV (${e.code}): no TC upload`);
    return undefined;
  }
  if (advice.iccData.length === 0 || advice.iccData.length > CHIP_ADVICE_MAX_DATA) {
    log.write(`uplink: chip data of ${advice.iccData.length} bytes: no TC upload`);
    return undefined;
  }
  return advice;
}

/** A request refused before anything is sent: `UPLINK_STATE`. */
function refused(stan: string, reason: string, prompt: string): AuthorizationResult {
  return { status: "failed", stan, reason, prompt, error: "UPLINK_STATE" };
}

/** What a financial request's steps share, from the drain of what is pending to its result. */
interface FinancialStep {
  f: Financial;
  /** the STAN the journal will give its intent, which the request carries */
  expected: number;
  /** its intent's STAN once written; 0 before */
  stan: number;
  invoice: string;
  /** the wall clock as the request was made */
  now: { utcSeconds: number; offsetMinutes: number };
}
/** A request packed to go: its bytes, how its answer is known, the MAC key that signed it (wiped once the answer is checked). */
interface Outgoing {
  bytes: Uint8Array;
  /** the frame that answers the request, once one did */
  matched?: IsoMessage;
  /** true when `bytesIn` answers the request: its MTI, STAN and terminal */
  matches: (bytesIn: Uint8Array) => boolean;
  /** the MTI the answer must carry */
  wanted: string;
  stan: string | undefined;
  key: Uint8Array | undefined;
}

/** How a financial request is recorded and sent. */
interface Financial {
  kind: TransactionKind;
  fields: Record<number, FieldValue>;
  amountMinor: number;
  currency: string;
  entry?: EntryMode;
  pan?: string;
  seal?: boolean;
  /** the transaction a void or a pre-authorization's completion or cancellation refers to */
  original?: TransactionView;
  deferCompletion?: boolean;
  onPowerLoss?: "reverse" | "complete";
  receipt?: Omit<ReceiptRecord, "stan">;
  what: string;
}

/**
 * The terminal's side of the acquirer link: message flows (sign-on with
 * the working-key exchange, sale, refund, balance inquiry, void,
 * reversal, advice, settlement with batch upload, echo), built on the
 * codec and a channel per session, with every step in the transaction
 * journal.
 *
 * Money moves at most once: the intent of every financial request is on
 * the journal before the request leaves, and the journal's views decide
 * what must be reversed or advised; pending reversals and advices go
 * out, and must be answered, before the next financial message.
 * Failures of the host end as results; failures of the journal (a full
 * journal, the flash) are thrown, since nothing can go on without it.
 */
export class AcquirerClient {
  readonly #o: AcquirerClientOptions;
  /** approvals the terminal completes later, their answer held until then (a power cut reverses them from the intent alone) */
  readonly #deferred = new Map<number, Omit<AnswerRecord, "completed" | "receipt" | "chipAdvice">>();
  /**
   * Chip advices (`STAN:kind`) that may have reached the host already: sent
   * once in this run, or queued before the boot (the host may have answered
   * one whose delivery mark a power cut lost). They go again as repeats.
   */
  readonly #sentBefore = new Set<string>();

  constructor(options: AcquirerClientOptions) {
    this.#o = options;
    const pending = options.journal.pending();
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      const kinds = chipAdvicesDue(p);
      for (let k = 0; k < kinds.length; k++) this.#sentBefore.add(`${p.stan}:${kinds[k]}`);
    }
  }

  /** The transaction journal the client writes (views: pending, batch, totals, counters). */
  get journal(): TransactionJournal {
    return this.#o.journal;
  }

  /** Reversals and advices not yet answered, oldest first. */
  get pending(): PendingMessage[] {
    const out: PendingMessage[] = [];
    const pending = this.#o.journal.pending();
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      if (p.state === "reversing" || p.state === "advising") {
        out.push({ mti: p.state === "reversing" ? "0400" : "0220", originalStan: six(p.stan), reason: queuedReason(p) });
        continue;
      }
      const kinds = chipAdvicesDue(p);
      for (let k = 0; k < kinds.length; k++) {
        const advice = CHIP_ADVICES[kinds[k]];
        out.push({ mti: advice.mti, originalStan: six(p.stan), reason: advice.name });
      }
    }
    return out;
  }

  /** Key loading: the terminal master key under which the host sends working keys. */
  loadMasterKey(tmk: Uint8Array): void {
    this.#o.keys.put(TMK, tmk);
  }

  get signedOn(): boolean {
    const tak = this.#o.keys.get(TAK);
    wipe(tak);
    return tak !== undefined;
  }

  /**
   * Boot-time recovery: writes the completions the journal's recovery
   * decided on, then sends the pending reversals and advices (those that
   * cannot be delivered now go before the next financial message).
   */
  async recover(): Promise<RecoveryReport> {
    const completed = this.#o.journal.finishCompletions();
    let delivered = 0;
    try {
      delivered = await this.drainPending();
    } catch (e) {
      if (!(e instanceof UplinkError)) throw e;
      // nothing is on screen at boot: the log says whether the host was silent or refused its answer
      this.#o.log.write(`uplink: recovery left messages queued: ${e.message}`);
    }
    return { completed, delivered, pending: this.#o.journal.pending().length };
  }

  /**
   * Sign-on (0800, DE70 001): the host answers with the terminal
   * authentication key enciphered under the master key and its check
   * value in DE48; the key is checked and stored.
   * @throws UplinkError `HOST_KEY_CHECK` when the key does not match its check value
   */
  async signOn(): Promise<void> {
    const probe = this.#o.keys.get(TMK);
    wipe(probe);
    if (!probe) throw new UplinkError("NOT_SIGNED_ON", "no terminal master key has been loaded");
    await this.#session(async (channel) => {
      const request = this.#message("0800", { 11: six(this.#o.journal.nextStan()), 70: "001" });
      const response = await this.#exchange(channel, this.#outgoing(request, false));
      const code = text(response, 39);
      if (code !== "00") throw new UplinkError("HOST_RESPONSE", `sign-on refused with response code ${code ?? "none"}`);
      this.#takeHostTime(response, request);
      const data = text(response, 48) ?? "";
      if (!isCapitalHexDigits(data, SIGN_ON_KEY_DIGITS, SIGN_ON_KEY_DIGITS)) throw new UplinkError("HOST_RESPONSE", "the sign-on response carries no working key");
      const tmk = this.#o.keys.get(TMK)!;
      let tak: Uint8Array | undefined;
      let kcv: string;
      try {
        tak = this.#o.crypto.blockDecrypt("TDES", "ECB", tmk, fromHex(data.slice(0, 32)));
        kcv = toHex(this.#o.crypto.blockEncrypt("TDES", "ECB", tak, new Uint8Array(8)).subarray(0, 3));
        if (kcv !== data.slice(32)) throw new UplinkError("HOST_KEY_CHECK", "the working key does not match its check value");
        this.#o.keys.put(TAK, tak);
      } finally {
        // every way out, a crypto port that throws included, leaves neither key in memory
        wipe(tmk);
        wipe(tak);
      }
      this.#o.log.write(`uplink: signed on, MAC key check value ${kcv}`);
    });
  }

  /**
   * The acquirer's time in an accepted sign-on answer ({@link hostTime}):
   * it sets a wall clock that is not set (a board that neither SNTP nor
   * the modem reached), whose 1970 date no message may carry; a clock
   * that is set is left alone, its drift from the host's logged past
   * {@link DRIFT_LOG_MS}.
   */
  #takeHostTime(response: IsoMessage, request: IsoMessage): void {
    const wall = this.#o.wallClock;
    const set = wallClockIsSet(wall);
    const host = hostTime(response, request, wall.offsetMinutes(), timeReference(this.#o.journal));
    if (!host) {
      if (!set) this.#o.log.write("uplink: the sign-on answer gives no time (DE12/DE13 or DE7): the clock stays unset");
      return;
    }
    const at = new Date(host.utcMs).toISOString();
    if (!set) {
      if (!wall.set) return void this.#o.log.write("uplink: the clock is not set and cannot be set: the host's time is not taken");
      wall.set(host.utcMs);
      this.#o.log.write(`uplink: clock set from the sign-on answer's ${host.from}: ${at}`);
      return;
    }
    const drift = Math.round((wall.utcMs() - host.utcMs) / 1000);
    if (Math.abs(drift) * 1000 > DRIFT_LOG_MS) this.#o.log.write(`uplink: the clock is ${drift} s off the host's (${host.from} ${at}); left as it is`);
  }

  /** Echo test (0800, DE70 301). */
  async echo(): Promise<boolean> {
    return this.#session(async (channel) => {
      const response = await this.#exchange(channel, this.#outgoing(this.#message("0800", { 11: six(this.#o.journal.nextStan()), 70: "301" }), false));
      return text(response, 39) === "00";
    });
  }

  /**
   * Sale, refund or balance inquiry (0200), or pre-authorization (0100,
   * processing code 03, DE25 06). Never throws for the host's failures:
   * they end as `failed`.
   * @throws JournalError `JOURNAL_FULL` before anything is sent when the
   *   journal needs a settlement first, and any failure of the journal's flash
   */
  authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    // not an async function: its promise would adopt the financial step's for as long as the message is out
    try {
      const fields: Record<number, FieldValue> = {
        2: request.pan,
        3: PROCESSING[request.kind],
        4: amountField(request.amountMinor),
        22: ENTRY[request.entry],
        25: conditionOf(request.kind),
        49: request.currency,
      };
      if (request.expiry) fields[14] = request.expiry;
      if (request.track2) fields[35] = request.track2;
      if (request.pinBlock) fields[52] = request.pinBlock;
      if (request.iccData) fields[55] = request.iccData;
      if (request.panSequence) fields[23] = request.panSequence.padStart(3, "0");
      if (request.ksn) fields[62] = toHex(request.ksn);
      return this.#financial({
        ...request,
        fields,
        seal: request.kind === "sale" && this.#o.config.voidCarriesPan === true,
        what: `${request.kind} ${maskPan(request.pan)}`,
      });
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Completes an approval the terminal deferred (`deferCompletion`): it
   * counts in the batch from now on. `chip`: the chip data after the
   * card's second GENERATE AC gave a TC (the kernel's DE55, with 9B and
   * 8A): the same journal record queues the TC upload (0320) and, when
   * the card ran issuer scripts (9F5B present), their results (0620),
   * sent before the next financial message or by `drainPending`.
   * Chip data that is not BER-TLV, or holds none of the TC's objects,
   * completes with no advice (logged).
   * @throws TransactionError `TX_STATE` when the STAN has no approval awaiting completion
   */
  complete(stan: string, chip?: { iccData: Uint8Array }, receipt?: Omit<ReceiptRecord, "stan">): void {
    const journal = this.#o.journal;
    const n = Number(stan);
    const tx = journal.find(n);
    // only a sale or a pre-authorization has chip advices
    const advice = chip && (tx?.kind === "sale" || tx?.kind === "preauth") ? adviceData(chip.iccData, this.#o.log) : undefined;
    const answer = this.#deferred.get(n);
    if (answer) {
      // the answer held back, the completion, the chip advices and the receipt: one record
      journal.answered({ ...answer, completed: true, chipAdvice: advice && { tcUpload: true, scriptResult: advice.scriptResult, iccData: advice.iccData }, receipt });
      this.#deferred.delete(n);
    } else if (tx?.kind === "void") journal.voided(n);
    else if (advice) journal.completedWithChipAdvice(n, advice);
    else journal.completed(n);
  }

  /**
   * Void of an approved sale, or of a pre-authorization's completion, of
   * the open batch (0200, processing code 02; a completion's void with
   * DE25 06, as China UnionPay's 预授权完成撤销: the issuer holds the
   * amount of the pre-authorization again). `receipt`: as a sale's
   * {@link AuthorizationRequest.receipt}, carried by the answer's record.
   */
  async void(stan: string, options: { receipt?: Omit<ReceiptRecord, "stan"> } = {}): Promise<AuthorizationResult> {
    const original = this.#o.journal.find(Number(stan));
    if (!original || (original.kind !== "sale" && original.kind !== "preauthCompletion") || original.state !== "completed" || original.batch !== this.#o.journal.batchNumber) {
      return refused(stan, "no approved sale or completion with this STAN in the open batch", "NOT FOUND");
    }
    const fields: Record<number, FieldValue> = {
      3: PROCESSING.void,
      4: amountField(original.amountMinor),
      25: conditionOf(original.kind),
      37: original.rrn ?? "",
      38: authCodeField(original.authCode),
      90: originalData(original),
    };
    return this.#financial({
      kind: "void",
      fields,
      amountMinor: original.amountMinor,
      currency: currencyField(original.currency),
      original,
      receipt: options.receipt,
      what: `void of ${stan}`,
    });
  }

  /**
   * Completion of an open pre-authorization (0200, processing code 00,
   * DE25 06): DE38 the hold's authorization code, DE61 its batch, STAN
   * and local date, DE90 its original data; `amountMinor` (default: the
   * amount held) is what the card pays, at most the amount held. The
   * completion counts in the batch as a sale; the hold is captured.
   * `offline`: the merchant completes without asking the host (China
   * UnionPay's offline completion): recorded at once, counted, and told
   * to the host by an advice (0220, the same fields) before the next
   * financial message; the result is approved with the hold's code.
   * `receipt`: as a sale's {@link AuthorizationRequest.receipt}, carried
   * by the answer's record (an offline completion's intent).
   * @throws JournalError `JOURNAL_FULL` before anything is sent when the journal needs a settlement first
   */
  async completePreauth(stan: string, amountMinor?: number, options: { offline?: boolean; receipt?: Omit<ReceiptRecord, "stan"> } = {}): Promise<AuthorizationResult> {
    const hold = this.#openHold(stan);
    if (!hold) return refused(stan, NO_OPEN_HOLD, "NOT FOUND");
    const amount = amountMinor ?? hold.amountMinor;
    if (!Number.isInteger(amount) || amount < 1 || amount > hold.amountMinor) {
      return refused(stan, "a completion is for 1 up to the amount held", "INVALID AMOUNT");
    }
    if (options.offline) return this.#offlineCompletion(hold, amount, options.receipt);
    return this.#linked("preauthCompletion", hold, amount, `pre-auth completion of ${stan}`, options.receipt);
  }

  async #offlineCompletion(hold: TransactionView, amountMinor: number, receipt?: Omit<ReceiptRecord, "stan">): Promise<AuthorizationResult> {
    const now = this.#now();
    const tx = this.#o.journal.begin({
      kind: "preauthCompletion",
      amountMinor,
      currency: currencyField(hold.currency),
      utcMs: now.utcSeconds * 1000,
      offsetMinutes: now.offsetMinutes,
      originalStan: hold.stan,
      scheme: hold.scheme,
      // the advice queued, and the receipt's data, in the intent's own record: one flash write, as an offline sale's
      advice: { authCode: (hold.authCode ?? "").slice(0, 6) },
      receipt,
    });
    const authCode = hold.authCode ?? "";
    const delivered = await this.#deliverPending();
    this.#o.log.write(`uplink: offline pre-auth completion of ${six(hold.stan)} STAN ${six(tx.stan)}${delivered ? ", advised" : ", advice queued"}`);
    return { status: "approved", stan: six(tx.stan), invoice: six(tx.invoice), reason: "completed offline", prompt: "APPROVED", ...(authCode ? { authCode } : {}), ...(hold.rrn ? { rrn: hold.rrn } : {}) };
  }

  /**
   * Cancellation of an open pre-authorization (0100, processing code 20,
   * DE25 06, the amount held, DE38, DE61 and DE90 as for a completion):
   * the hold is released. `receipt`: as a sale's
   * {@link AuthorizationRequest.receipt}, carried by the answer's record.
   * @throws JournalError `JOURNAL_FULL` before anything is sent when the journal needs a settlement first
   */
  async cancelPreauth(stan: string, options: { receipt?: Omit<ReceiptRecord, "stan"> } = {}): Promise<AuthorizationResult> {
    const hold = this.#openHold(stan);
    if (!hold) return refused(stan, NO_OPEN_HOLD, "NOT FOUND");
    return this.#linked("preauthCancel", hold, hold.amountMinor, `pre-auth cancellation of ${stan}`, options.receipt);
  }

  /** The pre-authorization with this STAN, when its hold is open (whatever its batch). */
  #openHold(stan: string): TransactionView | undefined {
    const hold = this.#o.journal.find(Number(stan));
    return hold && hold.kind === "preauth" && hold.state === "completed" ? hold : undefined;
  }

  /** A completion or cancellation of `hold`. */
  #linked(kind: "preauthCompletion" | "preauthCancel", hold: TransactionView, amountMinor: number, what: string, receipt?: Omit<ReceiptRecord, "stan">): Promise<AuthorizationResult> {
    const currency = currencyField(hold.currency);
    const fields: Record<number, FieldValue> = {
      3: PROCESSING[kind],
      4: amountField(amountMinor),
      25: conditionOf(kind),
      38: authCodeField(hold.authCode),
      49: currency,
      61: originalReference(hold),
      90: originalData(hold),
    };
    if (hold.rrn) fields[37] = hold.rrn;
    return this.#financial({ kind, fields, amountMinor, currency, original: hold, receipt, what });
  }

  /**
   * Reverses an approved transaction the terminal cannot complete (the
   * card declined it after the host approved it, the cardholder pulled
   * the card): the reversal is recorded, then sent. False when it stays
   * queued (it goes before the next financial message) or the STAN has
   * nothing to reverse.
   */
  async reverse(stan: string): Promise<boolean> {
    const tx = this.#o.journal.find(Number(stan));
    const held = this.#deferred.delete(Number(stan));
    if (!tx || tx.kind === "balance" || tx.kind === "offline" || (tx.state !== "approved" && tx.state !== "completed" && !held)) return false;
    this.#o.journal.reversalQueued(tx.stan, CARD_DECLINED_REASON);
    return this.#deliverPending();
  }

  /**
   * Advice (0220) of a sale the card approved offline: recorded with its
   * PAN and chip data sealed under the device data key, counted in the
   * batch, and sent before the next financial message. True when it was
   * delivered at once. The intent, the advice queued and the request's
   * `receipt` are one journal record: one flash write.
   * @throws JournalError `JOURNAL_FULL` when the journal needs a settlement first
   */
  async advise(request: AuthorizationRequest & { authCode: string }): Promise<boolean> {
    const now = this.#now();
    this.#o.journal.begin({
      kind: "offline",
      amountMinor: request.amountMinor,
      currency: request.currency,
      utcMs: now.utcSeconds * 1000,
      offsetMinutes: now.offsetMinutes,
      entry: request.entry,
      pan: request.pan,
      seal: true,
      iccData: request.iccData,
      // the advice queued, and the receipt's data, in the intent's own record: one flash write
      advice: { authCode: request.authCode },
      receipt: request.receipt,
    });
    return this.#deliverPending();
  }

  /** Sends the queue now; false when something stays queued (it goes before the next financial message). */
  async #deliverPending(): Promise<boolean> {
    try {
      await this.drainPending();
      return true;
    } catch (e) {
      if (!(e instanceof UplinkError)) throw e;
      return false;
    }
  }

  /** Sends queued reversals and advices now (at start-up, or on idle); returns how many went. */
  async drainPending(): Promise<number> {
    if (this.#o.journal.pending().length === 0) return 0;
    return this.#session((channel) => this.#drain(channel));
  }

  /**
   * Settlement (0500): batch totals in DE74/76/86/88. When the host's
   * totals differ (response 95) every transaction of the batch is
   * uploaded (0320) and settlement is sent again (processing code 96); the
   * batch is then closed in one journal record, and the journal compacted.
   * @throws UplinkError `UPLINK_STATE` while an approval awaits its completion
   */
  async settle(): Promise<SettlementResult> {
    const journal = this.#o.journal;
    if (journal.awaitingCompletion().length || this.#deferred.size) throw new UplinkError("UPLINK_STATE", "an approval awaits its completion: complete or reverse it first");
    return this.#session(async (channel) => {
      await this.#drain(channel);
      const totals = journal.totals();
      const batch = six(journal.batchNumber);
      // every STAN this settlement may use, reserved in one record
      journal.nextStan(journal.batchCount() + 2, true);
      const settlement = (code: string) =>
        this.#message("0500", {
          3: code,
          11: six(journal.nextStan(1, true)),
          60: batch,
          74: String(totals.credits).padStart(10, "0"),
          76: String(totals.debits).padStart(10, "0"),
          86: String(totals.creditsMinor).padStart(16, "0"),
          88: String(totals.debitsMinor).padStart(16, "0"),
        });
      const first = await this.#exchange(channel, this.#outgoing(settlement("920000"), true));
      let uploaded = 0;
      const code = text(first, 39);
      if (code === "95") {
        // one view at a time: a full batch's views at once would not fit the board's heap
        for (const r of journal.batchEntries()) {
          const fields: Record<number, FieldValue> = {
            3: PROCESSING[r.kind],
            4: amountField(r.amountMinor),
            11: six(journal.nextStan(1, true)),
            38: authCodeField(r.authCode),
            60: batch,
            90: originalData(r),
          };
          if (r.rrn) fields[37] = r.rrn;
          await this.#exchange(channel, this.#outgoing(this.#message("0320", fields), true));
          uploaded++;
        }
        const again = await this.#exchange(channel, this.#outgoing(settlement("960000"), true));
        if (text(again, 39) !== "00") throw new UplinkError("HOST_RESPONSE", `settlement after batch upload refused with ${text(again, 39)}`);
      } else if (code !== "00") throw new UplinkError("HOST_RESPONSE", `settlement refused with response code ${code}`);
      const balanced = code === "00";
      journal.settle({ balanced, uploaded, utcMs: this.#o.wallClock.utcMs() });
      if (journal.compactionFailed) this.#o.log.write("uplink: the journal's compaction after settlement did not fit: the settled records stay until it does");
      this.#o.log.write(`uplink: batch ${Number(batch)} settled (${balanced ? "balanced" : `${uploaded} uploaded`})`);
      return { balanced, uploaded, totals };
    });
  }

  #financial(f: Financial): Promise<AuthorizationResult> {
    const journal = this.#o.journal;
    if (!journal.canStart(f.seal ? 32 : 0, false, f.kind === "preauthCompletion" || f.kind === "preauthCancel")) return Promise.reject(new JournalError("JOURNAL_FULL", "the journal has no room for another transaction: settle the batch first"));
    // the rest as the request is made (#authorize)
    const step = { f, stan: 0 } as FinancialStep;
    // a chain of promises, not async functions awaiting each step: each would hold its saved frame (tens of slots) while the message is out;
    // and each step a method the arrows only call: a function made at run time in preloaded code is copied into RAM with its bytecode
    // (nested functions included). A failure becomes a result at the chain's end.
    return this.#session((channel) => this.#drain(channel).then(() => this.#authorize(channel, step))).then(undefined, (e: unknown) => this.#financialFailed(step, e));
  }

  /** The request of a financial step, its STAN and invoice the journal's next, sent once its intent is on the journal; its answer as a result. */
  #authorize(channel: Channel, step: FinancialStep): Promise<AuthorizationResult> {
    const { f } = step;
    const journal = this.#o.journal;
    step.now = this.#now();
    step.expected = journal.peekStan();
    step.invoice = six(nextCounter(journal.counters.invoice));
    let request: IsoMessage | undefined = this.#message(mtiOf(f.kind), { ...f.fields, 11: six(step.expected), 60: six(journal.batchNumber) + step.invoice }, step.now);
    // a completion's void names its card as the completion did, by the hold's codes: only a sale's PAN is kept sealed for it
    if (f.kind === "void" && f.original?.kind === "sale" && this.#o.config.voidCarriesPan) request.fields.set(2, journal.cardData(f.original.stan).pan);
    const out = this.#outgoing(request, true);
    // let go once packed: only its bytes are held while they leave
    request = undefined;
    return this.#exchange(channel, out, step).then((response) => this.#financialAnswer(step, response));
  }

  /** A financial step's answer: recorded (or held, for a completion the terminal makes later) and turned into a result. */
  #financialAnswer(step: FinancialStep, response: IsoMessage): AuthorizationResult {
    const { f, stan } = step;
    const moves = f.kind !== "balance";
    const code = text(response, 39) ?? "";
    const meaning = responseMeaning(code);
    const result: AuthorizationResult = { status: meaning.approved ? "approved" : "declined", stan: six(stan), invoice: step.invoice, responseCode: code, reason: meaning.reason, prompt: meaning.prompt };
    const rrn = text(response, 37);
    const authCode = text(response, 38);
    if (rrn) result.rrn = rrn;
    if (authCode) result.authCode = authCode;
    const icc = bytes(response, 55);
    if (icc) result.issuerData = icc;
    const balance = availableBalance(text(response, 54) ?? "");
    if (balance !== undefined) result.balanceMinor = balance;
    // an approval the terminal does not complete itself is completed in the same record as the answer
    const completed = moves && meaning.approved && !f.deferCompletion;
    const answer = { stan, approved: meaning.approved, completed, responseCode: code.slice(0, 2).padEnd(2), authCode: (authCode ?? "").slice(0, 6), rrn: (rrn ?? "").slice(0, 12) };
    // a deferred approval recovery would reverse anyway is written with its completion (one write); the intent alone reverses it after a power cut
    if (moves && meaning.approved && f.deferCompletion && f.onPowerLoss !== "complete") this.#deferred.set(stan, answer);
    else this.#o.journal.answered({ ...answer, receipt: completed ? f.receipt : undefined });
    this.#o.log.write(`uplink: ${f.what} STAN ${six(stan)}: ${code} ${meaning.reason}`);
    return result;
  }

  /** A financial step that failed: a failed result, its reversal queued when its intent was written and no trustworthy answer came; the journal's failures are thrown. */
  #financialFailed(step: FinancialStep, e: unknown): AuthorizationResult {
    if (!isXsposError(e) || e instanceof JournalError) throw e;
    const { f, stan } = step;
    const queued = stan !== 0 && this.#o.journal.find(stan)?.state === "reversing";
    this.#o.log.write(`uplink: ${f.what}${stan ? ` STAN ${six(stan)}` : ""} failed: ${e.code}${queued ? ", reversal queued" : ""}`);
    return {
      status: "failed",
      stan: stan ? six(stan) : "",
      reason: e.message,
      prompt: e.code === "REVERSAL_PENDING" ? "HOST UNAVAILABLE" : e.code === "HOST_TIMEOUT" ? "NO RESPONSE" : "COMMS ERROR",
      error: e.code,
      ...(e instanceof UplinkError && e.causeCode ? { cause: e.causeCode } : {}),
      reversalQueued: queued,
    };
  }

  /** Sends every pending reversal and advice, oldest first; any failure stops the new transaction. */
  async #drain(channel: Channel): Promise<number> {
    let sent = 0;
    const journal = this.#o.journal;
    const pending = journal.pending();
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i];
      if (p.state !== "reversing" && p.state !== "advising") {
        sent += await this.#sendChipAdvices(channel, p);
        continue;
      }
      const reversal = p.state === "reversing";
      const message = reversal ? this.#reversal(p) : this.#advice(p);
      const response = await this.#deliver(channel, message, p.stan);
      if (reversal) journal.reversalAnswered(p.stan, (text(response, 39) ?? "").slice(0, 2).padEnd(2));
      else journal.adviceDelivered(p.stan);
      this.#o.log.write(`uplink: ${message.mti} for STAN ${six(p.stan)} delivered (${reversal ? "reversal reason: " : ""}${queuedReason(p)})`);
      sent++;
    }
    return sent;
  }

  /** Sends a chip sale's TC upload, then its script results, each once answered recorded delivered. */
  async #sendChipAdvices(channel: Channel, p: TransactionView): Promise<number> {
    const journal = this.#o.journal;
    const iccData = journal.chipAdviceData(p.stan);
    const kinds = chipAdvicesDue(p);
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const key = `${p.stan}:${kind}`;
      const message = this.#chipAdvice(p, kind, iccData, this.#sentBefore.has(key));
      this.#sentBefore.add(key);
      await this.#deliver(channel, message, p.stan);
      // no record of its own: the mark rides in the journal's next intent, settlement or chip advice
      journal.chipAdviceDelivered(p.stan, kind);
      this.#sentBefore.delete(key);
      this.#o.log.write(`uplink: ${message.mti} for STAN ${six(p.stan)} delivered (${CHIP_ADVICES[kind].name})`);
    }
    return kinds.length;
  }

  /** Sends a queued reversal or advice about STAN `stan` and waits for its answer; when none comes (or it is refused) the new transaction stops: `REVERSAL_PENDING`. */
  async #deliver(channel: Channel, message: IsoMessage, stan: number): Promise<IsoMessage> {
    try {
      return await this.#exchange(channel, this.#outgoing(message, true));
    } catch (e) {
      if (!(e instanceof UplinkError)) throw e;
      throw new UplinkError("REVERSAL_PENDING", `a ${message.mti} for STAN ${six(stan)} could not be delivered (${e.code})`, e.code);
    }
  }

  /**
   * A chip sale's TC upload (0320) or issuer script results (0620), after
   * China UnionPay POS practice: the sale's amount and codes, its own
   * STAN in DE11 (a repeat is the same advice to the host), DE90 naming
   * it, the chip data in DE55; no PAN (DE90 names the sale the host
   * already holds). `repeat`: the advice may have reached the host before
   * (sent in this run without an answer, or queued before the boot: its
   * delivery mark rides in a later record, which a power cut may have
   * stopped), so it goes as an ISO 8583:1987 repeat, 0321 or 0621.
   */
  #chipAdvice(tx: TransactionView, kind: ChipAdviceKind, iccData: Uint8Array, repeat: boolean): IsoMessage {
    const fields = recordedFields(tx);
    fields[38] = authCodeField(tx.authCode);
    fields[55] = iccData;
    fields[60] = six(tx.batch) + six(tx.invoice);
    fields[90] = originalData(tx);
    if (tx.rrn) fields[37] = tx.rrn;
    return this.#message(repeat ? CHIP_ADVICES[kind].repeat : CHIP_ADVICES[kind].mti, fields);
  }

  /** The 0400 that undoes a transaction: the original's amount and codes, DE90, no PAN. */
  #reversal(tx: TransactionView): IsoMessage {
    const fields = recordedFields(tx);
    fields[39] = tx.reversalReason ?? TIMEOUT_REASON;
    fields[90] = originalData(tx);
    return this.#message("0400", fields);
  }

  /**
   * The 0220 of an offline approval (an `offline` transaction: processing
   * code 00, DE25 00), its PAN and chip data unsealed for this message
   * only; of an offline completion, the fields of the 0200 it stands for,
   * with its hold's references (the compaction keeps its hold while it is
   * pending).
   */
  #advice(tx: TransactionView): IsoMessage {
    const fields = recordedFields(tx);
    fields[38] = authCodeField(tx.authCode);
    if (tx.kind === "preauthCompletion") {
      fields[60] = six(tx.batch) + six(tx.invoice);
      const hold = this.#o.journal.find(tx.originalStan);
      if (hold?.kind === "preauth") {
        fields[61] = originalReference(hold);
        fields[90] = originalData(hold);
        if (hold.rrn) fields[37] = hold.rrn;
      }
    } else {
      const secrets = this.#o.journal.cardData(tx.stan);
      fields[2] = secrets.pan;
      if (secrets.iccData) fields[55] = secrets.iccData;
    }
    return this.#message("0220", fields);
  }

  /** The wall clock now, to the second. */
  #now(): { utcSeconds: number; offsetMinutes: number } {
    return { utcSeconds: Math.floor(this.#o.wallClock.utcMs() / 1000), offsetMinutes: this.#o.wallClock.offsetMinutes() };
  }

  #message(mti: string, fields: Record<number, FieldValue>, at = this.#now()): IsoMessage {
    const config = this.#o.config;
    const message = isoMessage(mti, { ...messageTime(at.utcSeconds, at.offsetMinutes), ...fields, 41: config.terminalId, 42: config.merchantId });
    if (config.tpdu && config.header) {
      message.tpdu = config.tpdu;
      message.header = config.header;
    }
    return message;
  }

  /**
   * `request` packed to go (with its MAC when `mac`): its bytes, how its
   * answer is known, and the MAC key, the caller's to wipe from then on.
   * @throws UplinkError `NOT_SIGNED_ON` (a MAC and no key); the codec's errors (the key wiped)
   */
  #outgoing(request: IsoMessage, mac: boolean): Outgoing {
    const config = this.#o.config;
    let key: Uint8Array | undefined;
    if (mac) {
      key = this.#o.keys.get(TAK);
      if (!key) throw new UplinkError("NOT_SIGNED_ON", "the terminal has no MAC key: sign on first");
    }
    try {
      const bytes = key ? packWithMac(this.#o.crypto, config.dialect, request, key) : pack(config.dialect, request);
      const out: Outgoing = {
        bytes,
        wanted: responseMti(request.mti),
        stan: text(request, 11),
        key,
        matches: (bytesIn) => {
          const m = unpack(config.dialect, bytesIn);
          const ok = m.mti === out.wanted && text(m, 11) === out.stan && text(m, 41) === config.terminalId;
          if (ok) out.matched = m;
          return ok;
        },
      };
      return out;
    } catch (e) {
      wipe(key);
      throw e;
    }
  }

  /**
   * Sends a packed request ({@link #outgoing}: the request itself is not
   * held while its bytes leave) and waits for the matching, authentic
   * response. With a financial `step`, its intent is written before the
   * bytes leave (a request that could not be packed left no trace), and
   * its reversal queued when no trustworthy answer came (a balance
   * inquiry moves no money: none).
   */
  #exchange(channel: Channel, out: Outgoing, step?: FinancialStep): Promise<IsoMessage> {
    let answer: Promise<Uint8Array>;
    try {
      if (step) {
        // the intent: once the request is packed, before it leaves
        const { f, now } = step;
        const tx = this.#o.journal.begin({
          kind: f.kind,
          amountMinor: f.amountMinor,
          currency: f.currency,
          utcMs: now.utcSeconds * 1000,
          offsetMinutes: now.offsetMinutes,
          entry: f.entry,
          ...(f.pan ? { pan: f.pan } : {}),
          seal: f.seal,
          originalStan: f.original?.stan,
          scheme: f.original?.scheme,
          completeOnPowerLoss: f.onPowerLoss === "complete",
        });
        if (tx.stan !== step.expected) throw new UplinkError("UPLINK_STATE", "the journal gave another STAN than the request carries");
        step.stan = tx.stan;
      }
      answer = channel.exchange(out.bytes, out.matches, this.#o.config.responseTimeoutMs ?? 30_000);
    } catch (e) {
      wipe(out.key);
      return Promise.reject(e);
    }
    // handlers on the answer's promise, not an async function awaiting it: that would hold its saved frame while the message is out
    return answer.then(
      (raw) => this.#answered(out, raw, step),
      (e: unknown) => this.#unanswered(e, out.key, step),
    );
  }

  /** The matched answer once its MAC is checked; the key wiped either way. */
  #answered(out: Outgoing, raw: Uint8Array, step: FinancialStep | undefined): IsoMessage {
    const { matched, key } = out;
    try {
      // whether or not its MAC verifies (a host that lost the key cannot make one), the answer only asks for a sign-on: no money is decided on it;
      // whoever listens is told once per answer that asks
      if (key && SIGN_ON_CODES.includes(text(matched!, 39) ?? "")) {
        this.#o.log.write("uplink: the host asks for a sign-on");
        this.#o.onSignOnRequested?.();
      }
      if (key && !macValid(this.#o.crypto, this.#o.config.dialect, raw, matched!, key)) {
        throw new UplinkError("HOST_MAC", `the ${out.wanted} for STAN ${out.stan} fails its MAC`);
      }
    } catch (e) {
      return this.#unanswered(e, key, step);
    }
    wipe(key);
    return matched!;
  }

  /** No trustworthy answer: a financial step's reversal queued (an uplink failure), the key wiped, the failure thrown on. */
  #unanswered(e: unknown, key: Uint8Array | undefined, step: FinancialStep | undefined): never {
    try {
      if (e instanceof UplinkError && step && step.f.kind !== "balance") this.#o.journal.reversalQueued(step.stan, e.code === "HOST_MAC" ? MAC_REASON : TIMEOUT_REASON);
      throw e;
    } finally {
      wipe(key);
    }
  }

  async #session<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const config = this.#o.config;
    let lastError: unknown;
    for (let attempt = 0; attempt <= (config.connectRetries ?? 1); attempt++) {
      let connection;
      try {
        connection = await this.#o.link.connect(config.host, config.port, { tls: config.tls, timeoutMs: config.connectTimeoutMs ?? 10_000 });
      } catch (e) {
        lastError = e;
        continue;
      }
      // returned, not awaited: this function's saved frame is not held while the work goes on
      return this.#onChannel(new Channel(connection, this.#o.clock, config.lengthHeader), work);
    }
    if (isXsposError(lastError)) throw lastError;
    throw new UplinkError("HOST_CONNECT", `cannot reach the acquirer at ${config.host}:${config.port}`);
  }

  /** Runs `work` on a connected channel, which is closed once the work has ended, however it ends. */
  #onChannel<T>(channel: Channel, work: (channel: Channel) => Promise<T>): Promise<T> {
    const close = () => {
      if (channel.dropped) this.#o.log.write(`uplink: ${channel.dropped} unmatched message(s) dropped`);
      channel.close();
    };
    let working: Promise<T>;
    try {
      working = work(channel);
    } catch (e) {
      close();
      return Promise.reject(e);
    }
    return working.finally(close);
  }
}
