/**
 * Moddable simulator entry point (`mcconfig -m -p lin|mac|win
 * hosts/sim/manifest.json`): the terminal application (`createTerminal`,
 * modules/terminal) with the real drivers on the desktop simulator's
 * virtual devices, inside the app — the 4×5 key matrix, the three
 * magnetic heads, the chip slot with a virtual EMV card, the ESC/POS
 * printer — and its ports on the SDK's services: `Time.ticks` and
 * `Timer`, the host's wall clock, `crypt`, the key store and the DUKPT
 * registers in `preference`, the journal in a file, the acquirer over
 * ECMA-419 TCP. The terminal's screen and the keypad are drawn with Piu
 * (screen.ts); receipts go to the printer and, as text, to the trace
 * output (trace-receipts.ts). Settings: settings.ts and the manifest's
 * `config`; what has been run: README.md.
 */
import config from "mc/config";
import Timer from "timer";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import type { Log } from "../../modules/core/ports.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import { validateTerminalConfig } from "../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { LineDisplayAdapter } from "../../modules/display/line-display-adapter.ts";
import { charsPerLine, printerProfile } from "../../modules/escpos/profile.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { provisionTestKeys } from "../../modules/terminal/provision-test-keys.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import { createTerminal } from "../../modules/terminal/terminal.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { interruptReason } from "../../drivers/printer/status.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { createEmvCardFromJson } from "../desktop/emv-card/emv-card.ts";
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
import testCaKeys from "../../test/emv/cards/ca/test-ca-keys.json" with { type: "json" };
import { runDemo } from "./demo.ts";
import { FileFlash } from "./file-flash.ts";
import { HeapMeter } from "./heap-meter.ts";
import { SimScreen, SIM_SCREEN_GEOMETRY, type ScreenActions } from "./screen.ts";
import { SIM } from "./settings.ts";
import { TraceReceipts } from "./trace-receipts.ts";
import { WALLET } from "./wallet.ts";

/** The ANSI X9.24-1 test KSN, as on a development board (hosts/esp32/main.ts). */
const TEST_KSN = "FFFF9876543210E00000";
/** How long a clicked key is held down, and the gap before the next one, ms (the keypad driver debounces). */
const KEY_HOLD_MS = 80;

const clock = new TimerClock();
/** the trace output (the terminal of `mcconfig -m`, and xsbug); what reaches it is masked by the modules */
const log: Log = { write: (line) => trace(`${line}\n`) };
// on the simulator Math.random is the host's C library generator: good enough for test keys, not for service
const crypto = new CryptCrypto(hardwareRandom);
const keys = new PreferenceKeyStore();
const dukpt = new TdesDukptTerminal(crypto, new PreferenceStore());
/** the sample configuration with the test CA keys the wallet's chip cards are certified under; no random selection for online */
const terminalConfig = validateTerminalConfig(
  {
    ...SAMPLE_CONFIG,
    caKeys: [...SAMPLE_CONFIG.caKeys, ...testCaKeys.caKeys],
    aids: SAMPLE_CONFIG.aids.map((a) => ({ ...a, targetPercentage: 0, maxTargetPercentage: 0 })),
  },
  crypto,
);
const heap = new HeapMeter(log);
heap.report("at start, before the terminal");

provisionTestKeys({ keys, dukpt, crypto, log }, { tmk: TEST_TMK, bdk: TEST_BDK, ksn: TEST_KSN, managerPin: SIM.managerPin, managerPinKey: terminalConfig.limits.managerPin.keyName });

let walletIndex = 0;
let card: { slot: SmartcardSlot; pull(): void } | undefined;
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
    c.slot.close();
    terminal.onRemoved();
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

const screen = new SimScreen(actions, cardCaption());
const profile = printerProfile(SIM.paperMm);
const vp = virtualPrinter({ clock });
// the driver's status changes reach the terminal: a printer ready again resumes the copy it waits on
const printer = new EscPosPrinter({
  serial: { io: vp.Serial, port: 1, receive: 16, transmit: 17 },
  clock,
  profile,
  onStatus: (s) => terminal.handle({ type: "printer", ready: interruptReason(s) === undefined }),
});
// the virtual printer records every byte and status query for the tests: the simulator drops them (the paper is torn off by TraceReceipts)
Timer.repeat(() => {
  vp.device.received.length = 0;
  vp.device.queryPositions.length = 0;
}, 5000);
const terminal = createTerminal({
  clock,
  wallClock: { utcMs: () => Date.now(), offsetMinutes: () => SIM.offsetMinutes },
  crypto,
  keys,
  flash: new FileFlash(`${config.file.root}${SIM.journal.file}`, SIM.journal),
  link: new WifiLink(),
  display: new LineDisplayAdapter({ display: screen, clock, language: SIM.language, geometry: SIM_SCREEN_GEOMETRY }),
  log,
  config: terminalConfig,
  acquirer: SIM.acquirer,
  pinKeys: dukpt,
  receipts: new TraceReceipts({ printer: new PrinterReceipts({ printer, profile, language: SIM.language }), paper: vp.device, log, columns: charsPerLine(profile, "A") }),
  merchant: SIM.merchant,
});
const matrix = virtualMatrix(LAYOUT_4X5.length, LAYOUT_4X5[0].length);
new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, keymap: LAYOUT_4X5, onKey: (e) => terminal.onKey(e) });
new MagstripeReader({
  tracks: ([1, 2, 3] as const).map((track) => ({ track, flux: { io: VirtualHead, track } })),
  clock,
  onSwipe: (s) => terminal.onSwipe(s),
});

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
  heap.begin();
  void terminal.whenIdle().then(() => {
    measuring = false;
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
  if (card) return log.write("sim: a card is in the slot already");
  if (held.kind !== "chip") return log.write("sim: this card has no chip: swipe it (or pick a chip card)");
  const device = held.profile !== undefined
    ? emvCardSlot(createEmvCardFromJson(held.profile, { crypto }), { clock })
    : virtualCardSlot({ atr: fromHex(held.deadAtr ?? "3B00"), protocol: 0, clock, atrDelayCycles: 1_000_000, app: () => ({ sw: 0x6d00 }) });
  const slot = new SmartcardSlot({ ...device.specs(), clock, onRemoved: () => terminal.onRemoved() });
  card = { slot, pull: () => device.pull() };
  try {
    const on = await heap.quiet(slot.powerOn());
    log.write(`chip: ATR ${toHex(on.atr.bytes)}, T=${on.protocol}`);
    terminal.onInserted(slot);
  } catch (e) {
    const code = (e as { code?: string }).code ?? "CHIP_ERROR";
    log.write(`chip: ${code}`);
    terminal.handle({ type: "chip-error", code });
  }
  watch();
}

log.write(`sim: acquirer at ${SIM.acquirer.host}:${SIM.acquirer.port}; journal in ${config.file.root}${SIM.journal.file}`);
terminal
  .start()
  .then(() => {
    heap.report("idle after start");
    if (Number(config.demo) > 0) runDemo(terminal, actions, { log, clock, pin: "1234", sales: Number(config.demo) });
  })
  .catch((e: unknown) => log.write(`terminal: start failed (${(e as { code?: string }).code ?? "error"})`));

export default screen.application;
