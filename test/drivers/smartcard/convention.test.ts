/**
 * The inverse convention on the line (ISO/IEC 7816-3 §8.1): the byte
 * table, the parity the UART is opened with, and a virtual card of the
 * inverse convention through ATR, PPS and T=0 exchanges, its characters'
 * parity bits on the line as the standard makes them.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { conventionOfTs, INVERSE_CONVENTION, lineParity } from "../../../drivers/smartcard/convention.ts";
import { EMV_T0, FAST_T0, INVERSE, RECORD, rig, SELECT_PPSE } from "./rig.ts";

/**
 * ISO/IEC 7816-3:2006 §8.1, the two TS characters as line states after the
 * idle Z: the start bit A, eight data moments, the parity moment.
 */
const TS_DIRECT = "AZZAZZZAAZ";
const TS_INVERSE = "AZZAAAAAAZ";

/** What a UART reads from such a pattern: data LSB first with Z as 1, and the parity moment's level. */
function uartReads(pattern: string): { byte: number; parityLevel: number } {
  let byte = 0;
  for (let i = 0; i < 8; i++) if (pattern[1 + i] === "Z") byte |= 1 << i;
  return { byte, parityLevel: pattern[9] === "Z" ? 1 : 0 };
}

function highs(pattern: string): number {
  return [...pattern.slice(1)].filter((m) => m === "Z").length;
}

test("ISO/IEC 7816-3 §8.1 TS patterns: the direct one reads 3B, the inverse one 03, which the inverse table decodes to 3F", (t) => {
  t.is(uartReads(TS_DIRECT).byte, 0x3b);
  t.is(uartReads(TS_INVERSE).byte, 0x03);
  t.is(INVERSE_CONVENTION[0x03], 0x3f);
  t.is(INVERSE_CONVENTION[0x3f], 0x03, "and 3F goes on the line as 03");
  t.is(conventionOfTs(0x3b), "direct");
  t.is(conventionOfTs(0x03), "inverse");
  t.is(conventionOfTs(0x3f), undefined, "3F read in direct terms is no TS");
  t.is(conventionOfTs(0x00), undefined);
});

test("ISO/IEC 7816-3 §8.1 TS patterns: the UART sees even parity over the direct TS's levels and odd over the inverse TS's", (t) => {
  t.is(highs(TS_DIRECT) % 2, 0, "six high moments in data and parity");
  t.is(highs(TS_INVERSE) % 2, 1, "three high moments in data and parity");
  t.is(lineParity("direct"), "even");
  t.is(lineParity("inverse"), "odd");
});

test("the inverse table complements and reverses each byte: 256 entries, each its own inverse", (t) => {
  t.is(INVERSE_CONVENTION.length, 256);
  // worked from the definition (A is 1, b8 first): 3B goes on the line as Z Z A A A Z A A, read LSB first 23
  t.is(INVERSE_CONVENTION[0x3b], 0x23);
  t.is(INVERSE_CONVENTION[0x00], 0xff);
  t.is(INVERSE_CONVENTION[0x01], 0x7f);
  for (let b = 0; b < 256; b++) t.is(INVERSE_CONVENTION[INVERSE_CONVENTION[b]], b, `byte ${b}`);
});

// INVERSE (rig.ts): an inverse-convention T=0 card from a pcsc_scan transcript, specific mode at Fi 372 / Di 1.
test("an inverse-convention card: ATR decoded, the serial reopened with odd parity, T=0 exchanges without a single error signal", async (t) => {
  const { slot, card, run } = rig(INVERSE, 0);
  const on = await run(slot.powerOn());
  t.is(toHex(on.atr.bytes), toHex(INVERSE));
  t.is(on.atr.convention, "inverse");
  t.like(card.serialOptions(), { parity: "odd", characterRepetition: true });
  t.is((await run(slot.transmit(SELECT_PPSE))).sw, 0x9000);
  t.deepEqual([...(await run(slot.transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }))).data], [...RECORD]);
  t.is((await run(slot.transmit({ cla: 0, ins: 0xda, p1: 0, p2: 0, data: fromHex("0102030405") }))).sw, 0x9000);
  t.deepEqual(card.state.errorSignals, { byTerminal: 0, byCard: 0 });
  t.is(card.state.parityDropped, 0);
});

test("a direct-convention card keeps the even parity of the answer to reset", async (t) => {
  const { slot, card, run } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  t.like(card.serialOptions(), { parity: "even", characterRepetition: true });
});

// FAST_T0 (rig.ts, smartcard_list.txt) given TS 3F: TA1 13 offers Di 4 in negotiable mode.
const FAST_INVERSE = Uint8Array.of(0x3f, ...FAST_T0.subarray(1));

test("an inverse-convention card offering TA1 13: the PPS exchange goes with odd parity and is accepted, then T=0 at 38 400 bit/s", async (t) => {
  const { slot, card, run } = rig(FAST_INVERSE, 0);
  const on = await run(slot.powerOn());
  t.like(on, { pps: "accepted", fi: 1, di: 3, baud: 38400 });
  t.deepEqual(card.state.rx.slice(0, 4), [0xff, 0x10, 0x13, 0xfc], "PPSS, PPS0 (PPS1 follows, T=0), PPS1 13, PCK as the card decoded them");
  t.like(card.serialOptions(), { parity: "odd", baud: 38400 });
  t.is((await run(slot.transmit(SELECT_PPSE))).data.length, 28);
  t.is(card.state.parityDropped, 0);
  t.deepEqual(card.state.errorSignals, { byTerminal: 0, byCard: 0 });
});

test("an inverse-convention ATR character with a flipped bit is a parity error, though the serial checked even parity then", async (t) => {
  const { slot, card, run } = rig(INVERSE, 0);
  card.inject("flip-bit", { at: 5 });
  await t.throwsAsync(() => run(slot.powerOn()), { code: "CARD_PARITY" });
  t.false(slot.powered);
});

test("a TS that is neither 3B nor 03 on the line is ATR_INVALID, also a 3B with a bit flipped", async (t) => {
  const odd = rig(Uint8Array.of(0x12, ...EMV_T0.subarray(1)), 0);
  const e = await t.throwsAsync(() => odd.run(odd.slot.powerOn()), { code: "ATR_INVALID" });
  t.regex(e!.message, /TS read 12/);
  t.false(odd.slot.powered);
  const flipped = rig(EMV_T0, 0);
  flipped.card.inject("flip-bit", { at: 0 });
  await t.throwsAsync(() => flipped.run(flipped.slot.powerOn()), { code: "ATR_INVALID", message: /TS read 33/ });
});
