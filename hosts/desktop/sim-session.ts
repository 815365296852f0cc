/**
 * The simulator's session core, shared by its text and web front ends:
 * the acquirer emulator, the firmware image (hosts/desktop/terminal.ts)
 * on an XS worker, the simulator's files and the network bridge; one
 * serialized queue of actions on the image; and typed events of what
 * the terminal shows, logs, prints, says on its card line and uplink,
 * and the modeled device time of each transaction. A power cut kills
 * the worker at once; power on starts a new one on the same files, so
 * the terminal's recovery runs as after a real cut. Node only.
 */
import { randomBytes } from "node:crypto";
import { fromHex } from "../../modules/core/hex.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { startAcquirer, type Acquirer } from "../acquirer/acquirer.ts";
import { defaultAccounts, type Account } from "../acquirer/accounts.ts";
import type { FaultKind } from "../acquirer/faults.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { interpretEscPos, paperToSvg } from "../escpos-paper/index.ts";
import { readToken } from "../escpos-paper/tokenize.ts";
import { bundleForXs, startXs } from "../../tools/xs-worker.ts";
import { cardIssuerScripts, cardIssuers, profilePan } from "./card-issuers.ts";
import { CHIP_CARDS, SIM_CARDS } from "./cards.ts";
import { loadTestCard, readTestCaKeys, readTestCardJson } from "./emv-card/test-cards.ts";
import { NetBridge } from "./net-bridge.ts";
import { SimStorage, simDirectory } from "./sim-storage.ts";
import { UplinkTrace } from "./uplink-trace.ts";
import { LinkMeter, LTE_MODEM_LINK, WIFI_LINK, type LinkTime } from "./link-model.ts";
import type { SimMessage } from "./xs-channel.ts";
import type { StartRequest, SwipeRequest } from "./terminal.ts";

/** The simulator's manager PIN (its digest is provisioned in a fresh key store). */
export const MANAGER_PIN = "9876";
/** ANSI X9.24-1:2009 annex A test initial KSN. */
const TEST_KSN = "FFFF9876543210E00000";
/** states in which the digits typed are secret */
export const SECRET_STATES: ReadonlySet<string> = new Set(["pin", "manager-pin"]);

/**
 * Whether a key pressed in `before` went to a secret entry: the state the
 * image says the key reached the terminal in (the chip may bring up the
 * PIN prompt while the key is on its way); when the key did not reach it,
 * any secret state around the key counts.
 */
export function keySecret(before: string, messages: readonly SimMessage[]): boolean {
  const reached = messages.find((m): m is Extract<SimMessage, { type: "key-state" }> => m.type === "key-state");
  if (reached) return SECRET_STATES.has(reached.state);
  return SECRET_STATES.has(before) || messages.some((m) => m.type === "state" && SECRET_STATES.has(m.state));
}
/**
 * The chip profiles whose cardholder verification is an online PIN (both applications of the
 * two-application card ask for one): their issuer holds the PIN 1234. The others go online
 * without a PIN block, which an account with a PIN would refuse (55).
 */
const ONLINE_PIN_PROFILES: ReadonlySet<string> = new Set(["dda", "two-applications"]);
/** receipts and trace lines a session keeps for a page that connects later */
const KEEP_RECEIPTS = 40;
const KEEP_TRACE = 1000;

/**
 * Accounts of the simulator's wallet beyond the emulator's defaults: a
 * card the host declines whatever the amount, and one with HKD 20.00 left.
 */
const SIMULATOR_ACCOUNTS: Account[] = [
  { pan: "4000000000000002", balanceMinor: 1_000_000, limitMinor: 500_000, expiry: "3012", blocked: true },
  { pan: "4000000000009995", balanceMinor: 2_000, limitMinor: 100_000, expiry: "3012" },
];

/** The modeled device time of the current (or last) transaction, in ms. */
export interface DeviceTime {
  cardIoMs: number;
  cardIoBoundMs: number;
  /** modelled from the bytes on the bridge (link-model.ts): one round trip per message plus the bytes over the link's rate */
  networkMs: number;
  /** the link model's name (Wi-Fi, or the 4G modem with `--4g`) */
  networkLink: string;
  /** what the network time was modelled from: messages (round trips), bytes out and in */
  networkMessages: number;
  networkSentBytes: number;
  networkReceivedBytes: number;
  printMs: number;
  totalMs: number;
}

/** A receipt as the paper shows it once its cut has come. */
export interface SimReceipt {
  id: number;
  svg: string;
  lines: string[];
  copy?: "merchant" | "customer";
}

export type TraceKind = "apdu" | "iso8583" | "net" | "log";

/** What the session tells its front end. */
export type SimEvent =
  | { type: "display"; lines: string[] }
  | { type: "state"; state: string; cardIn: boolean }
  | { type: "log"; text: string }
  | { type: "notice"; text: string }
  | ({ type: "receipt" } & SimReceipt)
  | { type: "trace"; kind: TraceKind; dir?: string; text: string }
  | ({ type: "deviceTime" } & DeviceTime)
  | { type: "power"; on: boolean }
  | { type: "paper"; in: boolean };

/** How a session starts. */
export interface SimSessionOptions {
  /** the project's root (the simulator's directory defaults to .xspos-sim/ in it) */
  root: string;
  /** empty the simulator's directory first */
  fresh: boolean;
  chinese: boolean;
  uplink: "wifi" | "4g";
  /** put the emulator's balances back as the last run left them (the demo starts them full) */
  restoreBalances: boolean;
}

/** The session's worker was killed by a power cut while an action ran. */
export class PowerCutError extends Error {
  constructor() {
    super("the terminal lost power");
  }
}

const zeroTime = (link = WIFI_LINK): DeviceTime => ({ cardIoMs: 0, cardIoBoundMs: 0, networkMs: 0, networkLink: link.name, networkMessages: 0, networkSentBytes: 0, networkReceivedBytes: 0, printMs: 0, totalMs: 0 });
const round = (ms: number) => Math.round(ms * 10) / 10;
const CUSTOMER_COPY = /CUSTOMER COPY|持卡人存根/;
const MERCHANT_COPY = /MERCHANT COPY|商户存根/;

type Worker = Awaited<ReturnType<typeof startXs>>;

export class SimSession {
  readonly storage: SimStorage;
  readonly acquirer: Acquirer;
  readonly chinese: boolean;
  /** the emulator's log lines not yet taken by the front end */
  readonly acquirerLog: string[] = [];
  bridge: NetBridge;
  /** XS computation units spent so far */
  compute = 0;
  state = "off";
  cardIn = false;
  idle = false;
  paperIn = true;
  powered = false;
  display: string[] = [];
  receipts: SimReceipt[] = [];
  trace: Extract<SimEvent, { type: "trace" }>[] = [];
  deviceTime: DeviceTime = zeroTime();
  #start: StartRequest | undefined;
  #bundle: Promise<string>;
  #worker: Worker | undefined;
  #listeners = new Set<(e: SimEvent) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #paper: number[] = [];
  #receiptId = 0;
  #seed = 1;
  #uplink: UplinkTrace;
  /** the network time of each transaction, modelled from the bytes on the bridge */
  #linkMeter = new LinkMeter(WIFI_LINK);

  private constructor(storage: SimStorage, acquirer: Acquirer, chinese: boolean) {
    this.storage = storage;
    this.acquirer = acquirer;
    this.chinese = chinese;
    this.#uplink = new UplinkTrace((dir, text) => this.#traceLine("iso8583", text, dir), (text) => this.#traceLine("net", text));
    this.bridge = this.#newBridge();
    this.#bundle = bundleForXs(new URL("./terminal.ts", import.meta.url).pathname);
  }

  /** Opens the simulator's files and starts the acquirer emulator on them. */
  static async open(options: SimSessionOptions): Promise<SimSession> {
    const storage = new SimStorage(simDirectory(options.root), options.fresh);
    const chipNames = CHIP_CARDS.flatMap((c) => (c.profile ? [c.profile] : []));
    const chipAccounts: Account[] = chipNames.flatMap((name) =>
      loadTestCard(name).applications.flatMap((app) => {
        const pan = profilePan(app);
        return pan ? [{ pan, balanceMinor: 5_000_000, limitMinor: 2_000_000, expiry: "4912", ...(ONLINE_PIN_PROFILES.has(name) ? { pin: "1234" } : {}) }] : [];
      }),
    );
    let session: SimSession | undefined;
    const acquirer = await startAcquirer({
      dialect: ISO87A,
      bdk: fromHex(TEST_BDK),
      tmk: fromHex(TEST_TMK),
      // the host's local time (DE12/DE13 of its sign-on answer) in the zone the terminal's clock is in: this machine's
      offsetMinutes: -new Date().getTimezoneOffset(),
      accounts: [...defaultAccounts(), ...chipAccounts, ...SIMULATOR_ACCOUNTS],
      issuer: cardIssuers(chipNames),
      // the wallet cards whose issuer sends scripts: they reach the card after the approval, their results (9F5B) the emulator in a 0620
      issuerScripts: cardIssuerScripts(CHIP_CARDS),
      log: (line) => {
        if (session) session.#acquirerLine(line);
      },
      // every request may change the ledger, a settled flag, the RRN counter or a session key
      onHandled: () => storage.saveAcquirer(acquirer),
    });
    storage.restoreAcquirer(acquirer, { balances: options.restoreBalances });
    session = new SimSession(storage, acquirer, options.chinese);
    session.#linkMeter = new LinkMeter(options.uplink === "4g" ? LTE_MODEM_LINK : WIFI_LINK);
    session.deviceTime = zeroTime(session.#linkMeter.link);
    session.#start = {
      acquirerPort: acquirer.port,
      uplink: options.uplink,
      language: options.chinese ? "zh" : "en",
      config: { ...SAMPLE_CONFIG, caKeys: [...SAMPLE_CONFIG.caKeys, ...readTestCaKeys()], aids: SAMPLE_CONFIG.aids.map((a) => ({ ...a, targetPercentage: 0, maxTargetPercentage: 0 })) },
      managerPin: MANAGER_PIN,
      bdk: TEST_BDK,
      ksn: TEST_KSN,
      tmk: TEST_TMK,
    };
    return session;
  }

  /** Calls `listener` with each event from now on; returns a function that stops it. */
  on(listener: (e: SimEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Starts an XS worker and loads the firmware image in it (the terminal is not started yet). */
  async powerUp(): Promise<void> {
    const worker = await startXs((m) => {
      const message = m as SimMessage;
      if (message.type === "random") return new Uint8Array(randomBytes(message.n));
      if (message.type === "wall") return new TextEncoder().encode(`${Date.now()},${-new Date().getTimezoneOffset()}`);
      // a worker killed by a power cut reaches no file and no socket any more
      if (this.#worker !== worker) return new Uint8Array(0);
      if (message.type.startsWith("net-")) {
        // what the bridge traces while it handles this message belongs at this message's place in the image's output
        this.#netHandled++;
        this.#handlingNet = true;
        try {
          return this.storage.handle(message) ?? this.bridge.handle(message);
        } finally {
          this.#handlingNet = false;
        }
      }
      return this.storage.handle(message) ?? this.bridge.handle(message);
    });
    this.#worker = worker;
    this.powered = true;
    try {
      await worker.evaluate(await this.#bundle);
    } catch (e) {
      if (this.#worker !== worker) throw new PowerCutError();
      throw e;
    }
    this.#emit({ type: "power", on: true });
  }

  /** Starts the terminal application with the simulator's start request (a fresh store is provisioned, recovery runs). */
  startTerminal(): Promise<SimMessage[]> {
    return this.evaluate(`xsposSim.start(${JSON.stringify(this.#start)})`);
  }

  /** Runs `expression` on the image and takes in what it sent; rejects with PowerCutError if the power goes meanwhile. */
  async evaluate(expression: string): Promise<SimMessage[]> {
    const worker = this.#worker;
    if (!worker || !this.powered) throw new PowerCutError();
    let run;
    this.#netHandled = 0;
    this.#held = [];
    this.#evaluating = true;
    try {
      try {
        run = await worker.evaluate(expression);
      } catch (e) {
        if (this.#worker !== worker || !this.powered) throw new PowerCutError();
        throw e;
      }
      if (this.#worker !== worker) throw new PowerCutError();
      this.compute += run.compute ?? 0;
      const messages = run.messages as SimMessage[];
      this.#absorb(messages);
      return messages;
    } finally {
      this.#evaluating = false;
      this.#releaseHeld(Infinity);
    }
  }

  /**
   * While the firmware holds a connection, hands it what the acquirer
   * sends and lets its clock run (so its time-outs can fire), 50 ms at a
   * time; `each` sees what each step sent.
   */
  async pump(each?: (messages: SimMessage[]) => void): Promise<void> {
    while (this.powered && this.bridge.open > 0) {
      const bridge = this.bridge;
      const event = await bridge.next(50);
      if (bridge !== this.bridge) break;
      const expression = !event ? "xsposSim.wait(50)" : "hex" in event ? `xsposSim.netData(${event.id}, "${event.hex}")` : `xsposSim.netClosed(${event.id})`;
      const messages = await this.evaluate(expression);
      each?.(messages);
    }
  }

  /** Runs `action` after every action queued before it; the queue goes on whatever it does. */
  enqueue<T>(action: () => Promise<T>): Promise<T> {
    this.#pending++;
    const result = this.#queue.then(action);
    this.#queue = result.then(
      () => void this.#pending--,
      () => void this.#pending--,
    );
    return result;
  }

  /** Actions queued and not yet done. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  /** A swipe request for card `card` of the wallet. */
  swipeRequest(card: number, options: Partial<SwipeRequest> = {}): SwipeRequest {
    return { card: SIM_CARDS[card], speed: [30, 30], reverse: false, jitter: 0.03, damage: false, seed: this.#seed++, ...options };
  }

  /** What `xsposSim.insert` takes for chip card `n` of the wallet. */
  insertExpression(n: number): string {
    const card = CHIP_CARDS[n];
    const what = card.profile ? { profile: { ...(readTestCardJson(card.profile) as object), ...card.set } } : { deadAtr: card.deadAtr };
    return `xsposSim.insert(${JSON.stringify(what)})`;
  }

  /** Queues a fault for the acquirer's next 0200. */
  inject(kind: FaultKind): void {
    this.acquirer.inject({ on: "0200", kind, ...(kind === "delay" ? { delayMs: 5000 } : {}) });
  }

  /** Tells the session's listeners whether the printer has paper ({@link SimSession.paperIn}). */
  emitPaper(): void {
    this.#emit({ type: "paper", in: this.paperIn });
  }

  /** A line of the simulator's own in the trace (a fault queued, a power cut), as the host's log lines are. */
  simulatorLine(text: string): void {
    this.#traceLine("log", text, "simulator");
  }

  /** Tells the session's listeners something in words. */
  notice(text: string): void {
    this.#emit({ type: "notice", text });
  }

  /**
   * A power cut: the worker is killed at once, whatever it was doing (the
   * journal's flash file keeps what was written), the connections close,
   * the printer's unfinished job and the card in the slot are lost.
   */
  async powerCut(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.powered = false;
    const bridge = this.bridge;
    this.bridge = this.#newBridge();
    bridge.close();
    await worker?.terminate().catch(() => {});
    this.#paper = [];
    this.state = "off";
    this.cardIn = false;
    this.display = [];
    this.#emit({ type: "power", on: false });
    this.#emit({ type: "display", lines: [] });
    this.#emit({ type: "state", state: "off", cardIn: false });
  }

  /**
   * Closes the worker (`kill`: at once, whatever it is running), the
   * bridge and the emulator; saves the emulator's state and closes the files.
   */
  async close({ kill = false }: { kill?: boolean } = {}): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.powered = false;
    try {
      await (kill ? worker?.terminate() : worker?.close());
    } finally {
      this.bridge.close();
      await this.acquirer.close();
      this.storage.saveAcquirer(this.acquirer);
      this.storage.close();
    }
  }

  #newBridge(): NetBridge {
    // a new bridge numbers its connections afresh
    this.#linkMeter = new LinkMeter(this.#linkMeter.link);
    return new NetBridge((e) => {
      this.#uplink.observe(e);
      this.#linkTime(this.#linkMeter.observe(e));
    });
  }

  #emit(event: SimEvent): void {
    for (const l of this.#listeners) l(event);
  }

  /**
   * The trace in the order things happened: while the image runs, its own
   * output reaches the session only when the run ends, but the bridge and
   * the emulator report at once. Their lines are held: a line the bridge
   * made while handling the image's n-th network message goes out right
   * after that message's place in the image's output, the others (the
   * host's answers, the emulator's log) after the whole of it.
   */
  #evaluating = false;
  #netHandled = 0;
  #handlingNet = false;
  #held: { after: number; line: () => void }[] = [];

  #releaseHeld(upTo: number): void {
    const now = this.#held.filter((h) => h.after <= upTo);
    this.#held = this.#held.filter((h) => h.after > upTo);
    for (const h of now) h.line();
  }

  /** Keeps a trace line for the snapshot and sends it (a terminal's log line goes out as a `log` event instead). */
  #traceLine(kind: TraceKind, text: string, dir?: string, emit = true): void {
    if (this.#evaluating && kind !== "apdu" && dir !== "terminal") {
      const after = this.#handlingNet ? this.#netHandled : Infinity;
      this.#held.push({ after, line: () => this.#traceNow(kind, text, dir, emit) });
      return;
    }
    this.#traceNow(kind, text, dir, emit);
  }

  #traceNow(kind: TraceKind, text: string, dir?: string, emit = true): void {
    const event: Extract<SimEvent, { type: "trace" }> = { type: "trace", kind, ...(dir ? { dir } : {}), text };
    this.trace.push(event);
    if (this.trace.length > KEEP_TRACE) this.trace.splice(0, this.trace.length - KEEP_TRACE);
    if (emit) this.#emit(event);
  }

  #acquirerLine(line: string): void {
    this.acquirerLog.push(line);
    this.#traceLine("log", line, "host");
  }

  /** Adds the modelled link time, in its place among the image's messages as a trace line is (a transaction's reset comes first). */
  #linkTime(t: LinkTime): void {
    if (t.networkMs === 0) return;
    const add = () => this.#addTime({ networkMs: t.networkMs, networkMessages: t.messages, networkSentBytes: t.sentBytes, networkReceivedBytes: t.receivedBytes });
    if (this.#evaluating) this.#held.push({ after: this.#handlingNet ? this.#netHandled : Infinity, line: add });
    else add();
  }

  #addTime(t: Partial<DeviceTime>): void {
    const d = this.deviceTime;
    d.cardIoMs = round(d.cardIoMs + (t.cardIoMs ?? 0));
    d.cardIoBoundMs = round(d.cardIoBoundMs + (t.cardIoBoundMs ?? 0));
    d.networkMs = round(d.networkMs + (t.networkMs ?? 0));
    d.networkMessages += t.networkMessages ?? 0;
    d.networkSentBytes += t.networkSentBytes ?? 0;
    d.networkReceivedBytes += t.networkReceivedBytes ?? 0;
    d.printMs = round(d.printMs + (t.printMs ?? 0));
    d.totalMs = round(d.cardIoMs + d.networkMs + d.printMs);
    this.#emit({ type: "deviceTime", ...d });
  }

  #absorb(messages: SimMessage[]): void {
    let net = 0;
    for (const m of messages) {
      if (m.type.startsWith("net-")) this.#releaseHeld(++net);
      if (m.type === "display") {
        this.display = m.lines;
        this.#emit({ type: "display", lines: m.lines });
      } else if (m.type === "log") {
        this.#traceLine("log", m.text, "terminal", false);
        this.#emit({ type: "log", text: m.text });
      }
      else if (m.type === "paper") this.#paper.push(...Buffer.from(m.hex, "hex"));
      else if (m.type === "idle") this.idle = m.idle;
      else if (m.type === "trace") this.#traceLine("apdu", m.text, m.dir);
      else if (m.type === "device-time") this.#addTime(m);
      else if (m.type === "state" && (m.state !== this.state || m.card !== this.cardIn)) {
        // a transaction's device time counts from the moment the terminal leaves idle
        if (this.state === "idle" && m.state !== "idle") {
          this.deviceTime = zeroTime(this.#linkMeter.link);
          this.#emit({ type: "deviceTime", ...this.deviceTime });
        }
        this.state = m.state;
        this.cardIn = m.card;
        this.#emit({ type: "state", state: m.state, cardIn: m.card });
      }
    }
    this.#cutReceipts();
  }

  /** Each receipt whose cut has come, read back from the printer's bytes and drawn (the terminal reports the printing time its paced printer spent). */
  #cutReceipts(): void {
    for (;;) {
      const paper = this.#paper;
      const cut = firstCutEnd(Uint8Array.from(paper), this.chinese);
      if (cut < 0) return;
      const bytes = Uint8Array.from(paper.slice(0, cut));
      this.#paper = paper.slice(cut);
      const result = interpretEscPos(bytes, { width: 80, chinese: this.chinese });
      const lines = result.items.flatMap((item) => (item.type === "text" ? [item.text] : []));
      // a cut with nothing before it (the printer's recovery after paper-out) is no receipt
      if (!lines.some((l) => l.trim() !== "")) continue;
      const text = lines.join("\n");
      const copy = CUSTOMER_COPY.test(text) ? "customer" : MERCHANT_COPY.test(text) ? "merchant" : undefined;
      const receipt: SimReceipt = { id: ++this.#receiptId, svg: paperToSvg(result), lines, ...(copy ? { copy } : {}) };
      this.receipts.push(receipt);
      if (this.receipts.length > KEEP_RECEIPTS) this.receipts.splice(0, this.receipts.length - KEEP_RECEIPTS);
      this.#emit({ type: "receipt", ...receipt });
    }
  }
}

/**
 * Where the first cut on `paper` ends, as the interpreter reads the bytes
 * (a raster image's data can hold 1D 56): -1 before any cut.
 */
export function firstCutEnd(paper: Uint8Array, chinese: boolean): number {
  const cut = interpretEscPos(paper, { width: 80, chinese }).items.find((item) => item.type === "cut");
  if (!cut) return -1;
  return cut.offset + (readToken(paper, cut.offset, false)?.length ?? 0);
}
