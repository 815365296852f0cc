/**
 * The desktop simulator's firmware image, run on the XS engine: the
 * terminal application (`createTerminal`) over the real drivers on
 * virtual devices — the matrix keypad (4×5, F1 for the basket), the
 * magstripe reader on virtual heads, the smartcard slot carrying a
 * virtual EMV card, the ESC/POS printer on a virtual printer — with the
 * journal, the key store and the DUKPT registers in the front end's
 * files, the uplink over the front end's sockets (or a virtual 4G modem
 * on them), on a virtual clock for time-outs and the front end's real
 * wall clock, read at each call, for dates (the virtual clock runs ahead
 * of real time in the demo: receipts dated by it would lie). The front end drives it through
 * `globalThis.xsposSim` and shows what it sends.
 */
import { fromHex, toHex } from "../../modules/core/hex.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { SoftwareCrypto } from "../../modules/crypto/software-crypto.ts";
import { validateTerminalConfig } from "../../modules/config/config.ts";
import { LineDisplayAdapter } from "../../modules/display/line-display-adapter.ts";
import type { LanguageMode } from "../../modules/display/language.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { provisionTestKeys } from "../../modules/terminal/provision-test-keys.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import { printerReceiptsOptions } from "../../modules/terminal/receipt-options.ts";
import { createTerminal, type Terminal } from "../../modules/terminal/terminal.ts";
import { DeviceEvents } from "../../modules/terminal/device-events.ts";
import type { Link } from "../../modules/uplink/ports.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { SettableWallClock } from "../../modules/core/settable-wall-clock.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals, type SwipeProfile } from "../../drivers/magstripe/encode.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { CellularModem } from "../../drivers/modem/cellular-modem.ts";
import { BridgeLink } from "./bridge-link.ts";
import { BridgeFlash, BridgeKeyStore, BridgeStore } from "./bridge-storage.ts";
import { createEmvCardFromJson } from "./emv-card/emv-card.ts";
import { emvCardSlot } from "./emv-card/slot.ts";
import { virtualCardSlot } from "./virtual-card.ts";
import { VirtualHead } from "./virtual-head.ts";
import { virtualMatrix } from "./virtual-matrix.ts";
import { virtualModem } from "./virtual-modem.ts";
import { virtualPrinter } from "./virtual-printer.ts";
import { tracedTransport } from "./apdu-trace.ts";
import { hostRandom, hostWallClock, send } from "./xs-channel.ts";
import type { SimCard } from "./cards.ts";

/** How the front end asks for a swipe. */
export interface SwipeRequest {
  card: SimCard;
  /** cm/s at the start and end of the swipe */
  speed: [number, number];
  reverse: boolean;
  /** relative jitter of each flux interval */
  jitter: number;
  /** flip one recorded bit on every track (a scratched stripe) */
  damage: boolean;
  seed: number;
}

/** What the front end hands the image at start: nothing here reads a file. */
export interface StartRequest {
  acquirerPort: number;
  uplink: "wifi" | "4g";
  language: LanguageMode;
  /** the configuration as modules/config reads it (the sample with the test CA keys) */
  config: unknown;
  /** the simulator's manager PIN, provisioned as a digest on a fresh key store */
  managerPin: string;
  /** hex: the test BDK, initial KSN and terminal master key, loaded on a fresh store only */
  bdk: string;
  ksn: string;
  tmk: string;
}

const clock = new VirtualClock(0);
const log = { write: (text: string) => void send({ type: "log", text }) };
const crypto = new SoftwareCrypto(hostRandom);
const link = new BridgeLink();
/** the printer: an 80 mm model, a Chinese one (GB18030 in Kanji mode) with `--zh` */
let vp = virtualPrinter({ clock });
let printedSent = 0;
let busySent = 0;
let terminal: Terminal | undefined;
let events: DeviceEvents<SmartcardSlot> | undefined;
/** the card in the slot: its slot, how it is taken out, and the end of the slot's wiring */
let card: { slot: SmartcardSlot; pull(): void; detach(): void } | undefined;
const closers: (() => void)[] = [];

/**
 * Lets the virtual clock run `ms`, 5 ms at a time, the promise jobs of
 * each step run before the next; with `untilWrite`, it stops early once
 * the terminal has written to the network, so that the front end can
 * hand over the answer without the clock running on past it.
 */
async function run(ms: number, untilWrite = false): Promise<void> {
  const writes = link.writes;
  for (let t = 0; t < ms && !(untilWrite && link.writes !== writes); t += 5) {
    for (let i = 0; i < 8; i++) await null;
    clock.advance(Math.min(5, ms - t));
  }
  for (let i = 0; i < 8; i++) await null;
}

/** Sends what the printer put on paper since last time, the time its engine spent printing it, and the terminal's state. */
function report(): void {
  if (vp.device.busyMs > busySent) {
    send({ type: "device-time", printMs: vp.device.busyMs - busySent });
    busySent = vp.device.busyMs;
  }
  const printed = vp.device.printed;
  if (printed.length > printedSent) {
    send({ type: "paper", hex: toHex(Uint8Array.from(printed.slice(printedSent))) });
    printedSent = printed.length;
  }
  send({ type: "state", state: terminal?.state ?? "off", card: card !== undefined });
}

async function uplinkPort(kind: "wifi" | "4g"): Promise<Link> {
  if (kind === "wifi") return link;
  const device = virtualModem({ network: link });
  const modem = new CellularModem({ serial: { io: device.Serial, port: 2, receive: 16, transmit: 17 }, clock, apn: "internet" });
  const started = modem.start();
  const status = await clock.settle(started, 5);
  log.write(`modem: registered (${status.registration}), ${status.signalDbm} dBm, address ${status.ip}`);
  return modem.link;
}

async function start(r: StartRequest): Promise<void> {
  const keys = new BridgeKeyStore(new BridgeStore("keys"));
  const config = validateTerminalConfig(r.config, crypto);
  const dukpt = new TdesDukptTerminal(crypto, new BridgeStore("dukpt"));
  provisionTestKeys({ keys, dukpt, crypto, log }, { tmk: r.tmk, bdk: r.bdk, ksn: r.ksn, managerPin: r.managerPin, managerPinKey: config.limits.managerPin.keyName });
  const chinese = r.language !== "en";
  const profile = printerProfile(80, { chinese });
  // the engine is paced by the printing-time model: the terminal's clock spends the time the receipts take to print
  vp = virtualPrinter({ clock, kanjiByDefault: chinese, pace: profile });
  printedSent = busySent = 0;
  // the drivers' callbacks become the terminal's events as on the board (modules/terminal device-events.ts); the kernel talks
  // through a traced transport: the front end shows each APDU, masked, and its line time
  const e = new DeviceEvents<SmartcardSlot>({ log, transport: (slot, on) => tracedTransport(slot, on.protocol) });
  events = e;
  const printer = new EscPosPrinter({ serial: { io: vp.Serial, port: 1, receive: 16, transmit: 17 }, clock, profile, onStatus: (s) => e.printerStatus(s) });
  closers.push(() => printer.close());
  const display = new LineDisplayAdapter({
    display: { show: (lines) => void send({ type: "display", lines }) },
    clock,
    language: r.language,
    geometry: { kind: "character", rows: 4, columns: 20 },
  });
  const t = createTerminal({
    clock,
    // the front end's system clock, set from the start
    wallClock: new SettableWallClock({ now: () => hostWallClock().utcMs, offsetMinutes: () => hostWallClock().offsetMinutes, set: true }),
    crypto,
    keys,
    flash: new BridgeFlash({ blocks: 16, blockSize: 4096 }),
    // its network time is modelled by the session from the bytes on the bridge (link-model.ts), not timed here
    link: await uplinkPort(r.uplink),
    display,
    log,
    config,
    acquirer: { host: "127.0.0.1", port: r.acquirerPort, dialect: ISO87A, terminalId: "XSPOS001", merchantId: "XSPOSSIMULATOR1", responseTimeoutMs: 5000, connectTimeoutMs: 3000 },
    pinKeys: dukpt,
    receipts: new PrinterReceipts(printerReceiptsOptions(config, r.language, { printer, profile, ...(chinese ? { gb: loadGbTable() } : {}) })),
    merchant: { name: "XSPOS SIMULATOR" },
  });
  terminal = t;
  const matrix = virtualMatrix(5, 4);
  const keypad = new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, keymap: LAYOUT_4X5,
    onKey: (e) => {
      // the front ends echo a key by the state it reached the terminal in: a PIN prompt may come up between two keys of one input
      send({ type: "key-state", state: t.state });
      t.onKey(e);
    },
  });
  const reader = new MagstripeReader({
    tracks: [1, 2, 3].map((track) => ({ track: track as 1 | 2 | 3, flux: { io: VirtualHead, track } })),
    clock,
    onSwipe: (s) => t.onSwipe(s),
  });
  closers.push(() => keypad.close(), () => reader.close(), () => t.close());
  press = (list) => {
    for (const key of list) {
      const row = LAYOUT_4X5.findIndex((keysOfRow) => keysOfRow.includes(key));
      if (row < 0) continue;
      const column = LAYOUT_4X5[row].indexOf(key);
      matrix.press(row, column);
      clock.advance(80);
      matrix.release(row, column);
      clock.advance(80);
    }
  };
  // recovery and sign-on go on while the front end serves the connection
  void e.start(t).catch((x) => log.write(`terminal: start failed (${(x as { code?: string }).code ?? "error"})`));
}

let press: (keys: KeypadKey[]) => void = () => {};

function swipe(request: SwipeRequest): void {
  const random = seededRandom(request.seed);
  for (const track of [1, 2, 3] as const) {
    const data = request.card.tracks[track];
    if (data === undefined) continue;
    const bits = encodeTrackBits(track, data);
    if (request.damage) bits[24 + (track === 1 ? 7 : 5) * 3 + 1] ^= 1;
    const profile: SwipeProfile = { startSpeedCmS: request.speed[0], endSpeedCmS: request.speed[1], jitter: request.jitter, random, reverse: request.reverse };
    VirtualHead.byTrack.get(track)!.play(fluxIntervals(track, bits, profile));
  }
}

/**
 * The cardholder inserts a card: an EMV card from its profile, or a
 * chip that gives no answer to reset. The slot finds it in and powers
 * it (ATR, PPS) before the terminal sees it, as the board's slot does
 * with a card in at boot; a chip that fails is a `chip-error` (the
 * terminal may take the stripe).
 */
async function insert(what: { profile?: unknown; deadAtr?: string }): Promise<void> {
  const e = events;
  if (!terminal || !e || card) return;
  let device;
  if (what.profile !== undefined) {
    const emv = createEmvCardFromJson(what.profile, { crypto });
    device = emvCardSlot(emv, { clock });
  } else {
    device = virtualCardSlot({ atr: fromHex(what.deadAtr ?? "3B00"), protocol: 0, clock, atrDelayCycles: 1_000_000, app: () => ({ sw: 0x6d00 }) });
  }
  const slot = new SmartcardSlot({ ...device.specs(), clock });
  card = { slot, pull: () => device.pull(), detach: e.attach(slot) };
  await clock.settle(e.activation, 5);
}

/**
 * The cardholder takes the card out: the slot's presence line tells the
 * terminal once its debounce has passed, as on the board; then the slot
 * is closed.
 */
async function remove(): Promise<void> {
  if (!card) return;
  const c = card;
  card = undefined;
  c.pull();
  for (let waited = 0; c.slot.present && waited < 1000; waited += 5) await run(5);
  c.detach();
  c.slot.close();
}

/** Each entry point runs, lets the clock go on for `ms` (less if `untilWrite` and the terminal writes to the network), then reports. */
function step(action: () => void | Promise<void>, ms = 0, untilWrite = false): Promise<void> {
  return (async () => {
    try {
      await action();
      await run(ms, untilWrite);
    } catch (e) {
      log.write(`simulator: ${(e as { code?: string }).code ?? "error"} ${(e as Error).message ?? ""}`);
    }
    report();
  })();
}

(globalThis as Record<string, unknown>).xsposSim = {
  start: (r: StartRequest) => step(() => start(r)),
  netData: (id: number, hex: string) => step(() => link.deliver(id, hex), 5),
  netClosed: (id: number) => step(() => link.closed(id), 5),
  /** a swipe, the clock then running `ms` (the web front end's clock runs on by itself: 0) */
  swipe: (r: SwipeRequest, ms = 1000) => step(() => swipe(r), ms),
  press: (keys: KeypadKey[]) => step(() => press(keys), 20),
  insert: (what: { profile?: unknown; deadAtr?: string }) => step(() => insert(what), 100),
  remove: () => step(remove, 20),
  paper(loaded: boolean) {
    return step(() => {
      // only the virtual printer changes: the driver's next status poll tells the terminal
      if (loaded) vp.device.loadPaper();
      else vp.device.paperEnd = true;
    }, 20);
  },
  /** lets the clock run `ms`; with `untilWrite`, no further than the terminal's next write to the network */
  wait: (ms: number, untilWrite = false) => step(() => {}, ms, untilWrite),
  /**
   * Lets the clock run until the terminal is idle (its receipts printed,
   * its uplink done) or `boundMs` have passed, 50 ms a call so that the
   * front end serves the connection in between; tells the front end
   * whether it is idle.
   */
  async idle(boundMs: number): Promise<void> {
    let idle = terminal === undefined;
    if (terminal) void terminal.whenIdle().then(() => (idle = true));
    await step(() => {}, Math.min(50, boundMs));
    send({ type: "idle", idle });
  },
  close() {
    for (const c of closers.splice(0).reverse()) c();
  },
};
