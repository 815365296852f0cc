import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { virtualCardSlot, type CardFault } from "../../../hosts/desktop/virtual-card.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { app, EMV_T0, FAST_T0, INVERSE, rig, SELECT_PPSE, t1Atr } from "./rig.ts";

test("T=0: activation timing, ATR, case 4 with GET RESPONSE, case 2 with 6C, case 3", async (t) => {
  const { slot, card, run } = rig(EMV_T0, 0);
  const on = await run(slot.powerOn());
  t.like(on, { protocol: 0, pps: "not-offered", baud: 9600, fi: 1, di: 1 });
  t.is(toHex(on.atr.bytes), toHex(EMV_T0));
  t.true(card.state.resetLowCycles >= 40_000 && card.state.resetLowCycles <= 45_000, `reset held ${card.state.resetLowCycles} cycles`);
  const fci = await run(slot.transmit(SELECT_PPSE));
  t.is(fci.sw, 0x9000);
  t.is(fci.data.length, 28);
  t.deepEqual(card.state.rx.slice(-5), [0x00, 0xc0, 0x00, 0x00, 28], "GET RESPONSE with the length 61xx gave");
  const record = await run(slot.transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }));
  t.is(record.data.length, 60, "6C60 answered by resending the header with Le 60");
  t.is((await run(slot.transmit({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex("241234FFFFFFFFFF") }))).sw, 0x63c2);
  t.is((await run(slot.transmit({ cla: 0, ins: 0x70, p1: 0, p2: 0 }))).sw, 0x6d00);
});

test("T=0: a case 4 SELECT whose application answers 6283 (blocked) reaches the caller as the FCI with 6283, through GET RESPONSE (EMV Book 1 §9.3.1.3)", async (t) => {
  const clock = new VirtualClock();
  const fci = fromHex("6F1B8407A0000000031010A510500B5649534120435245444954870101");
  const card = virtualCardSlot({ atr: EMV_T0, protocol: 0, clock, app: (c) => (c.ins === 0xa4 ? { data: fci, sw: 0x6283 } : { sw: 0x6d00 }) });
  const slot = new SmartcardSlot({ ...card.specs(), clock, onRemoved: () => {} });
  await clock.settle(slot.powerOn(), 2);
  const rx = card.state.rx.length;
  const r = await clock.settle(slot.transmit({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex("A0000000031010"), le: 256 }), 2);
  t.is(r.sw, 0x6283);
  t.is(toHex(r.data), toHex(fci));
  t.deepEqual(card.state.rx.slice(rx + 12, rx + 17), [0x00, 0xc0, 0x00, 0x00, 0x00], "GET RESPONSE with Le 00 after the warning");
});

test("PPS: TA1 13 in negotiable mode speeds the line up to Fi 372 / Di 4; a card that refuses falls back", async (t) => {
  const fast = rig(FAST_T0, 0);
  t.like(await fast.run(fast.slot.powerOn()), { pps: "accepted", fi: 1, di: 3, baud: 38400 });
  t.is((await fast.run(fast.slot.transmit(SELECT_PPSE))).sw, 0x9000);
  const stubborn = rig(FAST_T0, 0, { acceptPps: false });
  t.like(await stubborn.run(stubborn.slot.powerOn()), { pps: "failed-default", baud: 9600 });
  t.is((await stubborn.run(stubborn.slot.transmit(SELECT_PPSE))).sw, 0x9000);
});

test("inverse convention: ATR and exchanges decoded", async (t) => {
  const { slot, run } = rig(INVERSE, 0);
  const on = await run(slot.powerOn());
  t.is(on.atr.convention, "inverse");
  t.is(on.pps, "specific-mode");
  t.is((await run(slot.transmit(SELECT_PPSE))).data.length, 28);
});

test("T=1: IFSD, chaining both ways, block by block", async (t) => {
  const { slot, card, run } = rig(t1Atr(0x11), 1);
  const on = await run(slot.powerOn());
  t.like(on, { protocol: 1, pps: "not-offered" });
  t.like(on.atr.t1, { ifsc: 32, bwi: 4, cwi: 5, edc: "LRC" });
  t.deepEqual(card.state.rx.slice(0, 5), [0x00, 0xc1, 0x01, 0xfe, 0x3e], "S(IFS request 254) with its LRC");
  const data = new Uint8Array(100).map((_, i) => i);
  const sent = card.state.rx.length;
  const r = await run(slot.transmit({ cla: 0x80, ins: 0xda, p1: 0, p2: 0, data }));
  t.is(r.sw, 0x9000);
  // 105 bytes of APDU in I-blocks of 32 + 32 + 32 + 9, each with 3 bytes of prologue and an LRC
  t.is(card.state.rx.length - sent, 105 + 4 * 4);
  const long = await run(slot.transmit({ cla: 0x80, ins: 0xee, p1: 0, p2: 0, le: 256 }));
  t.is(long.data.length, 300, "the card's response chain (IFSD 254) joined");
});

const T1_FAULTS: CardFault[] = ["flip-bit", "lose-byte", "wtx"];
for (const fault of T1_FAULTS) {
  test(`T=1 recovers from "${fault}"`, async (t) => {
    const { slot, card, run } = rig(t1Atr(0x11), 1);
    await run(slot.powerOn());
    card.inject(fault);
    const r = await run(slot.transmit(SELECT_PPSE));
    t.is(r.sw, 0x9000);
    t.is(r.data.length, 28);
    t.true(slot.powered);
  });
}

test("T=1: a block that stays bad is given up after the retries, the link resynchronised, the slot powered down", async (t) => {
  const { slot, card, run } = rig(t1Atr(0x11), 1);
  await run(slot.powerOn());
  for (let i = 0; i < 4; i++) card.inject("flip-bit");
  await t.throwsAsync(() => run(slot.transmit(SELECT_PPSE)), { code: "T1_ABORTED" });
  t.false(slot.powered);
  t.like(await run(slot.powerOn()), { protocol: 1 }, "the card works again after a new activation");
});

for (const fault of ["flip-bit", "null-bytes"] as CardFault[]) {
  test(`T=0 recovers from "${fault}"`, async (t) => {
    const { slot, card, run } = rig(EMV_T0, 0);
    await run(slot.powerOn());
    card.inject(fault);
    t.is((await run(slot.transmit(SELECT_PPSE))).sw, 0x9000);
  });
}

test("a mute card: typed error, slot powered down; the next card works", async (t) => {
  const { slot, card, run } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  card.inject("mute");
  await t.throwsAsync(() => run(slot.transmit(SELECT_PPSE)), { code: "CARD_MUTE" });
  t.false(slot.powered);
  await run(slot.powerOn());
  t.is((await run(slot.transmit(SELECT_PPSE))).sw, 0x9000);
});

test("a card pulled mid-exchange: CARD_REMOVED once, powered down; a card inserted again works", async (t) => {
  const { slot, card, run, removed, clock } = rig(t1Atr(0x11), 1);
  await run(slot.powerOn());
  card.inject("pull");
  await t.throwsAsync(() => run(slot.transmit(SELECT_PPSE)), { code: "CARD_REMOVED" });
  t.false(slot.powered);
  const settle = () => run(new Promise<void>((r) => clock.set(r, 100)));
  await settle();
  card.insert();
  await settle();
  t.is(removed(), 1);
  t.like(await run(slot.powerOn()), { protocol: 1 });
});

test("ATR faults: a bad TCK and a silent card are typed errors and leave the slot down", async (t) => {
  const bad = t1Atr(0x11);
  bad[bad.length - 1] ^= 1;
  const tck = rig(bad, 1);
  await t.throwsAsync(() => tck.run(tck.slot.powerOn()), { code: "ATR_TCK" });
  t.false(tck.slot.powered);
  const silent = rig(EMV_T0, 0);
  silent.card.inject("mute");
  silent.card.state.present = true;
  const atrLess = virtualCardSlot({ atr: EMV_T0, protocol: 0, app, clock: silent.clock, atrDelayCycles: 60_000 });
  const slot = new SmartcardSlot({ ...atrLess.specs(), clock: silent.clock });
  await t.throwsAsync(() => silent.clock.settle(slot.powerOn(), 2), { code: "ATR_TIMEOUT" });
  t.false(slot.powered);
});

test("a late timer: an ATR the card sent in time, still in a promise job when the deadline's timer runs in the same turn, is read, not taken for a mute card", async (t) => {
  // EMV Book 1 §8.2: TS within 42 000 cycles of reset going high; the virtual card answers after 12 000
  const { slot, card, clock, run } = rig(EMV_T0, 0);
  const on = slot.powerOn();
  on.catch(() => {});
  const jobs = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  await jobs();
  clock.advance(12); // reset held low 42 000 cycles (11.8 ms), then high
  await jobs();
  t.true(card.state.resetHigh, "reset is high, the card's answer and the slot's deadline both pending");
  clock.advance(20); // an event loop busy past both: the card's answer and the deadline run in one turn
  t.like(await run(on), { protocol: 0 });
});

test("close releases every IO", async (t) => {
  const { slot, run } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  slot.close();
  t.false(slot.powered);
  await t.throwsAsync(() => run(slot.transmit(SELECT_PPSE)), { code: "SLOT_STATE" });
});
