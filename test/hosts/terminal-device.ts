/**
 * A terminal device for the end-to-end tests: createTerminal with the
 * real drivers over the simulator's virtual devices (key matrix, stripe
 * heads, chip card in a slot, ESC/POS printer), the journal on a memory
 * flash, and the acquirer emulator over real sockets on 127.0.0.1; the
 * virtual clock runs while Node turns its event loop.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../modules/core/key-store.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import { MemoryStore } from "../../modules/core/memory-store.ts";
import type { WallClock } from "../../modules/core/ports.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import type { CaPublicKey } from "../../modules/emv/oda/ca-key.ts";
import type { Message } from "../../modules/display/message.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { MemoryFlash } from "../../modules/journal/memory-flash.ts";
import { tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { provisionManagerPin } from "../../modules/terminal/manager-pin.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import type { TerminalTimeouts } from "../../modules/terminal/ports.ts";
import { createTerminal, MENU_ITEMS, type Terminal } from "../../modules/terminal/terminal.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals } from "../../drivers/magstripe/encode.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X5 } from "../../drivers/keypad/layouts.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { interruptReason } from "../../drivers/printer/status.ts";
import { startAcquirer, type Acquirer } from "../../hosts/acquirer/acquirer.ts";
import type { OnlineOutcome } from "../../modules/emv/kernel/outcome.ts";
import { parseTlv } from "../../modules/emv/tlv.ts";
import { loadTestCard } from "../../hosts/desktop/emv-card/test-cards.ts";
import { issuerReply } from "../../hosts/emv-scenarios/issuer-host.ts";
import type { ScriptSpec } from "../../hosts/emv-scenarios/scenario.ts";
import { defaultAccounts } from "../../hosts/acquirer/accounts.ts";
import { TEST_BDK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";
import { cardIssuers } from "../../hosts/desktop/card-issuers.ts";
import { VirtualHead } from "../../hosts/desktop/virtual-head.ts";
import { virtualMatrix } from "../../hosts/desktop/virtual-matrix.ts";
import { virtualPrinter, type VirtualPrinterDevice } from "../../hosts/desktop/virtual-printer.ts";
import type { CardFault } from "../../hosts/desktop/virtual-card.ts";
import type { Connection, Link } from "../../modules/uplink/ports.ts";
import { createEmvCardFromJson } from "../../hosts/desktop/emv-card/emv-card.ts";
import { emvCardSlot } from "../../hosts/desktop/emv-card/slot.ts";
import { readTestCaKeys, readTestCardJson } from "../../hosts/desktop/emv-card/test-cards.ts";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";
import { TcpLink } from "../../hosts/node/tcp-link.ts";
import { aidEntry, kernelConfig } from "../support/emv-config.ts";
import { testCrypto } from "../support/crypto.ts";
import { RecordingLog } from "../support/recorders.ts";
import { readPaper } from "../support/receipt-paper.ts";

export const crypto = new NodeCrypto();
const KSN = fromHex("FFFF9876543210E00000");
export const VISA = "4111111111111111";
export const DEBIT = "4000056655665556"; // PIN 1234 at the emulator
export const CHIP = "4761739001010069"; // test/emv/cards/signature.json: signature, then no CVM
export const CHIP_PIN = "4761739001010028"; // test/emv/cards/dda.json: online PIN first
const PROFILE = printerProfile(80);

const caKeys: CaPublicKey[] = readTestCaKeys().map((k) => ({
  rid: fromHex(k.rid),
  index: parseInt(k.index, 16),
  modulus: fromHex(k.modulus),
  exponent: fromHex(k.exponent),
  checksum: fromHex(k.checksum),
}));

export interface Device {
  terminal: Terminal;
  flash: MemoryFlash;
  keys: MemoryKeyStore;
  store: MemoryStore;
  acquirer: Acquirer;
  clock: VirtualClock;
  shown: Message[];
  log: RecordingLog;
  paper(): string[];
  /** the virtual printer: every byte it received, its paper */
  printer: VirtualPrinterDevice;
  /** every frame the terminal wrote to the acquirer (length header and message) */
  uplink: Uint8Array[];
  press(...keys: KeypadKey[]): Promise<void>;
  type(digits: string): Promise<void>;
  swipe(track2: string): Promise<void>;
  /**
   * Inserts a test card (test/emv/cards/<name>.json): its profile first
   * changed by `edit`, and `fault` (hosts/desktop/virtual-card.ts) queued
   * once it is powered, before the terminal sees it. Returns the card's
   * hand: pull it out, or queue a fault on the card's next move.
   */
  insert(name: string, options?: { edit?(profile: Record<string, unknown>): void; fault?: CardFault }): Promise<{ pull(): void; inject(fault: CardFault): void }>;
  /** lets the device run until the terminal is in one of `states`, or halted (a power cut), or closed */
  until(...states: string[]): Promise<void>;
  /** stops the drivers and, unless kept for a reboot, the emulator */
  close(keepAcquirer?: boolean): Promise<void>;
}

/** What survives a power cut: the flash, the key store, the DUKPT registers; and the emulator, which keeps running. */
export interface DeviceOptions {
  managerPin?: string;
  flash?: MemoryFlash;
  keys?: MemoryKeyStore;
  store?: MemoryStore;
  acquirer?: Acquirer;
  /** the terminal's state time-outs (virtual ms) */
  timeouts?: Partial<TerminalTimeouts>;
  /** how long the acquirer client waits for an answer (virtual ms; default 3000) */
  responseTimeoutMs?: number;
  /** a void carries the sale's PAN, sealed in the sale's intent (the uplink's `voidCarriesPan`) */
  voidCarriesPan?: boolean;
  /** the terminal's wall clock (default: the system's, one hour east of Greenwich) */
  wallClock?: WallClock;
}

/** The acquirer emulator a device meets unless told otherwise: the default accounts, the chip cards' accounts and issuers. */
export function testAcquirer(): Promise<Acquirer> {
  return startAcquirer({
    dialect: ISO87A,
    bdk: fromHex(TEST_BDK),
    tmk: fromHex(TEST_TMK),
    // the chip cards' own issuers (their profiles' keys and conventions): the emulator declines a chip request it has no key to check
    issuer: cardIssuers(["signature", "dda", "two-applications"]),
    accounts: [
      ...defaultAccounts(),
      { pan: CHIP, balanceMinor: 500_000, limitMinor: 200_000, expiry: "2812" },
      { pan: CHIP_PIN, balanceMinor: 500_000, limitMinor: 200_000, pin: "2468", expiry: "2812" },
    ],
  });
}

export async function device(options: DeviceOptions = {}): Promise<Device> {
  const acquirer = options.acquirer ?? await testAcquirer();
  const clock = new VirtualClock(0);
  const shown: Message[] = [];
  const log = new RecordingLog();
  const keys = options.keys ?? new MemoryKeyStore();
  if (!options.keys) keys.put("tmk", fromHex(TEST_TMK));
  const store = options.store ?? new MemoryStore();
  const dukpt = new TdesDukptTerminal(crypto, store);
  if (!options.store) dukpt.loadInitialKey(tdesIpek(crypto, fromHex(TEST_BDK), KSN), KSN);
  const flash = options.flash ?? new MemoryFlash({ blocks: 16, blockSize: 4096 });
  const config = kernelConfig([aidEntry("A0000000031010")], { caKeys, terminal: { currencyCode: "978", countryCode: "276" } });
  if (options.managerPin) {
    provisionManagerPin(keys, config.limits.managerPin.keyName, crypto, options.managerPin);
    config.limits.managerPin.required = true;
  }
  const vp = virtualPrinter({ clock });
  const uplink: Uint8Array[] = [];
  // the driver's status changes reach the terminal, as on the device
  const printer = new EscPosPrinter({
    serial: { io: vp.Serial, port: 1, receive: 16, transmit: 17 },
    clock,
    profile: PROFILE,
    onStatus: (s) => terminal.handle({ type: "printer", ready: interruptReason(s) === undefined }),
  });
  const terminal: Terminal = createTerminal({
    clock,
    wallClock: options.wallClock ?? { utcMs: () => Date.now(), offsetMinutes: () => 60 },
    crypto,
    keys,
    flash,
    link: recordingLink(new TcpLink(), uplink),
    display: { show: (m) => void shown.push(m) },
    log,
    config,
    acquirer: { host: "127.0.0.1", port: acquirer.port, dialect: ISO87A, terminalId: "TERM0001", merchantId: "MERCHANT0000001", responseTimeoutMs: options.responseTimeoutMs ?? 3000, connectTimeoutMs: 3000, ...(options.voidCarriesPan ? { voidCarriesPan: true } : {}) },
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    pinKeys: dukpt,
    receipts: new PrinterReceipts({ printer, profile: PROFILE, language: "en" }),
    merchant: { name: "XSPOS TEST SHOP" },
  });
  const matrix = virtualMatrix(5, 4);
  const keypad = new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, keymap: LAYOUT_4X5, onKey: (e) => terminal.onKey(e) });
  const reader = new MagstripeReader({
    tracks: [1, 2, 3].map((track) => ({ track: track as 1 | 2 | 3, flux: { io: VirtualHead, track } })),
    clock,
    onSwipe: (s) => terminal.onSwipe(s),
  });
  // the virtual clock runs while Node turns its event loop, so the sockets' bytes come in between ticks
  const tick = async (ms: number) => {
    for (let i = 0; i < ms; i += 5) {
      await new Promise((r) => setImmediate(r));
      clock.advance(5);
    }
  };
  const slots: SmartcardSlot[] = [];
  const d: Device = {
    terminal, acquirer, clock, shown, log, flash, keys, store,
    paper: () => readPaper(Uint8Array.from(vp.device.printed), PROFILE).lines.map((l) => l.text),
    printer: vp.device,
    uplink,
    async press(...list) {
      for (const key of list) {
        const r = LAYOUT_4X5.findIndex((row) => row.includes(key));
        const c = LAYOUT_4X5[r].indexOf(key);
        matrix.press(r, c);
        await tick(80);
        matrix.release(r, c);
        await tick(80);
      }
    },
    async type(digits) {
      await d.press(...(digits.split("") as KeypadKey[]));
    },
    async swipe(track2) {
      VirtualHead.byTrack.get(2)!.play(fluxIntervals(2, encodeTrackBits(2, track2), { startSpeedCmS: 40 }));
      await tick(1000);
    },
    async insert(name, options = {}) {
      const json = readTestCardJson(name) as Record<string, unknown>;
      options.edit?.(json);
      const card = createEmvCardFromJson(json, { crypto: testCrypto(5) });
      const dev = emvCardSlot(card, { clock });
      const slot = new SmartcardSlot({ ...dev.specs(), clock, onRemoved: () => terminal.onRemoved() });
      slots.push(slot);
      const on = slot.powerOn();
      let done = false;
      void on.finally(() => (done = true)).catch(() => {});
      while (!done) await tick(10);
      await on;
      if (options.fault) dev.inject(options.fault);
      terminal.onInserted(slot);
      return { pull: () => dev.pull(), inject: (fault) => dev.inject(fault) };
    },
    async until(...states) {
      const done = () => states.includes(terminal.state) || terminal.state === "halted" || terminal.state === "closed";
      for (let i = 0; i < 20_000 && !done(); i++) await tick(10);
    },
    async close(keepAcquirer = false) {
      terminal.close();
      keypad.close();
      reader.close();
      printer.close();
      for (const s of slots) s.close();
      if (!keepAcquirer) await acquirer.close();
    },
  };
  let started = false;
  void terminal.start().finally(() => (started = true));
  while (!started) await tick(10);
  return d;
}

/** A link that keeps a copy of every frame written. */
function recordingLink(link: Link, frames: Uint8Array[]): Link {
  return {
    async connect(host, port, options) {
      const c = await link.connect(host, port, options);
      const wrapped: Connection = {
        write(bytes) {
          frames.push(bytes.slice());
          c.write(bytes);
        },
        close: () => c.close(),
        get onData() {
          return c.onData;
        },
        set onData(f) {
          c.onData = f;
        },
        get onClose() {
          return c.onClose;
        },
        set onClose(f) {
          c.onClose = f;
        },
      };
      return wrapped;
    },
  };
}

/** The menu key of an operation: 1-9, then 0 for the tenth. */
export const menu = (op: string) => String((MENU_ITEMS.indexOf(op as never) + 1) % 10) as KeypadKey;

/** The Visa test card's track 2 (service code 101, no PIN) that the swiped flows use. */
export const VISA_SWIPE = `${VISA}=30121011234567890`;

/**
 * A swiped transaction to its end: the menu operation first when one is
 * named (a sale needs none), the amount, ENTER, the swipe, until idle.
 */
export async function swiped(d: Device, amount: string, operation?: string, track = VISA_SWIPE): Promise<void> {
  if (operation) await d.press("MENU", menu(operation));
  await d.type(amount);
  await d.press("ENTER");
  await d.swipe(track);
  await d.until("idle");
}


/** One issuer script, template 72: a PUT DATA the dda card's profile accepts (as in test/emv/scenarios/issuer-script-72-failed.json). */
export const SCRIPT: ScriptSpec = { template: "72", id: "00000007", commands: [{ command: "putData", tag: "9F4F", data: "9F2701" }] };

/**
 * The emulator as the dda card's issuer, approving with {@link SCRIPT}: the
 * card's completion then has script results to send (0620). `more` adds
 * options (e.g. a TC check).
 */
export function scriptingAcquirer(more: Partial<Parameters<typeof startAcquirer>[0]> = {}): Promise<Acquirer> {
  const app = loadTestCard("dda").applications[0];
  return startAcquirer({
    dialect: ISO87A,
    bdk: fromHex(TEST_BDK),
    tmk: fromHex(TEST_TMK),
    accounts: [...defaultAccounts(), { pan: CHIP_PIN, balanceMinor: 500_000, limitMinor: 200_000, pin: "2468", expiry: "2812" }],
    issuer: cardIssuers(["dda"]),
    issuerScripts: (de55, pan, panSequence) => {
      const tags = new Map(parseTlv(de55).map((o) => [o.tag, o.value]));
      const online = { de55, card: { pan, panSequenceNumber: panSequence }, atc: tags.get("9F36"), cryptogram: tags.get("9F26") } as unknown as OnlineOutcome;
      const { answer } = issuerReply(crypto, app, online, { answer: "approve", issuerAuthentication: "none", scripts: [SCRIPT] });
      return answer.kind === "host" ? answer.issuerScripts : undefined;
    },
    ...more,
  });
}
