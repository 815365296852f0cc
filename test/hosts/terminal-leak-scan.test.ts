/**
 * One leak scan at the terminal level: flows through createTerminal with
 * the real drivers over virtual devices (terminal-device.ts), then every
 * place the terminal keeps or shows anything (the journal's flash bytes,
 * the key store and the DUKPT registers, the display history, the log,
 * every byte sent to the printer) scanned together for every secret the
 * flows handled: PIN digits, clear and enciphered PIN blocks, full PANs,
 * track data, CVV and iCVV, and the clear keys.
 */
import test from "ava";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { unpack } from "../../modules/iso8583/codec.ts";
import { ISO87A } from "../../modules/iso8583/dialect.ts";
import { bytes, text } from "../../modules/iso8583/message.ts";
import { tdesDeriveWorkingKey, tdesIpek } from "../../modules/pin/dukpt/tdes-dukpt.ts";
import { TEST_BDK, TEST_TMK } from "../../hosts/acquirer/test-keys.ts";
import { CHIP, CHIP_PIN, DEBIT, crypto, device, menu, type Device } from "./terminal-device.ts";

const MANAGER_PIN = "5791";
/** test/emv/cards/offline-plaintext-pin.json: its PAN (5A) and its PIN */
const PLAIN = "4761739001010036";
const PLAIN_PIN = "1234";
/** the emulator's PIN of the DEBIT account (hosts/acquirer/accounts.ts) */
const DEBIT_PIN = "1234";
/** terminal-device.ts: the PIN of the CHIP_PIN account, the card's online PIN */
const CHIP_ONLINE_PIN = "2468";
/** the DEBIT stripe: expiry 3106, service code 120 (PIN required), then the discretionary data that carries the CVV */
const DISCRETIONARY = "8642097531";
const SWIPE = `${DEBIT}=3106120${DISCRETIONARY}`;
/** track 2 equivalent data (tag 57) of test/emv/cards/dda.json, offline-plaintext-pin.json and signature.json */
const CHIP_TRACKS = ["4761739001010028D281220110000012340000", "4761739001010036D281220110000012340000", "4761739001010069D281220110000012340000"];
/** the initial KSN terminal-device.ts loads */
const KSN = "FFFF9876543210E00000";

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

/** Where the terminal keeps or shows things, each as bytes. */
interface Sink {
  name: string;
  bytes: Uint8Array;
  /** a store of keys: the clear keys are its content, not leaks */
  holdsKeys?: boolean;
}

/** A secret and the byte forms it could take. */
interface Secret {
  name: string;
  forms: Uint8Array[];
  /** a key, expected in a key store and nowhere else */
  key?: boolean;
}

/** A text secret as ASCII. */
const textSecret = (name: string, s: string): Secret => ({ name, forms: [ascii(s)] });

/** A binary secret: raw, and as hex text in either case. */
const binarySecret = (name: string, b: Uint8Array, key = false): Secret => ({ name, forms: [b, ascii(toHex(b)), ascii(toHex(b).toLowerCase())], key });

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Every secret found in a sink, as "what in where". */
function scan(sinks: Sink[], secrets: Secret[]): string[] {
  const found: string[] = [];
  for (const sink of sinks) {
    for (const secret of secrets) {
      if (secret.key && sink.holdsKeys) continue;
      if (secret.forms.some((f) => contains(sink.bytes, f))) found.push(`${secret.name} in ${sink.name}`);
    }
  }
  return found;
}

const concatAll = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length + 1;
  }
  return out;
};

/**
 * The sinks of a terminal's life: the journal's flash and the key store
 * and DUKPT registers of `last` (what survives), the display, log and
 * printer bytes of every boot.
 */
function sinks(boots: Device[]): Sink[] {
  const last = boots.at(-1)!;
  const flash = last.flash.read(0, last.flash.blocks * last.flash.blockSize);
  const keyValues = last.keys.names().map((n) => last.keys.get(n)!);
  const registers = last.store.keys().map((k) => last.store.read(k)!);
  return [
    { name: "the journal's flash", bytes: flash },
    { name: "the key store", bytes: concatAll(keyValues), holdsKeys: true },
    { name: "the DUKPT registers", bytes: concatAll(registers), holdsKeys: true },
    { name: "the display", bytes: ascii(boots.flatMap((d) => d.shown.map((m) => JSON.stringify(m))).join("\n")) },
    { name: "the log", bytes: ascii(boots.flatMap((d) => d.log.lines).join("\n")) },
    { name: "the printer", bytes: Uint8Array.from(boots.flatMap((d) => d.printer.received)) },
  ];
}

/** ISO 9564-1 format 0: the PIN field XOR the PAN field (the 12 rightmost PAN digits but the check digit). */
function clearFormat0(pin: string, pan: string): Uint8Array {
  const pinField = fromHex(`0${pin.length}${pin}`.padEnd(16, "F"));
  const panField = fromHex(`0000${pan.slice(-13, -1)}`);
  return pinField.map((b, i) => b ^ panField[i]);
}

/** Every secret the flows handled: from the test data, and from the frames the boots sent (PIN blocks, KSNs). */
function secrets(boots: Device[]): Secret[] {
  const frames = boots.flatMap((d) => d.uplink).map((f) => unpack(ISO87A, f.subarray(2)));
  const pinBlocks = frames.flatMap((m) => (bytes(m, 52) ? [bytes(m, 52)!] : []));
  const ksns = frames.flatMap((m) => (text(m, 62) ? [text(m, 62)!] : []));
  const bdk = fromHex(TEST_BDK);
  const keyStoreValues = boots.at(-1)!.keys.names().map((n) => ({ name: n, value: boots.at(-1)!.keys.get(n)! }));
  return [
    ...[...new Set([DEBIT_PIN, PLAIN_PIN, CHIP_ONLINE_PIN, MANAGER_PIN])].map((p) => textSecret(`PIN ${p}`, p)),
    binarySecret("the clear PIN block of the swiped PIN", clearFormat0(DEBIT_PIN, DEBIT)),
    binarySecret("the clear PIN block of the chip's online PIN", clearFormat0(CHIP_ONLINE_PIN, CHIP_PIN)),
    // EMV 4.4 Book 3 6.5.12: the plaintext PIN block of VERIFY (control 2, length, PIN, F filler)
    binarySecret("the offline plaintext PIN block", fromHex(`2${PLAIN_PIN.length}${PLAIN_PIN}`.padEnd(16, "F"))),
    ...pinBlocks.map((b, i) => binarySecret(`enciphered PIN block ${i + 1} (DE52)`, b)),
    ...[DEBIT, CHIP_PIN, PLAIN, CHIP].flatMap((pan) => [textSecret(`the full PAN ${pan}`, pan), binarySecret(`the full PAN ${pan} in BCD`, fromHex(pan))]),
    textSecret("the stripe's track 2", SWIPE),
    textSecret("the stripe's CVV (its discretionary data)", DISCRETIONARY),
    ...CHIP_TRACKS.flatMap((t) => [
      binarySecret(`track 2 equivalent data ${t.slice(0, 6)}…`, fromHex(t)),
      textSecret(`track 2 equivalent data ${t.slice(0, 6)}… as text`, t),
      textSecret(`track 2 equivalent data ${t.slice(0, 6)}… with =`, t.replace("D", "=")),
    ]),
    // the iCVV is in tag 57's discretionary data, after expiry and service code
    ...CHIP_TRACKS.map((t) => textSecret(`the iCVV (discretionary data) of ${t.slice(0, 6)}…`, t.slice(t.indexOf("D") + 8))),
    binarySecret("the iCVV discretionary data in BCD", fromHex(CHIP_TRACKS[0].slice(CHIP_TRACKS[0].indexOf("D") + 8))),
    binarySecret("the TMK", fromHex(TEST_TMK), true),
    binarySecret("the BDK", bdk, true),
    binarySecret("the IPEK", tdesIpek(crypto, bdk, fromHex(KSN)), true),
    ...ksns.flatMap((k) => [
      binarySecret(`the PIN key (PEK) of KSN ${k}`, tdesDeriveWorkingKey(crypto, bdk, fromHex(k), "pin"), true),
      binarySecret(`the DUKPT request MAC key of KSN ${k}`, tdesDeriveWorkingKey(crypto, bdk, fromHex(k), "mac-request"), true),
      binarySecret(`the DUKPT response MAC key of KSN ${k}`, tdesDeriveWorkingKey(crypto, bdk, fromHex(k), "mac-response"), true),
    ]),
    // the session MAC key from sign-on, the device data key, the manager PIN digest: key store values
    ...keyStoreValues.map(({ name, value }) => binarySecret(`the key store's "${name}"`, value, true)),
  ];
}

const wait = (d: Device, ...states: string[]) => d.until(...states);

/** A swiped sale with its PIN typed on the matrix; the caller waits for the end. */
async function swipedPinSale(d: Device, amount: string): Promise<void> {
  await d.type(amount);
  await d.press("ENTER");
  await d.swipe(SWIPE);
  await wait(d, "pin");
  await d.type(DEBIT_PIN);
  await d.press("ENTER");
}

async function chipPinSale(d: Device, amount: string, card: string, pin: string): Promise<void> {
  await d.type(amount);
  await d.press("ENTER");
  const c = await d.insert(card);
  await wait(d, "pin");
  await d.type(pin);
  await d.press("ENTER");
  await wait(d, "remove-card", "idle");
  c.pull();
  await wait(d, "idle");
}

async function bootDevice(from?: Device): Promise<Device> {
  const d = from
    ? await device({ flash: from.flash.reboot(), keys: from.keys, store: from.store, acquirer: from.acquirer, managerPin: MANAGER_PIN })
    : await device({ managerPin: MANAGER_PIN });
  d.acquirer.accounts.set(PLAIN, { pan: PLAIN, balanceMinor: 500_000, limitMinor: 200_000, expiry: "2812" });
  return d;
}

/**
 * The flows: chip sale with online PIN, offline plaintext PIN, a chip
 * sale approved offline (its advice's PAN and chip data sealed in the
 * journal), a swiped PIN sale voided with the manager PIN, a swiped PIN
 * sale whose receipt runs out of paper, a reprint from the menu, a swiped
 * PIN sale cut by a power cut, the reboot and its recovery.
 */
async function flows(): Promise<{ boots: Device[]; cutAt: number; cutState: string }> {
  const first = await bootDevice();
  await chipPinSale(first, "5000", "dda", CHIP_ONLINE_PIN);
  await chipPinSale(first, "3000", "offline-plaintext-pin", PLAIN_PIN);
  // the signature card approves offline (TC) under the floor limit (test/emv/cards/signature.json): an advice follows
  await first.type("2000");
  await first.press("ENTER");
  const card = await first.insert("signature");
  await wait(first, "remove-card", "idle");
  card.pull();
  await wait(first, "idle");
  const before = first.flash.operations;
  await swipedPinSale(first, "4200");
  await wait(first, "idle");
  const saleOperations = first.flash.operations - before;
  await first.press("MENU", menu("VOID"));
  await first.type(MANAGER_PIN);
  await first.press("ENTER", "ENTER", "ENTER");
  await wait(first, "idle");
  // the paper runs out in the middle of the next sale's merchant copy: it waits for paper and prints again marked REPRINT;
  // then the customer copy is reprinted from the menu
  first.printer.paperOutAt = first.printer.printed.length + 300;
  await swipedPinSale(first, "3300");
  await wait(first, "receipt");
  for (let i = 0; i < 1000 && !first.shown.some((m) => m.id === "PRINTER_PROBLEM"); i++) {
    await new Promise((r) => setImmediate(r));
    first.clock.advance(10);
  }
  first.printer.loadPaper();
  await wait(first, "idle");
  await first.press("MENU", menu("REPRINT"));
  await wait(first, "idle");
  // the power goes halfway through the next swiped PIN sale's journal writes
  const cutAt = Math.ceil(saleOperations / 2);
  first.flash.cutPowerAt(first.flash.operations + cutAt);
  await swipedPinSale(first, "6100");
  await wait(first, "idle");
  const cutState = first.terminal.state;
  await first.close(true);
  const second = await bootDevice(first);
  return { boots: [first, second], cutAt, cutState };
}

test.serial("after chip sales with online and offline plaintext PIN, an offline approval with sealed card data, a voided swiped PIN sale with the manager PIN, a receipt interrupted by paper out and a reprint, and a power cut with recovery: no PIN, PIN block, full PAN, track, CVV or clear key in the journal's flash, the key store, the display, the log or the printer bytes", async (t) => {
  const { boots, cutAt, cutState } = await flows();
  const [first, second] = boots;
  try {
    // the flows did what they are for
    t.is(first.acquirer.ledger.net(CHIP_PIN), 5000, "the chip sale with online PIN was approved");
    t.is(first.acquirer.ledger.net(PLAIN), 3000, "the chip sale with offline plaintext PIN was approved");
    t.true([...first.acquirer.ledger.entries.values()].some((e) => e.kind === "void" && e.responseCode === "00"), "the swiped PIN sale was voided");
    t.true([...first.acquirer.ledger.entries.values()].some((e) => e.offline && e.amountMinor === 2000), "the offline approval's advice reached the host");
    t.true(second.keys.names().includes("dek"), "the device data key exists: card data was sealed in the journal");
    t.false(first.flash.powered, `the power went at journal operation ${cutAt} of the last sale`);
    t.is(cutState, "halted", "the cut halted the terminal");
    t.is(second.terminal.state, "idle", "the reboot recovered");
    t.deepEqual(second.terminal.journal.pending(), [], "recovery sent what the cut left to send");
    t.is(first.acquirer.ledger.net(DEBIT), 3300, "the cut sale moved no money once recovered (the paper-out sale's 33.00 stays)");
    t.true(first.shown.some((m) => m.id === "PRINTER_PROBLEM"), "the paper ran out during a sale's receipt");
    t.true(first.paper().filter((l) => l.includes("REPRINT")).length >= 2, "the interrupted copy and the menu's reprint printed marked REPRINT");
    const all = sinks(boots);
    const list = secrets(boots);
    t.true(list.filter((s) => s.name.startsWith("enciphered PIN block")).length >= 3, "the PIN blocks of the online PINs are among the secrets");
    t.true(list.some((s) => s.name.startsWith("the PIN key (PEK)")), "the DUKPT keys are among the secrets");
    t.true(all.every((s) => s.bytes.length > 0), "every sink holds something");
    t.true(all[0].bytes.some((b) => b !== 0xff), "the journal's flash holds records");
    t.log(`cut at journal operation ${cutAt} of the sale; the host saw ${first.acquirer.ledger.reversals} reversal(s)`);
    t.log(`${list.length} secrets (${list.reduce((n, s) => n + s.forms.length, 0)} byte forms) over ${all.map((s) => `${s.name} ${s.bytes.length} B`).join(", ")}`);
    t.deepEqual(scan(all, list), []);
  } finally {
    await second.close();
  }
});

test.serial("the scan fails on planted leaks: a PIN on the display, track data in the log, a PIN block on the printer, a BCD PAN in the journal's flash, a PIN in the key store, and the TMK in the flash", async (t) => {
  const d = await bootDevice();
  try {
    await swipedPinSale(d, "4200");
    await wait(d, "idle");
    t.deepEqual(scan(sinks([d]), secrets([d])), [], "clean before the plants");
    const block = bytes(unpack(ISO87A, d.uplink.find((f) => bytes(unpack(ISO87A, f.subarray(2)), 52))!.subarray(2)), 52)!;
    d.shown.push({ id: "PLANTED", pin: DEBIT_PIN } as never);
    d.log.write(`swiped ${SWIPE}`);
    d.printer.received.push(...block);
    const end = d.flash.blocks * d.flash.blockSize;
    d.flash.write(end - 64, fromHex(DEBIT));
    d.flash.write(end - 32, fromHex(TEST_TMK));
    d.keys.put("planted", ascii(`x${MANAGER_PIN}x`));
    const found = scan(sinks([d]), secrets([d]));
    for (const leak of [
      `PIN ${DEBIT_PIN} in the display`,
      "the stripe's track 2 in the log",
      "the stripe's CVV (its discretionary data) in the log",
      `the full PAN ${DEBIT} in the log`,
      "enciphered PIN block 1 (DE52) in the printer",
      `the full PAN ${DEBIT} in BCD in the journal's flash`,
      "the TMK in the journal's flash",
      `PIN ${MANAGER_PIN} in the key store`,
    ]) {
      t.true(found.includes(leak), `found: ${leak}`);
    }
  } finally {
    await d.close();
  }
});
