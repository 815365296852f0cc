/**
 * The desktop simulator's firmware image, run on the XS engine: the
 * magstripe reader on virtual heads, the matrix keypad on a virtual key
 * matrix, TDES DUKPT with the ANSI X9.24 test key set, and the sale flow
 * that ties them together, on a virtual clock. The front end drives it
 * through `globalThis.xsposSim` and draws what it sends.
 */
import { MemoryStore } from "../../modules/core/memory-store.ts";
import { toHex, fromHex } from "../../modules/core/hex.ts";
import type { KeypadKey } from "../../modules/core/keys.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { SoftwareCrypto } from "../../modules/crypto/software-crypto.ts";
import { tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { CURRENCIES, LOCALES } from "../../modules/terminal/currency.ts";
import { SaleFlow, type SaleRequest } from "../../modules/terminal/sale-flow.ts";
import { MagstripeReader } from "../../drivers/magstripe/reader.ts";
import { encodeTrackBits, fluxIntervals, type SwipeProfile } from "../../drivers/magstripe/encode.ts";
import { seededRandom } from "../../modules/core/seeded-random.ts";
import type { Swipe } from "../../drivers/magstripe/swipe.ts";
import { MatrixKeypad } from "../../drivers/keypad/matrix-keypad.ts";
import { LAYOUT_4X4 } from "../../drivers/keypad/layouts.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { AcquirerClient } from "../../modules/uplink/acquirer-client.ts";
import { formatAmount } from "../../modules/terminal/currency.ts";
import { BridgeLink } from "./bridge-link.ts";
import { CellularModem } from "../../drivers/modem/cellular-modem.ts";
import type { Link } from "../../modules/uplink/ports.ts";
import { virtualModem } from "./virtual-modem.ts";
import { virtualCardSlot } from "./virtual-card.ts";
import { SmartcardSlot } from "../../drivers/smartcard/slot.ts";
import { parseTlv } from "../../modules/emv/tlv.ts";
import { VirtualHead } from "./virtual-head.ts";
import { virtualMatrix } from "./virtual-matrix.ts";
import { hostRandom, send } from "./xs-channel.ts";
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

// ANSI X9.24-1:2009 annex A test BDK and initial KSN, and the acquirer emulator's test master
// key: the simulator plays the key injection facility.
const TEST_BDK = "0123456789ABCDEFFEDCBA9876543210";
const TEST_KSN = "FFFF9876543210E00000";
const TEST_TMK = "1C1C1C1C1C1C1C1C0D0D0D0D0D0D0D0D";

const clock = new VirtualClock(0);
const log = { write: (text: string) => void send({ type: "log", text }) };
const display = { show: (lines: string[]) => void send({ type: "display", lines }) };
const crypto = new SoftwareCrypto(hostRandom);
const store = new MemoryStore();
const dukpt = new TdesDukptTerminal(crypto, store);
const link = new BridgeLink();
let today = { year: 2026, month: 1 };
let acquirer: AcquirerClient | undefined;

async function onRequest(request: SaleRequest): Promise<void> {
  const pin = request.pin ? `PIN block format ${request.pin.format}, KSN ${toHex(request.pin.ksn ?? new Uint8Array(0))}` : "no PIN";
  log.write(`sale: ${request.amountMinor} ${request.currency.code}, ${request.card.scheme} ${request.card.pan}${request.fallback ? ", fallback" : ""}, ${pin}`);
  if (!acquirer) {
    display.show(["NO ACQUIRER LINK"]);
  } else {
    const t2 = request.track2;
    const result = await acquirer.authorize({
      kind: "sale",
      amountMinor: request.amountMinor,
      currency: request.currency.numeric,
      pan: request.pan,
      ...(t2 ? { track2: t2, expiry: t2.slice(t2.indexOf("=") + 1, t2.indexOf("=") + 5) } : {}),
      entry: request.fallback ? "fallback" : "swipe",
      ...(request.pin ? { pinBlock: request.pin.block, ksn: request.pin.ksn } : {}),
    });
    const amount = formatAmount(request.amountMinor, request.currency, LOCALES["de-DE"]);
    if (result.status === "approved") display.show([amount, "APPROVED", `AUTH ${result.authCode ?? ""}`]);
    else if (result.status === "declined") display.show([amount, result.prompt]);
    else display.show([result.prompt, result.reversalQueued ? "REVERSAL QUEUED" : "TRY AGAIN"]);
  }
  clock.set(() => sale.start(), 2000);
}

const sale = new SaleFlow({
  clock,
  display,
  log,
  crypto,
  currency: CURRENCIES.EUR,
  locale: LOCALES["de-DE"],
  pinKey: () => {
    const tx = dukpt.nextTransaction(["pin"]);
    return { key: tx.keys.pin!, ksn: tx.ksn };
  },
  today: () => today,
  onRequest: (r) => void onRequest(r),
});

const matrix = virtualMatrix(4, 4);
const keypad = new MatrixKeypad({ rows: matrix.rowSpecs, columns: matrix.columnSpecs, clock, onKey: (e) => sale.key(e) });

function onSwipe(swipe: Swipe): void {
  const reads = swipe.tracks.map((t) => (t.ok ? `T${t.track} ok ${t.direction}` : `T${t.track} ${t.error.code}`));
  log.write(`swipe: ${reads.join(", ")}`);
  sale.swipe(swipe.tracks);
}

const reader = new MagstripeReader({
  tracks: [1, 2, 3].map((track) => ({ track: track as 1 | 2 | 3, flux: { io: VirtualHead, track } })),
  clock,
  onSwipe,
});

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
  // the card takes a few hundred ms to go by; then the reader's idle timer ends the swipe
  clock.advance(1000);
}

/** Presses keys on the virtual matrix, 80 ms down and 80 ms up each, as a person types. */
function press(keys: KeypadKey[]): void {
  for (const key of keys) {
    const r = LAYOUT_4X4.findIndex((row) => row.includes(key));
    if (r < 0) continue;
    const c = LAYOUT_4X4[r].indexOf(key);
    matrix.press(r, c);
    clock.advance(80);
    matrix.release(r, c);
    clock.advance(80);
  }
}

/** The network port: straight sockets (Wi-Fi-like), or a 4G modem on a virtual UART whose radio side is those sockets. */
async function uplinkPort(kind: "wifi" | "4g"): Promise<Link> {
  if (kind === "wifi") return link;
  const device = virtualModem({ network: link });
  const modem = new CellularModem({ serial: { io: device.Serial, port: 2, receive: 16, transmit: 17 }, clock, apn: "internet" });
  const status = await modem.start();
  log.write(`modem: registered (${status.registration}), ${status.signalDbm} dBm, address ${status.ip}`);
  return modem.link;
}

async function connectAcquirer(port: number, kind: "wifi" | "4g"): Promise<void> {
  acquirer = new AcquirerClient({
    link: await uplinkPort(kind),
    clock,
    crypto,
    store,
    log,
    dateTime: () => new Date(),
    config: { host: "127.0.0.1", port, dialect: ISO87A, terminalId: "XSPOS001", merchantId: "XSPOSSIMULATOR1", responseTimeoutMs: 5000, connectTimeoutMs: 3000 },
  });
  acquirer.loadMasterKey(fromHex(TEST_TMK));
  try {
    await acquirer.signOn();
  } catch (e) {
    log.write(`uplink: sign-on failed (${(e as { code?: string }).code ?? "error"})`);
  }
}

async function settle(): Promise<void> {
  if (!acquirer) return;
  try {
    const r = await acquirer.settle();
    const t = r.totals;
    display.show(["SETTLEMENT", `SALES ${t.debits} ${formatAmount(t.debitsMinor, CURRENCIES.EUR, LOCALES["de-DE"])}`, `REFUNDS ${t.credits}`, r.balanced ? "BALANCED" : `UPLOADED ${r.uploaded}`]);
  } catch (e) {
    display.show(["SETTLEMENT FAILED", (e as { code?: string }).code ?? "ERROR"]);
  }
}

/**
 * The cardholder inserts the card: the chip slot activates it and selects
 * the payment system environment. A chip that cannot be read lets the
 * sale fall back to the stripe; the EMV kernel that would carry a working
 * chip through the transaction is not part of this build.
 */
async function insert(card: SimCard): Promise<void> {
  if (!card.chip) {
    log.write("chip: this card has no chip");
    return;
  }
  const fci = fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E");
  const device = virtualCardSlot({
    atr: fromHex(card.chip.atr),
    protocol: card.chip.protocol,
    clock,
    atrDelayCycles: card.chip.dead ? 1_000_000 : 12_000,
    app: (c) => (c.ins === 0xa4 ? { data: fci, sw: 0x9000 } : { sw: 0x6d00 }),
  });
  const slot = new SmartcardSlot({ ...device.specs(), clock });
  try {
    const on = await clock.settle(slot.powerOn());
    log.write(`chip: ATR ${toHex(on.atr.bytes)}, T=${on.protocol}, ${on.baud} bit/s`);
    const r = await clock.settle(slot.transmit({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Uint8Array.from("2PAY.SYS.DDF01", (c) => c.charCodeAt(0)), le: 256 }));
    const names = parseTlv(r.data).map((x) => x.tag).join(" ");
    log.write(`chip: SELECT PPSE ${r.sw.toString(16).toUpperCase()}${names ? `, FCI ${names}` : ""}`);
    display.show(["CHIP READ", "EMV KERNEL", "NOT IN THIS BUILD"]);
  } catch (e) {
    log.write(`chip: ${(e as { code?: string }).code ?? "error"}`);
    sale.chipFailed();
  } finally {
    slot.close();
  }
}

(globalThis as Record<string, unknown>).xsposSim = {
  start(date: { year: number; month: number }, acquirerPort?: number, uplink: "wifi" | "4g" = "wifi") {
    today = date;
    dukpt.loadInitialKey(tdesIpek(crypto, fromHex(TEST_BDK), fromHex(TEST_KSN)), fromHex(TEST_KSN));
    log.write(`dukpt: ANSI X9.24-1 test key set loaded, next KSN ${toHex(dukpt.nextKsn)}`);
    sale.start();
    if (acquirerPort !== undefined) void connectAcquirer(acquirerPort, uplink).catch((e) => log.write(`uplink: ${(e as { code?: string }).code ?? "error"}`));
  },
  netData: (id: number, hex: string) => link.deliver(id, hex),
  netClosed: (id: number) => link.closed(id),
  settle: () => void settle(),
  swipe,
  press,
  insert: (card: SimCard) => void insert(card),
  wait: (ms: number) => clock.advance(ms),
  close() {
    reader.close();
    keypad.close();
  },
};
