import * as net from "node:net";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { isXsposError } from "../../modules/core/error.ts";
import { pack, unpack } from "../../modules/iso8583/codec.ts";
import type { Dialect } from "../../modules/iso8583/dialect.ts";
import { responseMti, text, bytes, type FieldValue, type IsoMessage } from "../../modules/iso8583/message.ts";
import { tdesDeriveWorkingKey } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { decryptPinBlock } from "../../modules/pin/pin-block.ts";
import { applicationCryptogram, arpcMethod1, commonSessionKey, iccMasterKey } from "../../modules/emv/cryptogram.ts";
import { encodeTlv, parseTlv } from "../../modules/emv/tlv.ts";
import { constantTimeEqual } from "../../modules/core/bytes.ts";
import { FrameDecoder, frame, type LengthHeader } from "../../modules/uplink/framing.ts";
import { macValid, packWithMac } from "../../modules/uplink/message-mac.ts";
import { messageTime } from "../../modules/uplink/message-time.ts";
import { NodeCrypto } from "../node/node-crypto.ts";
import { defaultAccounts, type Account } from "./accounts.ts";
import type { Fault } from "./faults.ts";
import { Ledger, type ChipAdviceEntry, type LedgerEntry } from "./ledger.ts";
import { closeHold, requestKind, reverseHoldStep } from "./holds.ts";

/**
 * The answer to a chip request whose ARQC the emulator has no issuer key
 * to check: ISO 8583:1987 DE39 96, "system malfunction": the issuer side
 * cannot perform the check an approval needs, which is not the card's
 * fault (05 would say the issuer looked and refused).
 */
const UNCHECKED_CHIP = "96";

/** Options of {@link startAcquirer}. */
export interface AcquirerOptions {
  port?: number;
  host?: string;
  dialect: Dialect;
  lengthHeader?: LengthHeader;
  /** DUKPT base derivation key for PIN blocks (TDES) */
  bdk: Uint8Array;
  /** each terminal's master key, under which sign-on sends the MAC key */
  tmk: Uint8Array;
  /** the issuer master key for application cryptograms (option A derivation per card) */
  imk?: Uint8Array;
  /**
   * The card's issuer, when the emulator knows it: checks the ARQC in
   * DE55 with that card's keys and conventions and gives the Issuer
   * Authentication Data for tag 91 (the response code decides the ARC);
   * undefined for a card it does not know (then `imk` applies).
   */
  issuer?: (de55: Uint8Array, pan: string, panSequence: string, responseCode: string) => { valid: boolean; issuerAuthenticationData?: Uint8Array; arpcMethod?: 1 | 2 } | undefined;
  /**
   * Checks the TC of a chip sale's TC upload with the card's issuer keys
   * (its CDOL2 data from DE55); undefined for a card it does not know
   * (then `imk` applies, over the ARQC's data set).
   */
  checkTc?: (de55: Uint8Array, pan: string, panSequence: string) => boolean | undefined;
  /** Issuer scripts (71/72 templates) to add to an approval's DE55, for a card it knows; undefined for none. */
  issuerScripts?: (de55: Uint8Array, pan: string, panSequence: string) => Uint8Array | undefined;
  accounts?: Account[];
  log?: (line: string) => void;
  /** Called after each request the emulator has handled (answered or not): where a caller saves its state. */
  onHandled?: () => void;
  /** The host's local time less UTC, in minutes, for DE12 and DE13 of its sign-on answers; 0 (UTC) unless given. */
  offsetMinutes?: number;
}

/**
 * What the emulator keeps besides its ledger and balances: the counter
 * behind its retrieval reference numbers and approval codes, and each
 * terminal's session MAC key from its last sign-on (hex). A test
 * emulator's test keys: a real host would keep them in an HSM.
 */
export interface AcquirerSessionState {
  rrn: number;
  terminals: Record<string, { tak?: string; uploaded: number }>;
}

export interface Acquirer {
  port: number;
  ledger: Ledger;
  accounts: Map<string, Account>;
  /** Queues a fault for the next request of its MTI. */
  inject(fault: Fault): void;
  /** The RRN counter and the terminals' session keys, to be saved with the ledger. */
  sessionState(): AcquirerSessionState;
  /** Puts back what {@link Acquirer.sessionState} gave, before any terminal connects. */
  restoreSessionState(state: AcquirerSessionState): void;
  close(): Promise<void>;
}

interface Terminal {
  tak?: Uint8Array;
  uploaded: number;
}

const two = (n: number) => String(n).padStart(2, "0");

/**
 * An acquirer host on a real TCP port: sign-on with MAC key exchange,
 * sale, refund, balance inquiry, void, pre-authorization with its
 * completion and cancellation, reversal, settlement with batch upload
 * and echo, in either dialect, with accounts, per-card limits,
 * DUKPT PIN verification and MACs; and faults injected on demand. Money
 * moves once per transaction, whatever the terminal retransmits.
 */
export async function startAcquirer(options: AcquirerOptions): Promise<Acquirer> {
  const crypto = new NodeCrypto();
  const dialect = options.dialect;
  const header = options.lengthHeader ?? "binary2";
  const ledger = new Ledger();
  const accounts = new Map((options.accounts ?? defaultAccounts()).map((a) => [a.pan, { ...a }]));
  const terminals = new Map<string, Terminal>();
  const faults: Fault[] = [];
  const sockets = new Set<net.Socket>();
  /** answers a `delay` fault holds back: dropped when the emulator closes, so that none keeps the process alive */
  const delayed = new Set<ReturnType<typeof setTimeout>>();
  let rrn = 100000000000;
  const log = options.log ?? (() => {});

  function terminal(id: string): Terminal {
    let t = terminals.get(id);
    if (!t) terminals.set(id, (t = { uploaded: 0 }));
    return t;
  }

  function respond(request: IsoMessage, fields: Record<number, FieldValue>, t: Terminal | undefined, mac: boolean): Uint8Array {
    const map = new Map<number, FieldValue>();
    for (const n of [3, 4, 7, 11, 12, 13, 41, 42, 49]) {
      const v = request.fields.get(n);
      if (v !== undefined) map.set(n, v);
    }
    for (const [k, v] of Object.entries(fields)) map.set(Number(k), v);
    const response: IsoMessage = { mti: responseMti(request.mti), fields: map };
    if (request.tpdu && request.header) {
      // the answer goes back the way the request came: source and destination swap
      response.tpdu = Uint8Array.of(request.tpdu[0], request.tpdu[3], request.tpdu[4], request.tpdu[1], request.tpdu[2]);
      response.header = request.header;
    }
    return mac && t?.tak ? packWithMac(crypto, dialect, response, t.tak) : pack(dialect, response);
  }

  /**
   * A request whose MAC does not verify under the terminal's session key
   * (or that came when the emulator has none for it): answered A0, without
   * a MAC, asking the terminal to sign on again (China UnionPay's POS
   * response code A0, "MAC check failed, sign on again"); nothing is booked.
   */
  function macRefused(request: IsoMessage, t: Terminal): Uint8Array {
    log(`acquirer: ${text(request, 41) ?? ""} STAN ${text(request, 11) ?? ""}: MAC does not verify, A0 (sign on again)`);
    return respond(request, { 39: "A0" }, t, false);
  }

  function originalKey(request: IsoMessage): string {
    const de90 = text(request, 90) ?? "";
    return Ledger.key(text(request, 41) ?? "", de90.slice(4, 10), de90.slice(10, 20));
  }

  function account(request: IsoMessage): Account | undefined {
    const pan = text(request, 2) ?? (text(request, 35) ?? "").split("=")[0];
    return accounts.get(pan);
  }

  function expiry(request: IsoMessage): string | undefined {
    return text(request, 14) ?? (text(request, 35) ?? "").split("=")[1]?.slice(0, 4);
  }

  function pinOk(request: IsoMessage, a: Account): boolean {
    const block = bytes(request, 52);
    if (!block) return a.pin === undefined;
    const ksn = text(request, 62);
    if (!ksn || !a.pin) return false;
    try {
      const key = tdesDeriveWorkingKey(crypto, options.bdk, fromHex(ksn), "pin");
      return decryptPinBlock(crypto, block, { format: 0, key, pan: a.pan }).join("") === a.pin;
    } catch (e) {
      if (!isXsposError(e)) throw e;
      return false;
    }
  }

  /**
   * The chip's ARQC over the EMV Book 2 minimum data set (amount, other
   * amount, country, TVR, currency, date, type, unpredictable number, AIP,
   * ATC, in that order), checked under the card's session key; the ARPC
   * (method 1, under the card's master key) answers it in tag 91.
   */
  function cryptogram(request: IsoMessage, a: Account, approve: boolean): { valid: boolean; unchecked?: boolean; issuerData?: Uint8Array } {
    const icc = bytes(request, 55);
    const own = icc && options.issuer?.(icc, a.pan, text(request, 23)?.slice(-2) ?? "00", approve ? "00" : "05");
    if (own) {
      log(`acquirer: ARQC ${own.valid ? "ok" : "wrong"} (the card's issuer keys), ${own.issuerAuthenticationData ? `ARPC method ${own.arpcMethod ?? 1} sent` : "no ARPC sent"}`);
      return { valid: own.valid, ...(own.issuerAuthenticationData ? { issuerData: encodeTlv("91", own.issuerAuthenticationData) } : {}) };
    }
    if (!icc) return { valid: true };
    if (!options.imk) {
      // no key to check the ARQC with: approving it unchecked would let any chip data through
      log(`acquirer: ARQC of card ${a.pan.slice(0, 6)}…${a.pan.slice(-4)} not checked: no issuer key for this card; declined ${UNCHECKED_CHIP}`);
      return { valid: false, unchecked: true };
    }
    try {
      const arqc = parseTlv(icc).find((x) => x.tag === "9F26")?.value;
      const valid = imkCryptogramValid(icc, a.pan, text(request, 23)?.slice(-2) ?? "00");
      if (!arqc || valid === undefined) return { valid: false };
      const mk = iccMasterKey(crypto, options.imk, a.pan, text(request, 23)?.slice(-2) ?? "00");
      const arc = Uint8Array.from(valid && approve ? "00" : "05", (c) => c.charCodeAt(0));
      const arpc = arpcMethod1(crypto, mk, arqc, arc);
      const issuerData = new Uint8Array(10);
      issuerData.set(arpc);
      issuerData.set(arc, 8);
      log(`acquirer: ARQC ${valid ? "ok" : "wrong"} (the emulator's issuer master key), ARPC method 1 sent`);
      return { valid, issuerData: encodeTlv("91", issuerData) };
    } catch (e) {
      if (!isXsposError(e)) throw e;
      return { valid: false };
    }
  }

  /**
   * The emulator's own convention under `imk`: an application cryptogram
   * (ARQC or TC) over EMV Book 2's minimum data set taken from DE55, under
   * the common session key of the card's master key; undefined when DE55
   * lacks the cryptogram or an object of the data set.
   */
  function imkCryptogramValid(icc: Uint8Array, pan: string, panSequence: string): boolean | undefined {
    const tags = new Map(parseTlv(icc).map((x) => [x.tag, x.value]));
    const parts = ["9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9C", "9F37", "82", "9F36"].map((tag) => tags.get(tag));
    const cryptogram = tags.get("9F26");
    if (!cryptogram || parts.some((p) => !p) || !options.imk) return undefined;
    const data = new Uint8Array(parts.reduce((n, p) => n + p!.length, 0));
    let at = 0;
    for (const p of parts) data.set(p!, (at += p!.length) - p!.length);
    const mk = iccMasterKey(crypto, options.imk, pan, panSequence);
    const r = new Uint8Array(8);
    r.set(tags.get("9F36")!.subarray(0, 2));
    return constantTimeEqual(applicationCryptogram(crypto, commonSessionKey(crypto, mk, r), data), cryptogram);
  }

  /**
   * A chip sale's TC upload (0320 with DE55) or issuer script results
   * (0620), or a repeat of one (0321, 0621): recorded once per terminal,
   * STAN and advice, the TC checked where the emulator has the card's
   * keys; no money moves. A repeat of an advice already recorded is a
   * duplicate, acknowledged and counted, not recorded again; a repeat of
   * one never recorded (its original lost) is recorded as the original.
   */
  function chipAdvice(raw: Uint8Array, request: IsoMessage, t: Terminal, advice: ChipAdviceEntry["advice"]): Uint8Array {
    if (!t.tak || !macValid(crypto, dialect, raw, request, t.tak)) return macRefused(request, t);
    const tid = text(request, 41) ?? "";
    const stan = text(request, 11) ?? "";
    const key = `${tid}:${stan}:${advice}`;
    const repeat = request.mti[3] === "1";
    const seen = ledger.chipAdvices.get(key);
    if (seen) {
      seen.received++;
      if (repeat) seen.repeats++;
      log(`acquirer: ${advice} of ${tid} STAN ${stan} again${repeat ? " (repeat)" : ""}, recorded once`);
      return respond(request, { 39: "00" }, t, true);
    }
    const sale = ledger.entries.get(originalKey(request));
    const entry: ChipAdviceEntry = { key, terminalId: tid, stan, advice, received: 1, repeats: repeat ? 1 : 0, ...(sale ? { of: sale.key } : {}) };
    const icc = bytes(request, 55);
    let tags = new Map<string, Uint8Array>();
    try {
      if (icc) tags = new Map(parseTlv(icc).map((x) => [x.tag, x.value]));
    } catch (e) {
      if (!isXsposError(e)) throw e;
    }
    const cryptogram = tags.get("9F26");
    const cid = tags.get("9F27");
    if (cryptogram) entry.cryptogram = toHex(cryptogram);
    if (cid) entry.cid = toHex(cid);
    const scripts = tags.get("9F5B");
    if (scripts) entry.scriptResults = toHex(scripts);
    if (advice === "tcUpload" && icc && sale?.pan) {
      const psn = tags.get("5F34") ? toHex(tags.get("5F34")!).padStart(2, "0").slice(-2) : "00";
      const own = options.checkTc?.(icc, sale.pan, psn);
      if (own !== undefined) entry.tcValid = own;
      else if (options.imk) {
        try {
          const valid = imkCryptogramValid(icc, sale.pan, psn);
          if (valid !== undefined) entry.tcValid = valid;
        } catch (e) {
          if (!isXsposError(e)) throw e;
          entry.tcValid = false;
        }
      }
    }
    ledger.chipAdvices.set(key, entry);
    const checked = entry.tcValid === undefined ? "" : entry.tcValid ? ", TC ok" : ", TC wrong";
    log(`acquirer: ${advice} of ${tid} STAN ${stan} recorded${sale ? "" : " (no such sale)"}${checked}${scripts ? `, script results ${entry.scriptResults}` : ""}`);
    return respond(request, { 39: "00" }, t, true);
  }

  function financial(raw: Uint8Array, request: IsoMessage, t: Terminal): Uint8Array {
    const tid = text(request, 41) ?? "";
    const stan = text(request, 11) ?? "";
    const key = Ledger.key(tid, stan, text(request, 7) ?? "");
    const seen = ledger.entries.get(key);
    if (seen) {
      log(`acquirer: retransmission of ${key}, same answer, no money moved`);
      return seen.response;
    }
    if (!t.tak || !macValid(crypto, dialect, raw, request, t.tak)) return macRefused(request, t);
    if (ledger.reversedUnseen.delete(key)) {
      log(`acquirer: ${key} arrives after its reversal: refused, no money moved`);
      return respond(request, { 39: "94" }, t, true);
    }
    const processing = (text(request, 3) ?? "").slice(0, 2);
    const amount = Number(text(request, 4) ?? "0");
    let voidOf: string | undefined;
    const asked = requestKind(request.mti, processing, text(request, 25));
    const decide = (): [string, LedgerEntry["kind"] | undefined, Account | undefined, Record<number, FieldValue>] => {
      if (asked === "preauthCompletion" || asked === "preauthCancel") {
        const original = ledger.entries.get(originalKey(request));
        const closed = closeHold(accounts, original, asked, amount, text(request, 38) ?? "");
        if (closed.code === "00") voidOf = original!.key;
        return [closed.code, closed.code === "00" ? asked : undefined, closed.account, {}];
      }
      if (request.mti === "0100" && asked !== "preauth") return ["12", undefined, undefined, {}];
      if (processing === "02") {
        const original = ledger.entries.get(originalKey(request));
        if (!original || (original.kind !== "sale" && original.kind !== "preauthCompletion") || original.responseCode !== "00" || original.reversed || original.voided || (original.kind === "preauthCompletion" && original.offline)) return ["25", undefined, undefined, {}];
        original.voided = true;
        voidOf = original.key;
        // a completion's void opens its hold again, as the card networks restore it: the amount held is no longer available
        if (original.kind === "preauthCompletion") reverseHoldStep(accounts, ledger.entries, original);
        else accounts.get(original.pan)!.balanceMinor += original.amountMinor;
        return ["00", "void", accounts.get(original.pan), {}];
      }
      const a = account(request);
      if (!a) return ["14", undefined, undefined, {}];
      if (a.blocked) return ["05", undefined, a, {}];
      const now = new Date();
      const yymm = two(now.getFullYear() % 100) + two(now.getMonth() + 1);
      if ((expiry(request) ?? a.expiry) < yymm) return ["54", undefined, a, {}];
      if (!pinOk(request, a)) return ["55", undefined, a, {}];
      const chip = cryptogram(request, a, amount <= a.limitMinor && amount <= a.balanceMinor);
      const icc = bytes(request, 55);
      const scripts = chip.valid && icc ? options.issuerScripts?.(icc, a.pan, text(request, 23)?.slice(-2) ?? "00") : undefined;
      const issuerData = chip.issuerData && scripts ? new Uint8Array([...chip.issuerData, ...scripts]) : (chip.issuerData ?? scripts);
      const chipData: Record<number, FieldValue> = issuerData ? { 55: issuerData } : {};
      if (chip.unchecked) return [UNCHECKED_CHIP, undefined, a, {}];
      if (!chip.valid) return ["05", undefined, a, chipData];
      if (processing === "31") return ["00", undefined, a, { 54: "1002" + (text(request, 49) ?? "000") + "C" + String(a.balanceMinor).padStart(12, "0") }];
      if (processing === "20") {
        a.balanceMinor += amount;
        return ["00", "refund", a, {}];
      }
      if (processing !== "00" && asked !== "preauth") return ["12", undefined, a, chipData];
      if (amount > a.limitMinor) return ["61", undefined, a, chipData];
      if (amount > a.balanceMinor) return ["51", undefined, a, chipData];
      // a sale takes the money, a pre-authorization holds it: either way it is no longer available
      a.balanceMinor -= amount;
      return ["00", asked === "preauth" ? "preauth" : "sale", a, chipData];
    };
    const [code, kind, a, extra] = decide();
    const approval: Record<number, string> = code === "00" ? { 37: String(++rrn), 38: String(rrn % 1000000).padStart(6, "0") } : {};
    const response = respond(request, { ...approval, ...extra, 39: code }, t, true);
    if (kind || code !== "00") {
      ledger.entries.set(key, {
        key,
        terminalId: tid,
        stan,
        kind: kind ?? asked,
        ...(voidOf ? { of: voidOf } : {}),
        pan: a?.pan ?? "",
        amountMinor: amount,
        responseCode: code,
        rrn: approval[37] ?? "",
        authCode: approval[38] ?? "",
        reversed: false,
        voided: false,
        settled: false,
        response,
      });
    }
    log(`acquirer: ${tid} STAN ${stan} processing ${processing} → ${code}`);
    return response;
  }

  function reversal(raw: Uint8Array, request: IsoMessage, t: Terminal): Uint8Array {
    if (!t.tak || !macValid(crypto, dialect, raw, request, t.tak)) return macRefused(request, t);
    ledger.reversals++;
    const key = originalKey(request);
    ledger.reversalsReceived.set(key, (ledger.reversalsReceived.get(key) ?? 0) + 1);
    const original = ledger.entries.get(key);
    if (!original) ledger.reversedUnseen.add(key);
    if (original && original.responseCode === "00" && !original.reversed) {
      original.reversed = true;
      const a = accounts.get(original.pan);
      if (a && original.kind === "sale") a.balanceMinor += original.amountMinor;
      if (a && original.kind === "refund") a.balanceMinor -= original.amountMinor;
      if (a && original.kind === "void" && original.of) {
        const undone = ledger.entries.get(original.of)!;
        undone.voided = false;
        const hold = undone.kind === "preauthCompletion" && undone.of ? ledger.entries.get(undone.of) : undefined;
        if (hold) {
          // the completion captures its hold again: what it released is available again
          hold.closed = "captured";
          a.balanceMinor += hold.amountMinor - undone.amountMinor;
        } else a.balanceMinor -= original.amountMinor;
      }
      if (original.kind === "preauth" || original.kind === "preauthCompletion" || original.kind === "preauthCancel") reverseHoldStep(accounts, ledger.entries, original);
      log(`acquirer: reversal of ${original.key}`);
    }
    return respond(request, { 39: "00" }, t, true);
  }

  /** Books an approved offline advice in the ledger, its response kept for a repeat. */
  function bookAdvice(key: string, tid: string, stan: string, request: IsoMessage, response: Uint8Array, what: { kind: "sale" | "preauthCompletion"; of?: string; pan: string; amountMinor: number }): void {
    ledger.entries.set(key, {
      key,
      terminalId: tid,
      stan,
      kind: what.kind,
      offline: true,
      ...(what.of === undefined ? {} : { of: what.of }),
      pan: what.pan,
      amountMinor: what.amountMinor,
      responseCode: "00",
      rrn: "",
      authCode: text(request, 38) ?? "",
      reversed: false,
      voided: false,
      settled: false,
      response,
    });
  }

  /** An advice of an offline approval: booked (money moved) once per terminal and STAN. */
  function advice(raw: Uint8Array, request: IsoMessage, t: Terminal): Uint8Array {
    if (!t.tak || !macValid(crypto, dialect, raw, request, t.tak)) return macRefused(request, t);
    const tid = text(request, 41) ?? "";
    const stan = text(request, 11) ?? "";
    const key = Ledger.adviceKey(tid, stan);
    if (!ledger.entries.has(key) && requestKind(request.mti, (text(request, 3) ?? "").slice(0, 2), text(request, 25)) === "preauthCompletion") {
      // an offline completion: it takes the hold it names, as a 0200 completion would; one that names no open hold books nothing
      const amount = Number(text(request, 4) ?? "0");
      const hold = ledger.entries.get(originalKey(request));
      const closed = closeHold(accounts, hold, "preauthCompletion", amount, text(request, 38) ?? "");
      const response = respond(request, { 39: "00" }, t, true);
      if (closed.code === "00") {
        bookAdvice(key, tid, stan, request, response, { kind: "preauthCompletion", of: hold!.key, pan: hold!.pan, amountMinor: amount });
      }
      log(`acquirer: ${tid} STAN ${stan} offline pre-auth completion advised, ${closed.code === "00" ? "booked" : `refused (${closed.code})`}`);
    } else if (!ledger.entries.has(key)) {
      const a = account(request);
      const amount = Number(text(request, 4) ?? "0");
      if (a) a.balanceMinor -= amount;
      const response = respond(request, { 39: "00" }, t, true);
      bookAdvice(key, tid, stan, request, response, { kind: "sale", pan: a?.pan ?? "", amountMinor: amount });
      log(`acquirer: ${tid} STAN ${stan} offline approval advised, booked`);
    }
    return respond(request, { 39: "00" }, t, true);
  }

  function open(tid: string): LedgerEntry[] {
    return [...ledger.entries.values()].filter((e) => e.terminalId === tid && e.responseCode === "00" && !e.reversed && !e.settled && (e.kind === "refund" || ((e.kind === "preauthCompletion" || e.kind === "sale") && !e.voided)));
  }

  function settlement(raw: Uint8Array, request: IsoMessage, t: Terminal): Uint8Array {
    if (!t.tak || !macValid(crypto, dialect, raw, request, t.tak)) return macRefused(request, t);
    const tid = text(request, 41) ?? "";
    const mine = open(tid);
    const debits = mine.filter((e) => e.kind === "sale" || e.kind === "preauthCompletion");
    const credits = mine.filter((e) => e.kind === "refund");
    const sum = (list: LedgerEntry[]) => list.reduce((s, e) => s + e.amountMinor, 0);
    const agree =
      Number(text(request, 76)) === debits.length &&
      Number(text(request, 88)) === sum(debits) &&
      Number(text(request, 74)) === credits.length &&
      Number(text(request, 86)) === sum(credits);
    if (agree || text(request, 3)?.startsWith("96")) {
      for (const e of mine) e.settled = true;
      t.uploaded = 0;
      return respond(request, { 39: "00" }, t, true);
    }
    return respond(request, { 39: "95" }, t, true);
  }

  function handle(raw: Uint8Array, fault?: Fault): Uint8Array | undefined {
    let request: IsoMessage;
    try {
      request = unpack(dialect, raw);
    } catch (e) {
      if (!isXsposError(e)) throw e;
      log(`acquirer: unreadable message (${e.code})`);
      return undefined;
    }
    const tid = text(request, 41) ?? "";
    const t = terminal(tid);
    if (fault?.kind === "reconcile" && request.mti === "0500") return respond(request, { 39: "95" }, t, true);
    // the host's session key for the terminal is gone (as after a key change on the host's side): every MAC fails until it signs on
    if (fault?.kind === "sign-on") t.tak = undefined;
    switch (request.mti) {
      case "0800": {
        if (text(request, 70) === "001") {
          const tak = crypto.random(16);
          t.tak = tak;
          const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", tak, new Uint8Array(8)).subarray(0, 3));
          // the host's own time (China UnionPay practice: DE12 and DE13 local, with DE7 in GMT), by which a terminal with no clock sets its own
          const now = messageTime(Math.floor(Date.now() / 1000), options.offsetMinutes ?? 0);
          return respond(request, { ...now, 39: "00", 48: toHex(crypto.blockEncrypt("TDES", "ECB", options.tmk, tak)) + kcv }, t, false);
        }
        return respond(request, { 39: "00" }, t, false);
      }
      case "0100":
      case "0200":
        return financial(raw, request, t);
      case "0400":
        return reversal(raw, request, t);
      case "0220":
      case "0221":
        return advice(raw, request, t);
      case "0500":
        return settlement(raw, request, t);
      case "0321":
        return chipAdvice(raw, request, t, "tcUpload");
      case "0320":
        // a TC upload carries the chip data; a batch upload does not
        if (request.fields.has(55)) return chipAdvice(raw, request, t, "tcUpload");
        t.uploaded++;
        return respond(request, { 39: "00" }, t, true);
      case "0620":
      case "0621":
        return chipAdvice(raw, request, t, "scriptResult");
      default:
        return respond(request, { 39: "12" }, t, false);
    }
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    const decoder = new FrameDecoder(header);
    socket.on("data", (chunk: Buffer) => {
      let frames: Uint8Array[];
      try {
        frames = decoder.push(new Uint8Array(chunk));
      } catch {
        socket.destroy();
        return;
      }
      for (const raw of frames) {
        const mti = peekMti(raw);
        const index = faults.findIndex((f) => f.on === mti);
        const fault = index >= 0 ? faults.splice(index, 1)[0] : undefined;
        const answer = fault?.process === false ? undefined : handle(raw, fault);
        options.onHandled?.();
        if (fault) log(`acquirer: fault ${fault.kind} on ${mti}`);
        if (!fault || fault.kind === "reconcile" || fault.kind === "sign-on") {
          if (answer) socket.write(frame(answer, header));
          continue;
        }
        if (fault.kind === "drop") continue;
        if (fault.kind === "disconnect") {
          socket.destroy();
          return;
        }
        if (fault.kind === "garbage") socket.write(frame(crypto.random(24), header));
        else if (fault.kind === "wrong-mac" && answer) {
          // the MAC is the message's last field: its last character changed to another that is valid as a hex digit
          // (ISO87A) and as a byte (ISO87B), so the answer still unpacks and only its MAC fails
          const bad = answer.slice();
          bad[bad.length - 1] = bad[bad.length - 1] === 0x30 ? 0x31 : 0x30;
          socket.write(frame(bad, header));
        } else if (fault.kind === "duplicate" && answer) {
          socket.write(frame(answer, header));
          socket.write(frame(answer, header));
        } else if (fault.kind === "delay" && answer) {
          const timer = setTimeout(() => {
            delayed.delete(timer);
            if (socket.writable) socket.write(frame(answer, header));
          }, fault.delayMs ?? 1000);
          delayed.add(timer);
        }
      }
    });
  });

  function peekMti(raw: Uint8Array): string {
    const at = dialect.bcd && raw[0] === 0x60 ? 11 : 0;
    return dialect.bcd ? toHex(raw.subarray(at, at + 2)) : String.fromCharCode(...raw.subarray(at, at + 4));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    ledger,
    accounts,
    inject: (fault) => void faults.push(fault),
    sessionState: () => ({
      rrn,
      terminals: Object.fromEntries([...terminals].map(([id, t]) => [id, { ...(t.tak ? { tak: toHex(t.tak) } : {}), uploaded: t.uploaded }])),
    }),
    restoreSessionState(state) {
      if (Number.isSafeInteger(state.rrn) && state.rrn > rrn) rrn = state.rrn;
      for (const [id, t] of Object.entries(state.terminals)) terminals.set(id, { ...(t.tak ? { tak: fromHex(t.tak) } : {}), uploaded: t.uploaded });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
