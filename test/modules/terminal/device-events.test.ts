/**
 * DeviceEvents (modules/terminal/device-events.ts) on mocks: which
 * printer statuses become `printer` events, and how a chip slot's
 * presence, its activation and a card found in it at boot become
 * `card-inserted`, `chip-error` and `card-removed`.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import type { ResponseApdu } from "../../../modules/iso7816/apdu.ts";
import { Iso7816Error } from "../../../modules/iso7816/error.ts";
import type { ApduTransport, CardPresenceListener } from "../../../modules/iso7816/transport.ts";
import { DeviceEvents, type ActivatedCard, type CardSlot } from "../../../modules/terminal/device-events.ts";
import type { TerminalEvent } from "../../../modules/terminal/ports.ts";
import { decodeStatus } from "../../../drivers/printer/status.ts";
import { RecordingLog } from "../../support/recorders.ts";

/** The shortest ATR ISO/IEC 7816-3 §8.2 allows: TS 3B (direct convention), T0 00 (no interface or historical bytes). */
const ATR = fromHex("3B00");

/**
 * Epson ESC/POS Command Reference, DLE EOT n (n = 1-4): bits 1 and 4 are
 * always 1, so 12 is "nothing to report"; n=2 bit 2 (16) is the cover
 * open; n=4 bits 5-6 (72) is the roll paper end sensor finding no paper.
 */
const READY = decodeStatus([0x12, 0x12, 0x12, 0x12]);
const COVER_OPEN = decodeStatus([0x12, 0x16, 0x12, 0x12]);
const PAPER_END = decodeStatus([0x12, 0x12, 0x12, 0x72]);

/** A slot whose card the test puts in and pulls out; activation answers as the test says. */
class MockSlot implements CardSlot {
  present: boolean;
  powerOns = 0;
  activation: () => Promise<ActivatedCard> = async () => ({ atr: { bytes: ATR }, protocol: 0, baud: 9600 });
  readonly #listeners = new Set<CardPresenceListener>();

  constructor(present = false) {
    this.present = present;
  }
  powerOn(): Promise<ActivatedCard> {
    this.powerOns++;
    return this.activation();
  }
  transmit(): Promise<ResponseApdu> {
    return Promise.reject(new Iso7816Error("SLOT_STATE", "not used by these tests"));
  }
  subscribe(listener: CardPresenceListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
  get listeners(): number {
    return this.#listeners.size;
  }
  insert(): void {
    this.present = true;
    for (const l of [...this.#listeners]) l.onInserted?.();
  }
  pull(): void {
    this.present = false;
    for (const l of [...this.#listeners]) l.onRemoved?.();
  }
}

/** The terminal's side: the events it got, and a start the test ends. */
function sink() {
  const events: TerminalEvent[] = [];
  let end: () => void = () => {};
  const started = new Promise<void>((resolve) => (end = resolve));
  return { events, start: () => started, handle: (e: TerminalEvent) => void events.push(e), endStart: () => end() };
}

const types = (events: TerminalEvent[]) => events.map((e) => e.type);

/** A terminal that has started, and DeviceEvents (logging to `log`) following one empty slot. */
async function startedWithSlot(log = new RecordingLog()) {
  const terminal = sink();
  terminal.endStart();
  const events = new DeviceEvents<MockSlot>({ log });
  const slot = new MockSlot();
  events.attach(slot);
  await events.start(terminal);
  return { terminal, events, slot };
}
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

test("printer: only a change of readiness is an event (paper end: not ready; cover open after it: nothing; ready again: ready), the printer taken as ready at first", async (t) => {
  const terminal = sink();
  const events = new DeviceEvents({ log: new RecordingLog() });
  terminal.endStart();
  await events.start(terminal);
  events.printerStatus(READY);
  t.deepEqual(terminal.events, [], "ready while taken as ready: no event");
  events.printerStatus(PAPER_END);
  events.printerStatus(COVER_OPEN);
  events.printerStatus({ kind: "not-responding" });
  t.deepEqual(terminal.events, [{ type: "printer", ready: false }], "one event for the printer that stopped being ready");
  events.printerStatus(READY);
  events.printerStatus(READY);
  t.deepEqual(terminal.events, [{ type: "printer", ready: false }, { type: "printer", ready: true }]);
});

test("printer: a garbage answer and an unknown state are not ready; a status before the terminal started is not sent, but counts for the next change", async (t) => {
  const terminal = sink();
  const events = new DeviceEvents({ log: new RecordingLog() });
  events.printerStatus(PAPER_END);
  const starting = events.start(terminal);
  terminal.endStart();
  await starting;
  t.deepEqual(terminal.events, []);
  events.printerStatus({ kind: "garbage" });
  events.printerStatus({ kind: "unknown" });
  t.deepEqual(terminal.events, [], "still not ready: no event");
  events.printerStatus(READY);
  t.deepEqual(terminal.events, [{ type: "printer", ready: true }], "ready again after the paper end seen before the start");
});

test("a card in the slot at boot is activated only once the terminal has started, then reaches it as card-inserted with the slot as transport", async (t) => {
  const terminal = sink();
  const log = new RecordingLog();
  const events = new DeviceEvents<MockSlot>({ log });
  const slot = new MockSlot(true);
  events.attach(slot);
  const starting = events.start(terminal);
  await settle();
  t.is(slot.powerOns, 0, "nothing is powered while the terminal starts");
  terminal.endStart();
  await starting;
  await events.activation;
  t.is(slot.powerOns, 1);
  t.deepEqual(terminal.events, [{ type: "card-inserted", transport: slot }]);
  t.deepEqual(log.lines, ["chip: ATR 3B00, T=0, 9600 bit/s"]);
});

test("a card inserted while the terminal starts is activated when it has started; one pulled out before that is not", async (t) => {
  const terminal = sink();
  const events = new DeviceEvents<MockSlot>({ log: new RecordingLog() });
  const kept = new MockSlot();
  const pulled = new MockSlot();
  events.attach(kept);
  events.attach(pulled);
  const starting = events.start(terminal);
  kept.insert();
  pulled.insert();
  pulled.pull();
  t.deepEqual(terminal.events, [], "nothing reaches a terminal that is starting");
  terminal.endStart();
  await starting;
  await events.activation;
  t.is(kept.powerOns, 1);
  t.is(pulled.powerOns, 0);
  t.deepEqual(terminal.events, [{ type: "card-inserted", transport: kept }]);
});

test("insertion then removal after the start: card-inserted once activated, card-removed when the slot reports the card gone", async (t) => {
  const { terminal, events, slot } = await startedWithSlot();
  slot.insert();
  await events.activation;
  slot.pull();
  t.deepEqual(types(terminal.events), ["card-inserted", "card-removed"]);
});

test("an activation that fails with the card still in is a chip-error with the driver's code (the stripe may be used), logged", async (t) => {
  const log = new RecordingLog();
  const { terminal, events, slot } = await startedWithSlot(log);
  slot.activation = () => Promise.reject(new Iso7816Error("ATR_TIMEOUT", "no answer to reset"));
  slot.insert();
  await events.activation;
  t.deepEqual(terminal.events, [{ type: "chip-error", code: "ATR_TIMEOUT" }]);
  t.deepEqual(log.lines, ["chip: ATR_TIMEOUT"]);
});

test("a card pulled out during its activation is no chip failure: only card-removed reaches the terminal", async (t) => {
  const { terminal, events, slot } = await startedWithSlot();
  let fail: (e: Error) => void = () => {};
  slot.activation = () => new Promise((_resolve, reject) => (fail = reject));
  slot.insert();
  slot.pull();
  fail(new Iso7816Error("CARD_REMOVED", "the card was removed during activation"));
  await events.activation;
  t.deepEqual(types(terminal.events), ["card-removed"]);
});

test("a presence bounce during activation powers the card once", async (t) => {
  const { terminal, events, slot } = await startedWithSlot();
  slot.insert();
  slot.insert();
  await events.activation;
  t.is(slot.powerOns, 1);
  t.deepEqual(types(terminal.events), ["card-inserted"]);
});

test("the host's transport wraps the activated slot: the terminal gets the wrapper, made with the activation's protocol", async (t) => {
  const terminal = sink();
  terminal.endStart();
  const made: number[] = [];
  const events = new DeviceEvents<MockSlot>({
    log: new RecordingLog(),
    transport: (slot, card): ApduTransport => {
      made.push(card.protocol);
      return { get present() { return slot.present; }, transmit: () => slot.transmit(), subscribe: (l) => slot.subscribe(l) };
    },
  });
  const slot = new MockSlot();
  slot.activation = async () => ({ atr: { bytes: ATR }, protocol: 1, baud: 38_400 });
  events.attach(slot);
  await events.start(terminal);
  slot.insert();
  await events.activation;
  t.deepEqual(made, [1]);
  const event = terminal.events[0];
  t.true(event.type === "card-inserted" && event.transport !== slot && event.transport.present);
});

test("after detach the slot is no longer followed: its listener is gone and its card reaches nobody", async (t) => {
  const terminal = sink();
  terminal.endStart();
  const events = new DeviceEvents<MockSlot>({ log: new RecordingLog() });
  const slot = new MockSlot();
  const detach = events.attach(slot);
  await events.start(terminal);
  detach();
  t.is(slot.listeners, 0);
  slot.insert();
  slot.pull();
  await events.activation;
  t.is(slot.powerOns, 0);
  t.deepEqual(terminal.events, []);
});

test("a slot attached after the start with its card in is activated at once (the simulators' insertion)", async (t) => {
  const terminal = sink();
  terminal.endStart();
  const events = new DeviceEvents<MockSlot>({ log: new RecordingLog() });
  await events.start(terminal);
  const slot = new MockSlot(true);
  events.attach(slot);
  await events.activation;
  t.deepEqual(terminal.events, [{ type: "card-inserted", transport: slot }]);
});
