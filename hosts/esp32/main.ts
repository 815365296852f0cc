/**
 * ESP32 entry point: the terminal application (`createTerminal`,
 * modules/terminal) with every driver on the board's ECMA-419 IO — the
 * magnetic head on the RMT, the chip slot's TDA8024 on GPIO, the RMT and
 * UART2, the 4×5 key matrix on GPIO, the printer on UART1, the LCD through
 * Poco, Wi-Fi or the 4G modem on UART0 and its power key — and its ports on
 * the SDK's services: `Time.ticks` and `Timer`, the wall clock SNTP or the
 * modem sets, the hardware random generator, the native `crypt` module,
 * the journal on a flash partition, the key store and the DUKPT registers
 * in NVS. Pins: pins.ts; the
 * deployment's settings: board.ts; the parts and what has been run:
 * README.md.
 */
import FlashStorage from "embedded:storage/flash";
import Preference from "preference";
import RMT from "pins/rmt";
import Timer from "timer";
import { XsposError } from "../../modules/core/error.ts";
import type { Log } from "../../modules/core/ports.ts";
import { checkTerminalConfig } from "../../modules/config/config.ts";
import { LineDisplayAdapter } from "../../modules/display/line-display-adapter.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { provisionTestKeys } from "../../modules/terminal/provision-test-keys.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import { printerReceiptsOptions } from "../../modules/terminal/receipt-options.ts";
import { createTerminal } from "../../modules/terminal/terminal.ts";
import { DeviceEvents } from "../../modules/terminal/device-events.ts";
import type { Link } from "../../modules/uplink/ports.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { CellularModem } from "../../drivers/modem/cellular-modem.ts";
import { TEST_BDK, TEST_TMK } from "../acquirer/test-keys.ts";
import { BOARD } from "./board.ts";
import { BOARD_CONFIG } from "./board-config.ts";
import { BUILD } from "./build-options.ts";
import { CryptCrypto } from "./crypt-crypto.ts";
import { PartitionFlash } from "./flash-log.ts";
import { CardLine } from "./card-line.ts";
import { hardwareRandom } from "./hardware-random.ts";
import { startEntropySource } from "./entropy-source.ts";
import { MODEM_START_LIMIT_MS, pressPowerKey } from "./modem-power.ts";
import { CRYSTAL_CARD_HZ, CrystalCardClock, KeypadPin, LEDC_CARD_HZ, LedcCardClock, ModemSerial, PrinterSerial, SlotPin } from "./moddable-io.ts";
import { PINS, RMT_CHANNELS } from "./pins.ts";
import { PocoDisplay, SCREEN_GEOMETRY } from "./poco-display.ts";
import { PreferenceKeyStore } from "./preference-key-store.ts";
import { printerResources } from "./printer-resources.ts";
import { PreferenceStore } from "./preference-store.ts";
import { RmtFluxCapture } from "./rmt-flux-capture.ts";
import { TimerClock } from "./timer-clock.ts";
import { DeviceWallClock } from "./wall-clock.ts";
import { WifiLink } from "./wifi-link.ts";

/** The ANSI X9.24-1 test KSN the simulator also starts from (development boards only). */
const TEST_KSN = "FFFF9876543210E00000";
const TEST_MANAGER_PIN = "9876";

/** a 4G build has no Wi-Fi: the radio is started anyway, before any key is made, for the hardware RNG's entropy */
const radio = BUILD.uplink === "4g" ? startEntropySource() : undefined;
const clock = new TimerClock();
const wallClock = new DeviceWallClock(BOARD.offsetMinutes);
/** xsbug over UART0 in a debug build; nowhere in a release build (the SDK links no debugger); what reaches it is masked by the modules */
const log: Log = { write: (line) => trace(`${line}\n`) };
const crypto = new CryptCrypto(hardwareRandom);
const keys = new PreferenceKeyStore(Preference);
const dukpt = new TdesDukptTerminal(crypto, new PreferenceStore(Preference));
/** read at preload (board-config.ts); its CA keys are verified at start, in main() */
const config = BOARD_CONFIG;


async function uplink(): Promise<Link> {
  if (BUILD.uplink === "wifi") return new WifiLink();
  const { transmit, receive, uart, powerKey } = PINS.modem;
  await pressPowerKey(powerKey, clock);
  const modem = new CellularModem({ serial: { io: ModemSerial, port: uart, transmit, receive }, clock, apn: BOARD.apn });
  const status = await startModem(modem, clock.now() + MODEM_START_LIMIT_MS);
  log.write(`modem: registered (${status.registration}), ${status.signalDbm} dBm`);
  // no SNTP without Wi-Fi: the network's time, once registered
  const time = await modem.networkTime().catch(() => undefined);
  if (time) {
    wallClock.setFromNetwork(time.utcMs);
    log.write(`clock: set from the cellular network (its zone ${time.offsetMinutes} min; the terminal keeps ${BOARD.offsetMinutes})`);
  }
  return modem.link;
}

/** `start()`, tried again while a modem just powered on does not answer yet, until `readyBy` (clock ms). */
async function startModem(modem: CellularModem, readyBy: number): ReturnType<CellularModem["start"]> {
  for (;;) {
    try {
      return await modem.start();
    } catch (e) {
      if ((e as { code?: string }).code !== "MODEM_TIMEOUT" || clock.now() > readyBy) throw e;
    }
  }
}

async function main(): Promise<void> {
  checkTerminalConfig(config, crypto);
  if (BOARD.cardClock === "ledc" && BUILD.uplink === "4g") throw new XsposError("BOARD_PINS", "the LEDC card clock and the modem's power key share GPIO 32 (pins.ts)");
  if (BUILD.testKeys) {
    provisionTestKeys({ keys, dukpt, crypto, log }, { tmk: TEST_TMK, bdk: TEST_BDK, ksn: TEST_KSN, managerPin: TEST_MANAGER_PIN, managerPinKey: config.limits.managerPin.keyName });
  }
  const lcd = new PocoDisplay();
  if (!lcd.hasGlyphs) log.write("display: no glyphs in this image (built without Unifont); the screen shows English only, in OpenSans");
  const display = new LineDisplayAdapter({ display: lcd, clock, language: lcd.hasGlyphs ? BOARD.language : "en", geometry: SCREEN_GEOMETRY });
  const profile = printerProfile(BOARD.paperMm, BOARD.printer);
  // the printer's status and the chip slot's presence become the terminal's events (modules/terminal device-events.ts)
  const events = new DeviceEvents<SmartcardSlot>({ log });
  const printer = new EscPosPrinter({
    serial: { io: PrinterSerial, port: PINS.printer.uart, transmit: PINS.printer.transmit, receive: PINS.printer.receive },
    clock,
    profile,
    onStatus: (status) => events.printerStatus(status),
  });
  const link = await uplink();
  if (!wallClock.isSet()) log.write(`clock: not set by ${BUILD.uplink === "4g" ? "the cellular network" : "SNTP"}; the sign-on answer will set it; no sale until then`);
  const t = createTerminal({
    clock,
    wallClock,
    crypto,
    keys,
    flash: new PartitionFlash(FlashStorage.open({ path: "journal", mode: "r+" })),
    link,
    display,
    log,
    config,
    acquirer: BOARD.acquirer,
    pinKeys: dukpt,
    receipts: new PrinterReceipts(printerReceiptsOptions(config, BOARD.language, { printer, profile, ...printerResources(profile, log) })),
    merchant: BOARD.merchant,
  });

  new MatrixKeypad({
    rows: PINS.keypad.rows.map((pin) => ({ io: KeypadPin, pin })),
    columns: PINS.keypad.columns.map((pin) => ({ io: KeypadPin, pin })),
    clock,
    keymap: LAYOUT_4X5,
    onKey: (e) => t.onKey(e),
  });
  new MagstripeReader({
    tracks: [
      { track: 1, flux: { io: RmtFluxCapture, rmt: RMT, timer: Timer, pin: PINS.magstripe.track1, channel: RMT_CHANNELS.track1 } },
      { track: 2, flux: { io: RmtFluxCapture, rmt: RMT, timer: Timer, pin: PINS.magstripe.track2, channel: RMT_CHANNELS.track2 } },
    ],
    clock,
    onSwipe: (s) => t.onSwipe(s),
  });
  const { cmdvcc, rstin, off, ioTransmit, ioReceive, uart, rmtChannel } = PINS.slot;
  const ledc = BOARD.cardClock === "ledc";
  const slot = new SmartcardSlot({
    serial: { io: CardLine, port: uart, transmit: ioTransmit, receive: ioReceive, channel: rmtChannel },
    power: { io: SlotPin, pin: cmdvcc },
    reset: { io: SlotPin, pin: rstin },
    presence: { io: SlotPin, pin: off },
    cardClock: ledc ? { io: LedcCardClock, pin: PINS.slot.clock } : { io: CrystalCardClock },
    clockHz: ledc ? LEDC_CARD_HZ : CRYSTAL_CARD_HZ,
    clock,
  });
  events.attach(slot);

  // a card in the slot at boot is activated once the terminal has started
  await events.start(t);
}

// the radio object lives as long as the program, so that nothing collects it
void radio;
main().catch((e: unknown) => log.write(`terminal: start failed (${(e as { code?: string }).code ?? "error"})`));
