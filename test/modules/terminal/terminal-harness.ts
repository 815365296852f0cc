/**
 * The terminal application on any engine: its ports on a virtual clock, a
 * memory flash and key store, a recording display, and a small acquirer
 * behind a loopback link that keeps a ledger of the money it moved.
 */
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import type { KeypadKey } from "../../../modules/core/keys.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import type { MessageDisplay, WallClock } from "../../../modules/core/ports.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { TerminalConfig } from "../../../modules/config/types.ts";
import type { Message } from "../../../modules/display/message.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87A } from "../../../modules/iso8583/dialect.ts";
import { bytes, responseMti, text, type FieldValue, type IsoMessage } from "../../../modules/iso8583/message.ts";
import type { ApduTransport } from "../../../modules/iso7816/transport.ts";
import { MemoryFlash } from "../../../modules/journal/memory-flash.ts";
import { tdesIpek } from "../../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../../modules/pin/dukpt/tdes-terminal.ts";
import { LoopbackLink } from "../../../modules/uplink/loopback-link.ts";
import { macValid, packWithMac } from "../../../modules/uplink/message-mac.ts";
import { provisionManagerPin } from "../../../modules/terminal/manager-pin.ts";
import type { PrintResult, ReceiptJob, TerminalTimeouts } from "../../../modules/terminal/ports.ts";
import { createTerminal, type Terminal } from "../../../modules/terminal/terminal.ts";
import type { SwipedTrack } from "../../../modules/terminal/swipe-outcome.ts";
import { aidEntry, kernelConfig } from "../../support/emv-config.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RecordingLog } from "../../support/recorders.ts";

export const crypto = testCrypto(7);
/** the acquirer emulator's test master key and a MAC key the host hands out at sign-on */
const TMK = fromHex("1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D");
const TAK = fromHex("0123456789ABCDEFFEDCBA9876543210");
/** ANSI X9.24-1:2009 annex A test BDK and initial KSN */
const BDK = fromHex("0123456789ABCDEFFEDCBA9876543210");
const KSN = fromHex("FFFF9876543210E00000");

/** 2026-11-25 23:30:05 UTC; the terminal two hours east (the 26th there). */
export const NOV_25 = Date.UTC(2026, 10, 25, 23, 30, 5);

/** A stripe-only Visa test card (service code 101: no PIN). */
export const STRIPE_NO_PIN: SwipedTrack[] = [{ track: 2, ok: true, data: "4761739001010010=28121011234567890" }];
/** Service code 120: PIN required. */
export const STRIPE_PIN: SwipedTrack[] = [{ track: 2, ok: true, data: "4000000000000002=28121201234567890" }];
/** Service code 201: a chip card. */
export const STRIPE_CHIP: SwipedTrack[] = [{ track: 2, ok: true, data: "4111111111111111=28122011234567890" }];

export interface LedgerEntry {
  stan: string;
  kind: "sale" | "refund" | "void" | "balance" | "preauth" | "preauthCompletion" | "preauthCancel";
  amount: number;
  approved: boolean;
  reversed: boolean;
  /** a void: the sale it undid; a pre-authorization's completion or cancellation: the hold */
  original?: string;
}

/** The acquirer: signs on, approves (amounts ending in 51 are declined with 51), keeps a ledger; it can fall silent. */
export function acquirerHost() {
  const seen: IsoMessage[] = [];
  const ledger = new Map<string, LedgerEntry>();
  // signOnTime: the host's date and time fields (DE7, DE12, DE13) for its sign-on answers; without them it gives none
  const state = { silent: false, silentFor: "" as string, badMac: false, settled: [] as IsoMessage[], signOnTime: undefined as Record<number, string> | undefined };
  const answer = (request: IsoMessage, fields: Record<number, FieldValue>) => {
    const response: IsoMessage = { mti: responseMti(request.mti), fields: new Map([[11, text(request, 11)!], [41, text(request, 41)!], ...Object.entries(fields).map(([k, v]) => [Number(k), v] as [number, FieldValue])]) };
    return request.mti === "0800" ? pack(ISO87A, response) : packWithMac(crypto, ISO87A, response, state.badMac && request.mti === "0200" ? TMK : TAK);
  };
  let rrn = 100;
  const link = new LoopbackLink((raw) => {
    const request = unpack(ISO87A, raw);
    seen.push(request);
    if (state.silent || (state.silentFor && request.mti === state.silentFor)) return [];
    if (request.mti === "0800") {
      if (text(request, 70) !== "001") return [answer(request, { 39: "00" })];
      const kcv = toHex(crypto.blockEncrypt("TDES", "ECB", TAK, new Uint8Array(8)).subarray(0, 3));
      return [answer(request, { ...state.signOnTime, 39: "00", 48: toHex(crypto.blockEncrypt("TDES", "ECB", TMK, TAK)) + kcv })];
    }
    if (!macValid(crypto, ISO87A, raw, request, TAK)) return [answer(request, { 39: "A0" })];
    const stan = text(request, 11)!;
    if (request.mti === "0400") {
      const original = ledger.get(stan);
      if (original) original.reversed = true;
      return [answer(request, { 39: "00" })];
    }
    if (request.mti === "0500") {
      state.settled.push(request);
      return [answer(request, { 39: "00" })];
    }
    if (request.mti !== "0200" && request.mti !== "0100") return [answer(request, { 39: "00" })];
    const code = text(request, 3)!;
    // DE25 06: a pre-authorization (0100 processing 03), its cancellation (0100 processing 20), its completion (0200 processing 00), a completion's void (0200 processing 02)
    const preauth = text(request, 25) === "06";
    const kind: LedgerEntry["kind"] = code === "020000"
      ? "void"
      : preauth
      ? request.mti === "0100" ? (code === "200000" ? "preauthCancel" : "preauth") : "preauthCompletion"
      : code === "310000" ? "balance" : code === "200000" ? "refund" : code === "020000" ? "void" : "sale";
    const amount = Number(text(request, 4));
    const approved = amount % 100 !== 51;
    const entry: LedgerEntry = { stan, kind, amount, approved, reversed: false };
    if (kind === "void" || kind === "preauthCompletion" || kind === "preauthCancel") entry.original = text(request, 90)!.slice(4, 10);
    if (ledger.has(stan)) return [];
    ledger.set(stan, entry);
    if (!approved) return [answer(request, { 39: "51" })];
    rrn++;
    const fields: Record<number, FieldValue> = { 39: "00", 37: String(rrn).padStart(12, "0"), 38: "A" + String(rrn).padStart(5, "0") };
    if (kind === "balance") fields[54] = "0002344C000000123456";
    if (bytes(request, 55)) fields[55] = fromHex("910A11223344556677883030");
    return [answer(request, fields)];
  });
  return {
    link,
    seen,
    ledger,
    state,
    mtis: () => seen.map((m) => m.mti),
    /** sales approved and neither reversed nor voided: what the acquirer owes the merchant */
    owed(): { count: number; amount: number } {
      let count = 0;
      let amount = 0;
      const voided = new Set([...ledger.values()].filter((e) => e.kind === "void" && e.approved && !e.reversed).map((e) => e.original));
      for (const e of ledger.values()) {
        if (e.kind !== "sale" || !e.approved || e.reversed || voided.has(e.stan)) continue;
        count++;
        amount += e.amount;
      }
      return { count, amount };
    },
  };
}

export type AcquirerHost = ReturnType<typeof acquirerHost>;

export class RecordingMessages implements MessageDisplay {
  readonly shown: Message[] = [];
  show(message: Message): void {
    this.shown.push(message);
  }
  get last(): Message | undefined {
    return this.shown[this.shown.length - 1];
  }
  ids(): string[] {
    return this.shown.map((m) => m.id);
  }
}

/** A printer side that records what it was asked to print; it can be out of paper for the next jobs. */
export class RecordingReceipts {
  readonly jobs: ReceiptJob[] = [];
  paperOut = 0;
  async print(job: ReceiptJob): Promise<PrintResult> {
    if (this.paperOut > 0) {
      this.paperOut--;
      return { printed: false, problem: "PAPER_END" };
    }
    this.jobs.push(job);
    return { printed: true };
  }
}

export interface Rig {
  terminal: Terminal;
  clock: VirtualClock;
  display: RecordingMessages;
  log: RecordingLog;
  flash: MemoryFlash;
  keys: MemoryKeyStore;
  store: MemoryStore;
  host: AcquirerHost;
  receipts: RecordingReceipts;
  config: TerminalConfig;
  press(...keys: KeypadKey[]): void;
  type(digits: string): void;
  /** lets the terminal run (its promises, the clock) until it is idle again */
  idle(): Promise<string>;
  /** lets promise jobs and `ms` of time run */
  run(ms?: number): Promise<void>;
  insert(card: ApduTransport): void;
  /** lets the terminal run until it is in `state` */
  until(state: string): Promise<void>;
}

export interface RigOptions {
  host?: AcquirerHost;
  flash?: MemoryFlash;
  keys?: MemoryKeyStore;
  store?: MemoryStore;
  config?: TerminalConfig;
  timeouts?: Partial<TerminalTimeouts>;
  managerPin?: string;
  wallClock?: WallClock;
  /** do not start the terminal */
  noStart?: boolean;
}

export const MANAGER_KEY = "manager.pin";

/** A terminal on fresh (or given) durable state, started and signed on. */
export async function rig(options: RigOptions = {}): Promise<Rig> {
  const clock = new VirtualClock(0);
  const display = new RecordingMessages();
  const log = new RecordingLog();
  const flash = options.flash ?? new MemoryFlash({ blocks: 16, blockSize: 4096 });
  const keys = options.keys ?? new MemoryKeyStore();
  const store = options.store ?? new MemoryStore();
  const host = options.host ?? acquirerHost();
  const receipts = new RecordingReceipts();
  const config = options.config ?? kernelConfig([aidEntry("A0000000041010")]);
  if (!options.keys) {
    keys.put("tmk", TMK);
    if (options.managerPin) provisionManagerPin(keys, MANAGER_KEY, crypto, options.managerPin);
  }
  const dukpt = new TdesDukptTerminal(crypto, store);
  if (!options.store) dukpt.loadInitialKey(tdesIpek(crypto, BDK, KSN), KSN);
  const terminal = createTerminal({
    clock,
    wallClock: options.wallClock ?? { utcMs: () => NOV_25, offsetMinutes: () => 120 },
    crypto,
    keys,
    flash,
    link: host.link,
    display,
    log,
    config,
    acquirer: { host: "acquirer", port: 5000, dialect: ISO87A, terminalId: "TID00001", merchantId: "XSPOS0000000001", responseTimeoutMs: 5000, connectTimeoutMs: 3000 },
    pinKeys: dukpt,
    receipts,
    merchant: { name: "XSPOS TEST SHOP" },
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  const r: Rig = {
    terminal, clock, display, log, flash, keys, store, host, receipts, config,
    press(...list) {
      for (const key of list) terminal.handle({ type: "key", key: { key, repeat: false, at: clock.now() } });
    },
    type(digits) {
      for (const d of digits) r.press(d as KeypadKey);
    },
    idle: () => clock.settle(terminal.whenIdle(), 10),
    async run(ms = 0) {
      for (let j = 0; j < 50; j++) await Promise.resolve();
      if (ms) clock.advance(ms);
      for (let j = 0; j < 50; j++) await Promise.resolve();
    },
    async until(state) {
      for (let i = 0; i < 100_000 && terminal.state !== state; i++) {
        for (let j = 0; j < 10; j++) await Promise.resolve();
        if (terminal.state !== state) clock.advance(10);
      }
    },
    insert(card) {
      terminal.handle({ type: "card-inserted", transport: card });
    },
  };
  if (!options.noStart) await clock.settle(terminal.start());
  return r;
}

/** Keys a sale of `amount` (digits, minor units) and swipes `tracks`. */
export function swipeSale(r: Rig, amount: string, tracks: SwipedTrack[]): void {
  r.type(amount);
  r.press("ENTER");
  r.terminal.handle({ type: "swipe", tracks });
}
