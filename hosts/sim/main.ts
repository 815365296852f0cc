/**
 * Moddable simulator entry point (`mcconfig -m -p lin|mac|win
 * hosts/sim/manifest.json`): the terminal application (`createTerminal`,
 * modules/terminal) with the real drivers on the desktop simulator's
 * virtual devices, inside the app — the 4×5 key matrix, the three
 * magnetic heads, the chip slot with a virtual EMV card (its application
 * in a worker, worker-card.ts), the ESC/POS printer — and its ports on
 * the SDK's services: `Time.ticks` and
 * `Timer`, the host's wall clock, `crypt`, the key store and the DUKPT
 * registers in files as NVS holds them (file-preference.ts), the journal
 * in a file, the acquirer over
 * ECMA-419 TCP. The terminal's screen and the keypad are drawn with Piu
 * (screen.ts); receipts go to the printer and, as text, to the trace
 * output (trace-receipts.ts). Settings: settings.ts and the manifest's
 * `config`; what has been run: README.md.
 */
import config from "mc/config";
import * as heapCensus from "heap-census";
import { Directory, File } from "file";
import { fromHex } from "../../modules/core/hex.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import type { Log } from "../../modules/core/ports.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { SettableWallClock } from "../../modules/core/settable-wall-clock.ts";
import { checkTerminalConfig } from "../../modules/config/config.ts";
import { LineDisplayAdapter } from "../../modules/display/line-display-adapter.ts";
import { charsPerLine, printerProfile } from "../../modules/escpos/profile.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { provisionTestKeys } from "../../modules/terminal/provision-test-keys.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import { printerReceiptsOptions } from "../../modules/terminal/receipt-options.ts";
import { createTerminal } from "../../modules/terminal/terminal.ts";
import { DeviceEvents } from "../../modules/terminal/device-events.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { emvCardSlot } from "../desktop/emv-card/slot.ts";
import { virtualCardSlot } from "../desktop/virtual-card.ts";
import { VirtualHead } from "../desktop/virtual-head.ts";
import { virtualMatrix } from "../desktop/virtual-matrix.ts";
import { virtualPrinter } from "../desktop/virtual-printer.ts";
import { CryptCrypto } from "../esp32/crypt-crypto.ts";
import { hardwareRandom } from "../esp32/hardware-random.ts";
import { PreferenceKeyStore } from "../esp32/preference-key-store.ts";
import { PreferenceStore } from "../esp32/preference-store.ts";
import { TimerClock } from "../esp32/timer-clock.ts";
import { WifiLink } from "../esp32/wifi-link.ts";
import { runDemo } from "./demo.ts";
import { FileFlash } from "./file-flash.ts";
import { FilePreference } from "./file-preference.ts";
import { HeapMeter } from "./heap-meter.ts";
import { markedLink } from "./marked-link.ts";
import { SimScreen, SIM_SCREEN_GEOMETRY, type ScreenActions } from "./screen.ts";
import { SIM } from "./settings.ts";
import { SIM_CONFIG } from "./sim-config.ts";
import { stepNamingTransport } from "./step-transport.ts";
import { TraceReceipts } from "./trace-receipts.ts";
import { WALLET } from "./wallet.ts";
import { startWorkerCard, type WorkerCard } from "./worker-card.ts";

/** The ANSI X9.24-1 test KSN, as on a development board (hosts/esp32/main.ts). */
const TEST_KSN = "FFFF9876543210E00000";
/** How long a clicked key is held down, and the gap before the next one, ms (the keypad driver debounces). */
const KEY_HOLD_MS = 80;

const clock = new TimerClock();
/** the trace output (the terminal of `mcconfig -m`, and xsbug); what reaches it is masked by the modules */
const log: Log = { write: (line) => trace(`${line}\n`) };
// each step of the composition is measured as the live heap it adds (heap-meter.ts): where the idle heap goes
const heap = new HeapMeter(log, heapCensus);
heap.report("at start, before the terminal");
// on the simulator Math.random is the host's C library generator: good enough for test keys, not for service
/** the random source marks the heap: the kernel draws its Unpredictable Numbers at the start of a transaction and before GENERATE AC */
/** the terminal's state for the heap's marks: random bytes are drawn before the terminal exists too (the manager PIN's salt) */
let terminalState = (): string => "composition";
const crypto = new CryptCrypto((n: number) => {
  heap.mark(`state ${terminalState()}, drawing random bytes`);
  return hardwareRandom(n);
});
/** the configuration, read at preload (sim-config.ts); its share is what verifying its CA keys keeps */
const terminalConfig = heap.share("the configuration", () => {
  checkTerminalConfig(SIM_CONFIG, crypto);
  return SIM_CONFIG;
});
const { keys, dukpt } = heap.share("the key store and the DUKPT registers", () => {
  // NVS's part in files read when asked: the SDK's desktop `preference` would keep every value in the heap (file-preference.ts)
  const nvs = new FilePreference(`${config.file.root}${SIM.nvsDirectory}`, { File, Directory });
  const keys = new PreferenceKeyStore(nvs);
  const dukpt = new TdesDukptTerminal(crypto, new PreferenceStore(nvs));
  provisionTestKeys({ keys, dukpt, crypto, log }, { tmk: TEST_TMK, bdk: TEST_BDK, ksn: TEST_KSN, managerPin: SIM.managerPin, managerPinKey: terminalConfig.limits.managerPin.keyName });
  return { keys, dukpt };
});

let walletIndex = 0;
/** the card in the slot: its slot, how it is taken out, and the end of the slot's wiring */
let card: { slot: SmartcardSlot; pull(): void; detach(): void; chip?: WorkerCard } | undefined;
/** a chip card's worker is starting: the slot is not wired yet */
let inserting = false;
/** a card taken out whose slot has not closed yet (the presence line debounces): the heap after a sale is measured once it has */
let leaving: Promise<void> | undefined;
/** the virtual card of the last insertion, held until the sale's figures are logged: its share of the heap is measured as it is let go */
let heldCard: object | undefined;
const keyQueue: KeypadKey[] = [];
let keyBusy = false;
let swipeSeed = 1;

const actions: ScreenActions = {
  key(key) {
    keyQueue.push(key);
    if (!keyBusy) nextKey();
  },
  swipe() {
    const held = WALLET[walletIndex];
    if (held.kind !== "stripe") return log.write("sim: this card is a chip card: insert it (or pick a stripe card)");
    const random = seededRandom(swipeSeed++);
    for (const track of [1, 2, 3] as const) {
      const data = held.card.tracks[track];
      if (data === undefined) continue;
      const intervals = fluxIntervals(track, encodeTrackBits(track, data), { startSpeedCmS: 25, endSpeedCmS: 20, jitter: 0.02, random });
      VirtualHead.byTrack.get(track)?.play(intervals);
    }
    watch();
  },
  insert() {
    void insert();
  },
  remove() {
    if (!card) return;
    const c = card;
    card = undefined;
    c.pull();
    // the slot's presence line tells the terminal once its debounce has passed, as on the board; the slot is closed after it
    leaving = new Promise((left) => {
      const close = () => {
        c.detach();
        c.slot.close();
        c.chip?.terminate();
        leaving = undefined;
        left();
      };
      if (c.slot.present) c.slot.subscribe({ onRemoved: close });
      else close();
    });
  },
  nextCard() {
    walletIndex = (walletIndex + 1) % WALLET.length;
    return cardCaption();
  },
};

function cardCaption(): string {
  const held = WALLET[walletIndex];
  return `${held.kind === "chip" ? "chip" : "stripe"}: ${held.label}`;
}

// the Piu screen's share is measured apart: the board draws with Poco instead (hosts/esp32/poco-display.ts)
const screen = heap.share("the Piu screen", () => new SimScreen(actions, cardCaption()));
const profile = printerProfile(SIM.paperMm);
/** the receipts as they are printed, to the log; it holds only the line being printed */
let paper: TraceReceipts | undefined;
// the virtual printer keeps neither what it receives nor the paper: the simulator's heap should hold what the board's does
const vp = heap.share("the virtual printer", () => virtualPrinter({ clock, record: false, onPrinted: (command) => paper?.paper(command) }));
// the printer's status and the chip slot's presence become the terminal's events as on the board (modules/terminal device-events.ts)
/** the command the kernel sent last in this sale: the heap meter places its samples at the kernel's steps by it */
let lastCommand: string | undefined;
const events = new DeviceEvents<SmartcardSlot>({
  log,
  transport: (slot) => {
    heap.mark(`state ${terminal.state}, the card active, the terminal not yet told`);
    return stepNamingTransport(slot, (name) => {
      heap.mark(`state ${terminal.state}, before ${name}`);
      lastCommand = name;
    });
  },
});
const printer = heap.share("the printer driver", () =>
  new EscPosPrinter({
    serial: { io: vp.Serial, port: 1, receive: 16, transmit: 17 },
    clock,
    profile,
    onStatus: (s) => events.printerStatus(s),
  }),
);
const receipts = heap.share("the receipts", () => (paper = new TraceReceipts({ printer: new PrinterReceipts(printerReceiptsOptions(terminalConfig, SIM.language, { printer, profile })), log, columns: charsPerLine(profile, "A") })));
const display = heap.share("the display catalogues and adapter", () => new LineDisplayAdapter({ display: { show: (lines) => markedShow(lines) }, clock, language: SIM.language, geometry: SIM_SCREEN_GEOMETRY }));
const flash = heap.share("the journal's flash file", () => new FileFlash(`${config.file.root}${SIM.journal.file}`, SIM.journal, File));
// the heap is marked as a message goes to the host and as its answer comes back
const link = heap.share("the link", () => markedLink(new WifiLink(), (what) => heap.mark(`state ${terminal.state}, ${what}`)));
// the terminal opens the journal (its tables) and makes the acquirer client
const terminal = heap.share("the terminal (journal open, acquirer client)", () =>
  createTerminal({
    clock,
    // the system's clock, set from the start
    wallClock: new SettableWallClock({ now: () => Date.now(), offsetMinutes: () => SIM.offsetMinutes, set: true }),
    crypto,
    keys,
    flash,
    link,
    display,
    log,
    config: terminalConfig,
    acquirer: SIM.acquirer,
    pinKeys: dukpt,
    receipts,
    merchant: SIM.merchant,
  }),
);
terminalState = () => terminal.state;
const matrix = virtualMatrix(LAYOUT_4X5.length, LAYOUT_4X5[0].length);
heap.share("the keypad and magstripe drivers", () => {
  new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, keymap: LAYOUT_4X5, onKey: (e) => terminal.onKey(e) });
  new MagstripeReader({
    tracks: ([1, 2, 3] as const).map((track) => ({ track, flux: { io: VirtualHead, track } })),
    clock,
    onSwipe: (s) => terminal.onSwipe(s),
  });
});
heap.report("composed, before the terminal starts");

/** A screen update, with a heap sample before and after it: what a step of the sale shows is measured apart. */
function markedShow(lines: string[]): void {
  heap.mark(`state ${terminal.state}, before a screen update`);
  screen.show(lines);
  heap.mark(`state ${terminal.state}, after a screen update`);
}

/** Presses the next queued key on the matrix: held, released, then a gap. */
function nextKey(): void {
  const key = keyQueue.shift();
  if (key === undefined) {
    keyBusy = false;
    return;
  }
  keyBusy = true;
  const row = LAYOUT_4X5.findIndex((r) => r.includes(key));
  const column = LAYOUT_4X5[row].indexOf(key);
  matrix.press(row, column);
  clock.set(() => {
    matrix.release(row, column);
    watch();
    clock.set(nextKey, KEY_HOLD_MS);
  }, KEY_HOLD_MS);
}

/** A transaction started from idle: the heap is sampled until the terminal is idle again. */
function watch(): void {
  if (measuring || terminal.state === "idle" || terminal.state === "starting") return;
  measuring = true;
  const from = terminal.state;
  lastCommand = undefined;
  heap.begin(
    () => (heldCard !== undefined ? "the virtual card" : undefined),
    () => `state ${terminal.state}${lastCommand === undefined ? "" : `, after ${lastCommand}`}`,
  );
  void terminal.whenIdle().then(async () => {
    await leaving;
    measuring = false;
    // a card still in the slot stays held by it: its share is measured once it is out
    if (heldCard !== undefined && card === undefined) heap.release("the virtual card, taken out", () => void (heldCard = undefined));
    heap.end(`the transaction (from ${from} to idle)`);
  });
}
let measuring = false;

/**
 * The cardholder inserts the card in hand: the slot powers it (ATR, PPS)
 * before the terminal sees it; a chip that gives no usable ATR lets the
 * stripe be used.
 */
async function insert(): Promise<void> {
  const held = WALLET[walletIndex];
  if (card || inserting) return log.write("sim: a card is in the slot already");
  if (held.kind !== "chip") return log.write("sim: this card has no chip: swipe it (or pick a chip card)");
  // what the virtual card holds in this machine is measured apart (the line model; its application runs in a worker): the board's card is a real one
  let chip: WorkerCard | undefined;
  let device: ReturnType<typeof virtualCardSlot>;
  if (held.profile !== undefined) {
    inserting = true;
    try {
      const index = walletIndex;
      device = await heap.shareLater("the virtual card, inserted", async () => emvCardSlot((chip = await startWorkerCard(index)), { clock, record: false }));
    } catch (e) {
      return log.write(`sim: the card could not be made (${(e as { code?: string }).code ?? "error"})`);
    } finally {
      inserting = false;
    }
  } else {
    // a chip with no application (no answer to reset the terminal can use): its line model only
    device = heap.share("the virtual card, inserted", () =>
      virtualCardSlot({ atr: fromHex(held.deadAtr ?? "3B00"), protocol: 0, clock, atrDelayCycles: 1_000_000, record: false, app: () => ({ sw: 0x6d00 }) }),
    );
  }
  heldCard = device;
  const slot = new SmartcardSlot({ ...device.specs(), clock });
  card = { slot, pull: () => device.pull(), detach: events.attach(slot), chip };
  await heap.quiet(events.activation);
  watch();
}

log.write(`sim: acquirer at ${SIM.acquirer.host}:${SIM.acquirer.port}; journal in ${config.file.root}${SIM.journal.file}, keys in ${config.file.root}${SIM.nvsDirectory}/`);
events
  .start(terminal)
  .then(() => {
    heap.report("idle after start");
    // the scripted cardholder's share is measured apart: the board has none
    if (Number(config.demo) > 0) heap.share("the demo's cardholder", () => runDemo(terminal, actions, { log, clock, pin: "1234", sales: Number(config.demo) }));
  })
  .catch((e: unknown) => log.write(`terminal: start failed (${(e as { code?: string }).code ?? "error"})`));

export default screen.application;
