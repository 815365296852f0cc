/**
 * A card whose application answers later (a Promise: the Moddable
 * simulator's card runs in a worker): the virtual card keeps the slot
 * driver waiting as a slow card does, with NULL procedure bytes under T=0
 * (ISO/IEC 7816-3 §10.2) and S(WTX) under T=1 (§11.6.2.3), and a card
 * pulled while its answer is pending is a CARD_REMOVED, not a hang.
 */
import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { Iso7816Error } from "../../../modules/iso7816/error.ts";
import { SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { virtualCardSlot, type CardAnswer } from "../../../hosts/desktop/virtual-card.ts";
import { app, EMV_T0, RECORD, SELECT_PPSE, t1Atr } from "./rig.ts";

/** A slot whose card answers `delayMs` after each command (the rig's application); `delayMs` undefined: never. */
function lateRig(atr: Uint8Array, protocol: 0 | 1, delayMs: number | undefined) {
  const clock = new VirtualClock();
  const answers: ((a: CardAnswer) => void)[] = [];
  const card = virtualCardSlot({
    atr,
    protocol,
    clock,
    app: (c: CommandApdu) =>
      new Promise<CardAnswer>((resolve) => {
        answers.push(resolve);
        if (delayMs !== undefined) clock.set(() => resolve(app(c)), delayMs);
      }),
  });
  let removed = 0;
  const slot = new SmartcardSlot({ ...card.specs(), clock, onRemoved: () => removed++ });
  const run = <T>(p: Promise<T>) => clock.settle(p, 2);
  return { clock, card, slot, run, answers, removed: () => removed };
}

/** The slot driver's work waiting time with WI 10, ms: (960 × WI + 480) ETU of 372 clock cycles (EMV Book 1 §9.2.2.1). */
function slotWwtMs(clockHz: number): number {
  return ((960 * 10 + 480) * 372 * 1000) / clockHz;
}

/** How many times `byte` is on the card's side of the line. */
function count(bytes: number[], byte: number): number {
  return bytes.filter((b) => b === byte).length;
}

/** How often `run` is in `bytes`, at any byte offset. */
function occurrences(bytes: number[], run: number[]): number {
  let n = 0;
  for (let i = 0; i + run.length <= bytes.length; i++) if (run.every((b, j) => bytes[i + j] === b)) n++;
  return n;
}

test("T=0: an answer 2.75 WWT late comes through; the card sent a NULL byte (60) every half of its WT = 10 × 960 × 372 / f meanwhile", async (t) => {
  // EMV_T0 has no TC2: WI 10 (ISO/IEC 7816-3 §10.2)
  const halfWtMs = (10 * 960 * 372 * 1000) / 3_571_200 / 2;
  const delay = halfWtMs * 5.5;
  const { slot, card, run } = lateRig(EMV_T0, 0, delay);
  await run(slot.powerOn());
  t.is(card.state.clockHz, 3_571_200);
  t.true(delay > 2.5 * slotWwtMs(card.state.clockHz), "longer than the slot's WWT: without NULL bytes the slot would call the card mute");
  const sent = card.state.tx.length;
  const record = await run(slot.transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }));
  t.is(toHex(record.data), toHex(RECORD), "case 2: 6C3C from the late answer, then the header again with Le 3C (answered late again)");
  t.is(record.sw, 0x9000);
  t.is(count(card.state.tx.slice(sent), 0x60), 10, "5 NULL bytes while each of the two answers was pending");
  const fci = await run(slot.transmit(SELECT_PPSE));
  t.is(fci.sw, 0x9000);
  t.is(fci.data.length, 28, "case 4: the procedure byte, the data, then 611C and GET RESPONSE");
  t.true(slot.powered);
});

test("T=1: an answer 3.9 s late comes through; the card asked for BWT × 2 with S(WTX) after half of each waiting time, and the slot granted it", async (t) => {
  // t1Atr: TB3 45, BWI 4: BWT = 11 ETU + 2^4 × 960 × 372 / f, 1.6 s at 3.5712 MHz
  const { slot, card, run } = lateRig(t1Atr(0x11), 1, 3900);
  const on = await run(slot.powerOn());
  t.is(on.atr.t1?.bwi, 4);
  const rx = card.state.rx.length;
  const tx = card.state.tx.length;
  const r = await run(slot.transmit(SELECT_PPSE));
  t.is(r.sw, 0x9000);
  t.is(r.data.length, 28);
  // requests at 0.8 s (half of BWT), then 1.6 s after each response (half of BWT × 2): 0.8 and 2.4; the answer comes before 4.0
  const requests = occurrences(card.state.tx.slice(tx), [0x00, 0xc3, 0x01, 0x02, 0xc0]);
  const responses = occurrences(card.state.rx.slice(rx), [0x00, 0xe3, 0x01, 0x02, 0xe0]);
  t.is(requests, 2, "two S(WTX request) blocks asking for 2 × BWT (NAD 00, PCB C3, LEN 01, INF 02, LRC C0)");
  t.is(responses, 2, "each answered by an S(WTX response) with the same multiplier (PCB E3, LRC E0)");
  t.true(slot.powered);
});

test("T=1: an answer that comes while an S(WTX request) waits for its response is sent once the response is in", async (t) => {
  // the answer is due at the very moment the card asks for more time (half of BWT = 0.8 s)
  const halfBwtMs = (2 ** 4 * 960 * 372 * 1000) / 3_571_200 / 2;
  const { slot, card, run } = lateRig(t1Atr(0x11), 1, halfBwtMs);
  await run(slot.powerOn());
  const tx = card.state.tx.length;
  const r = await run(slot.transmit(SELECT_PPSE));
  t.is(r.sw, 0x9000);
  t.is(r.data.length, 28);
  const line = toHex(Uint8Array.from(card.state.tx.slice(tx)));
  t.true(line.startsWith("00C30102C0"), `the S(WTX request) first, then the I-block: ${line.slice(0, 20)}`);
});

for (const protocol of [0, 1] as const) {
  test(`T=${protocol}: the card pulled while its answer is pending: CARD_REMOVED once the presence debounce has passed, no byte after it, the late answer dropped`, async (t) => {
    const { slot, card, clock, run, answers, removed } = lateRig(protocol === 0 ? EMV_T0 : t1Atr(0x11), protocol, undefined);
    await run(slot.powerOn());
    const pending = slot.transmit(SELECT_PPSE);
    pending.catch(() => {});
    // past the first NULL byte or WTX request, and its response
    await run(new Promise<void>((r) => clock.set(r, 900)));
    t.is(answers.length, 1, "the application has the command");
    card.pull();
    const error = await t.throwsAsync(run(pending), { instanceOf: Iso7816Error });
    t.is(error?.code, "CARD_REMOVED");
    t.is(removed(), 1);
    t.false(slot.powered);
    const tx = card.state.tx.length;
    answers[0](app(SELECT_PPSE));
    await run(new Promise<void>((r) => clock.set(r, 5000)));
    t.is(card.state.tx.length, tx, "nothing on the line after the card left: no NULL byte, no WTX, no answer");
    t.is(clock.pending, 0, "no timer of the card's left running");
  });
}
