import { toHex, fromHex } from "../core/hex.ts";
import { isXsposError } from "../core/error.ts";
import { JsonRecord } from "../core/json-record.ts";
import type { Clock, Log, Store } from "../core/ports.ts";
import { maskPan } from "../card/mask.ts";
import type { Crypto } from "../crypto/port.ts";
import { pack, unpack } from "../iso8583/codec.ts";
import type { Dialect } from "../iso8583/dialect.ts";
import { responseMti, text, bytes, type FieldValue, type IsoMessage } from "../iso8583/message.ts";
import { Batch, type BatchRecord } from "./batch.ts";
import { Channel } from "./channel.ts";
import { UplinkError } from "./error.ts";
import type { LengthHeader } from "./framing.ts";
import { macValid, packWithMac } from "./message-mac.ts";
import { PendingQueue, type PendingMessage } from "./pending.ts";
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
}

/** What the terminal asks the acquirer to authorize. */
export interface AuthorizationRequest {
  kind: "sale" | "refund" | "balance";
  amountMinor: number;
  /** ISO 4217 numeric (DE49) */
  currency: string;
  pan: string;
  /** YYMM (DE14) */
  expiry?: string;
  /** track 2 between the sentinels (DE35): goes in this message only */
  track2?: string;
  entry: "swipe" | "fallback" | "chip" | "manual";
  pinBlock?: Uint8Array;
  /** the DUKPT KSN of the PIN block, sent in DE62 */
  ksn?: Uint8Array;
  /** EMV data (DE55) */
  iccData?: Uint8Array;
  /** PAN sequence number (tag 5F34), sent in DE23 */
  panSequence?: string;
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
  /** the UplinkError code when status is failed */
  error?: string;
  /** a reversal was queued and will be sent before the next financial message */
  reversalQueued?: boolean;
}

/** Options of {@link AcquirerClient}. */
export interface AcquirerClientOptions {
  link: Link;
  clock: Clock;
  crypto: Crypto;
  store: Store;
  log: Log;
  config: AcquirerConfig;
  /** the terminal's wall clock, for DE7, DE12 and DE13 */
  dateTime: () => Date;
}

const PROCESSING: Record<string, string> = { sale: "000000", refund: "200000", balance: "310000", void: "020000" };
const ENTRY: Record<AuthorizationRequest["entry"], string> = { swipe: "021", fallback: "801", chip: "051", manual: "012" };
const TIMEOUT_REASON = "68";
const MAC_REASON = "A0";
const CARD_DECLINED_REASON = "E1";

const two = (n: number) => String(n).padStart(2, "0");

/**
 * The terminal's side of the acquirer link: message flows (sign-on with
 * the working-key exchange, sale, refund, balance inquiry, void,
 * reversal, advice, settlement with batch upload, echo), built on the
 * codec, a channel per session and durable state in the Store.
 *
 * Money moves at most once: every request that moves money leaves a
 * reversal in the durable queue before it is sent, and that reversal is
 * dropped only on a definite answer. Pending reversals go out, and must
 * be answered, before the next financial message.
 */
export class AcquirerClient {
  #o: AcquirerClientOptions;
  #pending: PendingQueue;
  #batch: Batch;
  #keys: JsonRecord<{ tmk?: string; tak?: string }>;

  constructor(options: AcquirerClientOptions) {
    this.#o = options;
    this.#pending = new PendingQueue(options.store);
    this.#batch = new Batch(options.store);
    this.#keys = new JsonRecord(options.store, "uplink.keys", () => ({}));
  }

  /** Reversals and advices not yet answered. */
  get pending(): PendingMessage[] {
    return this.#pending.list();
  }

  get batch(): Batch {
    return this.#batch;
  }

  /** Key loading: the terminal master key under which the host sends working keys. */
  loadMasterKey(tmk: Uint8Array): void {
    this.#keys.write({ tmk: toHex(tmk) });
  }

  get signedOn(): boolean {
    return this.#keys.read().tak !== undefined;
  }

  /**
   * Sign-on (0800, DE70 001): the host answers with the terminal
   * authentication key enciphered under the master key and its check
   * value in DE48; the key is checked and stored.
   * @throws UplinkError `HOST_KEY_CHECK` when the key does not match its check value
   */
  async signOn(): Promise<void> {
    const keys = this.#keys.read();
    if (!keys.tmk) throw new UplinkError("NOT_SIGNED_ON", "no terminal master key has been loaded");
    await this.#session(async (channel) => {
      const response = await this.#exchange(channel, this.#message("0800", { 11: this.#batch.nextStan(), 70: "001" }), false);
      if (text(response, 39) !== "00") throw new UplinkError("HOST_RESPONSE", `sign-on refused with response code ${text(response, 39) ?? "none"}`);
      const data = text(response, 48) ?? "";
      if (!/^[0-9A-F]{38}$/.test(data)) throw new UplinkError("HOST_RESPONSE", "the sign-on response carries no working key");
      const tmk = fromHex(keys.tmk!);
      const tak = this.#o.crypto.blockDecrypt("TDES", "ECB", tmk, fromHex(data.slice(0, 32)));
      const kcv = toHex(this.#o.crypto.blockEncrypt("TDES", "ECB", tak, new Uint8Array(8)).subarray(0, 3));
      tmk.fill(0);
      if (kcv !== data.slice(32)) {
        tak.fill(0);
        throw new UplinkError("HOST_KEY_CHECK", "the working key does not match its check value");
      }
      this.#keys.write({ tmk: keys.tmk, tak: toHex(tak) });
      tak.fill(0);
      this.#o.log.write(`uplink: signed on, MAC key check value ${kcv}`);
    });
  }

  /** Echo test (0800, DE70 301). */
  async echo(): Promise<boolean> {
    return this.#session(async (channel) => {
      const response = await this.#exchange(channel, this.#message("0800", { 11: this.#batch.nextStan(), 70: "301" }), false);
      return text(response, 39) === "00";
    });
  }

  /** Sale, refund or balance inquiry (0200). Never throws for the host's failures: they end as `failed`. */
  async authorize(request: AuthorizationRequest): Promise<AuthorizationResult> {
    const fields: Record<number, FieldValue> = {
      2: request.pan,
      3: PROCESSING[request.kind],
      4: String(request.amountMinor).padStart(12, "0"),
      22: ENTRY[request.entry],
      25: "00",
      49: request.currency,
    };
    if (request.expiry) fields[14] = request.expiry;
    if (request.track2) fields[35] = request.track2;
    if (request.pinBlock) fields[52] = request.pinBlock;
    if (request.iccData) fields[55] = request.iccData;
    if (request.panSequence) fields[23] = request.panSequence.padStart(3, "0");
    if (request.ksn) fields[62] = toHex(request.ksn);
    const moves = request.kind === "balance" ? undefined : request.kind;
    return this.#financial(fields, moves, request.amountMinor, `${request.kind} ${maskPan(request.pan)}`);
  }

  /** Void of an approved sale of the open batch (0200, processing code 02). */
  async void(stan: string): Promise<AuthorizationResult> {
    const original = this.#batch.records().find((r) => r.stan === stan && r.kind === "sale");
    if (!original) {
      return { status: "failed", stan, reason: "no approved sale with this STAN in the open batch", prompt: "NOT FOUND", error: "UPLINK_STATE" };
    }
    const fields: Record<number, FieldValue> = {
      3: PROCESSING.void,
      4: String(original.amountMinor).padStart(12, "0"),
      25: "00",
      37: original.rrn,
      38: original.authCode,
      90: this.#originalData(original.stan, original.transmitted),
    };
    const result = await this.#financial(fields, "void", original.amountMinor, `void of ${stan}`);
    if (result.status === "approved") this.#batch.void(stan);
    return result;
  }

  /**
   * Reverses an approved transaction the terminal cannot complete (the
   * card declined it after the host approved it, the cardholder pulled
   * the card): the reversal is queued durably, then sent.
   */
  async reverse(stan: string): Promise<boolean> {
    const record = this.#batch.records().find((r) => r.stan === stan);
    if (!record) return false;
    this.#pending.add({ mti: "0400", originalStan: stan, fields: { ...record.reversal, 39: CARD_DECLINED_REASON }, reason: "declined by the card after approval" });
    this.#batch.remove(stan);
    return this.#deliverPending();
  }

  /**
   * Advice (0220) of a sale the card approved offline: queued durably and
   * sent before the next financial message. The advice must carry the PAN,
   * so it stays in the store until delivered: on a device that store is
   * the encrypted partition.
   */
  async advise(request: AuthorizationRequest & { authCode: string }): Promise<boolean> {
    const stan = this.#batch.nextStan();
    const fields: Record<string, string> = {
      2: request.pan,
      3: PROCESSING[request.kind],
      4: String(request.amountMinor).padStart(12, "0"),
      11: stan,
      22: ENTRY[request.entry],
      25: "00",
      38: request.authCode,
      49: request.currency,
    };
    if (request.iccData) fields[55] = toHex(request.iccData);
    this.#pending.add({ mti: "0220", originalStan: stan, fields, reason: "offline approval" });
    this.#batch.add({ stan, rrn: "", authCode: request.authCode, processingCode: fields[3], amountMinor: request.amountMinor, kind: "sale", transmitted: this.#dateTime()[7], reversal: {} });
    return this.#deliverPending();
  }

  /** Sends the queue now; false when something stays queued (it goes before the next financial message). */
  async #deliverPending(): Promise<boolean> {
    try {
      await this.#session((channel) => this.#drain(channel));
      return true;
    } catch (e) {
      if (!isXsposError(e)) throw e;
      return false;
    }
  }

  /** Sends queued reversals and advices now (at start-up, or on idle). */
  async drainPending(): Promise<number> {
    if (this.#pending.list().length === 0) return 0;
    return this.#session((channel) => this.#drain(channel));
  }

  /**
   * Settlement (0500): batch totals in DE74/76/86/88. When the host's
   * totals differ (response 95) every approved transaction is uploaded
   * (0320) and settlement is sent again (processing code 96); the batch is
   * then closed.
   */
  async settle(): Promise<{ balanced: boolean; uploaded: number; totals: ReturnType<Batch["totals"]> }> {
    const totals = this.#batch.totals();
    return this.#session(async (channel) => {
      await this.#drain(channel);
      const settlement = (code: string) => {
        const t = this.#batch.totals();
        return this.#message("0500", {
          3: code,
          11: this.#batch.nextStan(),
          60: String(this.#batch.number).padStart(6, "0"),
          74: String(t.credits).padStart(10, "0"),
          76: String(t.debits).padStart(10, "0"),
          86: String(t.creditsMinor).padStart(16, "0"),
          88: String(t.debitsMinor).padStart(16, "0"),
        });
      };
      const first = await this.#exchange(channel, settlement("920000"), true);
      let uploaded = 0;
      const code = text(first, 39);
      if (code === "95") {
        for (const r of this.#batch.records().filter((x) => x.kind !== "void")) {
          const upload = this.#message("0320", {
            3: r.processingCode,
            4: String(r.amountMinor).padStart(12, "0"),
            11: this.#batch.nextStan(),
            37: r.rrn,
            38: r.authCode,
            60: String(this.#batch.number).padStart(6, "0"),
            90: this.#originalData(r.stan, r.transmitted),
          });
          await this.#exchange(channel, upload, true);
          uploaded++;
        }
        const again = await this.#exchange(channel, settlement("960000"), true);
        if (text(again, 39) !== "00") throw new UplinkError("HOST_RESPONSE", `settlement after batch upload refused with ${text(again, 39)}`);
      } else if (code !== "00") throw new UplinkError("HOST_RESPONSE", `settlement refused with response code ${code}`);
      this.#o.log.write(`uplink: batch ${this.#batch.number} settled (${code === "00" ? "balanced" : `${uploaded} uploaded`})`);
      this.#batch.close();
      return { balanced: code === "00", uploaded, totals };
    });
  }

  async #financial(base: Record<number, FieldValue>, moves: BatchRecord["kind"] | undefined, amountMinor: number, what: string): Promise<AuthorizationResult> {
    let stan = "";
    try {
      return await this.#session(async (channel) => {
        await this.#drain(channel);
        stan = this.#batch.nextStan();
        const invoice = this.#batch.nextInvoice();
        const request = this.#message("0200", { ...base, 11: stan, 60: String(this.#batch.number).padStart(6, "0") + invoice });
        const transmitted = text(request, 7)!;
        const reversal = this.#reversalFields(request, stan, transmitted);
        if (moves) this.#pending.add({ mti: "0400", originalStan: stan, fields: { ...reversal, 39: TIMEOUT_REASON }, reason: "no answer" });
        let response: IsoMessage;
        try {
          response = await this.#exchange(channel, request, true);
        } catch (e) {
          if (isXsposError(e) && e.code === "HOST_MAC" && moves) {
            this.#pending.add({ mti: "0400", originalStan: stan, fields: { ...reversal, 39: MAC_REASON }, reason: "bad MAC on the response" });
          }
          throw e;
        }
        const code = text(response, 39) ?? "";
        const meaning = responseMeaning(code);
        const result: AuthorizationResult = {
          status: meaning.approved ? "approved" : "declined",
          stan,
          invoice,
          responseCode: code,
          reason: meaning.reason,
          prompt: meaning.prompt,
        };
        const rrn = text(response, 37);
        const authCode = text(response, 38);
        if (rrn) result.rrn = rrn;
        if (authCode) result.authCode = authCode;
        const icc = bytes(response, 55);
        if (icc) result.issuerData = icc;
        const balance = /^..02...C([0-9]{12})/.exec(text(response, 54) ?? "");
        if (balance) result.balanceMinor = Number(balance[1]);
        if (moves && meaning.approved) {
          this.#batch.add({ stan, invoice, rrn: rrn ?? "", authCode: authCode ?? "", processingCode: text(request, 3)!, amountMinor, kind: moves, transmitted, reversal });
        }
        if (moves) this.#pending.remove("0400", stan);
        this.#o.log.write(`uplink: ${what} STAN ${stan}: ${code} ${meaning.reason}`);
        return result;
      });
    } catch (e) {
      if (!isXsposError(e)) throw e;
      const queued = stan !== "" && this.#pending.has("0400", stan);
      this.#o.log.write(`uplink: ${what}${stan ? ` STAN ${stan}` : ""} failed: ${e.code}${queued ? ", reversal queued" : ""}`);
      return {
        status: "failed",
        stan,
        reason: e.message,
        prompt: e.code === "REVERSAL_PENDING" ? "HOST UNAVAILABLE" : e.code === "HOST_TIMEOUT" ? "NO RESPONSE" : "COMMS ERROR",
        error: e.code,
        reversalQueued: queued,
      };
    }
  }

  /** Sends every pending message; any failure stops the new transaction. */
  async #drain(channel: Channel): Promise<number> {
    let sent = 0;
    for (const p of this.#pending.list()) {
      const fields: Record<number, FieldValue> = { ...p.fields, 11: p.mti === "0400" ? p.originalStan : p.fields[11] };
      if (p.fields[55]) fields[55] = fromHex(p.fields[55]);
      const message = this.#message(p.mti, fields);
      try {
        await this.#exchange(channel, message, true);
      } catch (e) {
        if (!isXsposError(e)) throw e;
        throw new UplinkError("REVERSAL_PENDING", `a ${p.mti} for STAN ${p.originalStan} could not be delivered (${e.code})`);
      }
      this.#pending.remove(p.mti, p.originalStan);
      this.#o.log.write(`uplink: ${p.mti} for STAN ${p.originalStan} delivered (${p.reason})`);
      sent++;
    }
    return sent;
  }

  #reversalFields(request: IsoMessage, stan: string, transmitted: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of [3, 4, 22, 25, 49]) {
      const v = text(request, n);
      if (v !== undefined) out[n] = v;
    }
    out[90] = this.#originalData(stan, transmitted);
    return out;
  }

  /** DE90: original MTI, STAN, transmission date and time, acquirer and forwarding institution (zeros). */
  #originalData(stan: string, transmitted: string): string {
    return "0200" + stan + transmitted + "0".repeat(22);
  }

  /** DE7 (MMDDhhmmss), DE12 (hhmmss) and DE13 (MMDD) from the terminal's clock. */
  #dateTime(): { 7: string; 12: string; 13: string } {
    const now = this.#o.dateTime();
    const mmdd = two(now.getMonth() + 1) + two(now.getDate());
    const hhmmss = two(now.getHours()) + two(now.getMinutes()) + two(now.getSeconds());
    return { 7: mmdd + hhmmss, 12: hhmmss, 13: mmdd };
  }

  #message(mti: string, fields: Record<number, FieldValue>): IsoMessage {
    const all: Record<number, FieldValue> = { ...this.#dateTime(), ...fields, 41: this.#o.config.terminalId, 42: this.#o.config.merchantId };
    const map = new Map<number, FieldValue>();
    for (const [k, v] of Object.entries(all)) map.set(Number(k), v);
    const message: IsoMessage = { mti, fields: map };
    if (this.#o.config.tpdu && this.#o.config.header) {
      message.tpdu = this.#o.config.tpdu;
      message.header = this.#o.config.header;
    }
    return message;
  }

  /** Packs (with MAC when `mac`), sends and waits for the matching, authentic response. */
  async #exchange(channel: Channel, request: IsoMessage, mac: boolean): Promise<IsoMessage> {
    const { dialect, responseTimeoutMs } = this.#o.config;
    let key: Uint8Array | undefined;
    if (mac) {
      const tak = this.#keys.read().tak;
      if (!tak) throw new UplinkError("NOT_SIGNED_ON", "the terminal has no MAC key: sign on first");
      key = fromHex(tak);
    }
    try {
      const bytesOut = key ? packWithMac(this.#o.crypto, dialect, request, key) : pack(dialect, request);
      const stan = text(request, 11);
      const wanted = responseMti(request.mti);
      let matched: IsoMessage | undefined;
      const raw = await channel.exchange(
        bytesOut,
        (bytesIn) => {
          const m = unpack(dialect, bytesIn);
          const ok = m.mti === wanted && text(m, 11) === stan && text(m, 41) === this.#o.config.terminalId;
          if (ok) matched = m;
          return ok;
        },
        responseTimeoutMs ?? 30_000,
      );
      if (key && !macValid(this.#o.crypto, dialect, raw, matched!, key)) {
        throw new UplinkError("HOST_MAC", `the ${wanted} for STAN ${stan} fails its MAC`);
      }
      return matched!;
    } finally {
      key?.fill(0);
    }
  }

  async #session<T>(work: (channel: Channel) => Promise<T>): Promise<T> {
    const { host, port, tls, connectTimeoutMs, connectRetries, lengthHeader } = this.#o.config;
    let lastError: unknown;
    for (let attempt = 0; attempt <= (connectRetries ?? 1); attempt++) {
      let connection;
      try {
        connection = await this.#o.link.connect(host, port, { tls, timeoutMs: connectTimeoutMs ?? 10_000 });
      } catch (e) {
        lastError = e;
        continue;
      }
      const channel = new Channel(connection, this.#o.clock, lengthHeader);
      try {
        return await work(channel);
      } finally {
        if (channel.dropped) this.#o.log.write(`uplink: ${channel.dropped} unmatched message(s) dropped`);
        channel.close();
      }
    }
    if (isXsposError(lastError)) throw lastError;
    throw new UplinkError("HOST_CONNECT", `cannot reach the acquirer at ${host}:${port}`);
  }
}
