/**
 * T=0 error signal and character repetition (ISO/IEC 7816-3 7.3) through
 * the slot driver and the virtual card: a parity error at any character
 * of a long exchange, in either direction, is recovered by sending that
 * character again; past the EMV limit the card is deactivated.
 */
import test from "ava";
import { MAX_REPETITIONS } from "../../../drivers/smartcard/slot.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { EMV_T0, INVERSE, RECORD, rig } from "./rig.ts";

/** READ RECORD with Le 60: the card answers INS, 60 data bytes, 90 00, 63 characters in all. */
const READ_RECORD: CommandApdu = { cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 60 };
const ANSWER = [0xb2, ...RECORD, 0x90, 0x00];

/** PUT DATA with 60 data bytes: 5 header characters, then (after the ACK) 60 data characters. */
const PUT_DATA: CommandApdu = { cla: 0, ins: 0xda, p1: 0x9f, p2: 0x4f, data: new Uint8Array(60).map((_, i) => 0xa0 ^ i) };
const COMMAND = [0x00, 0xda, 0x9f, 0x4f, 60, ...PUT_DATA.data!];

const place = (i: number) => (i === 0 ? "the procedure byte" : i === 61 ? "SW1" : i === 62 ? "SW2" : `data byte ${i - 1}`);

test("card to terminal: a parity error at each of the 63 characters of a READ RECORD answer is signalled and that character repeated", async (t) => {
  const { slot, card, run } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  for (let at = 0; at < ANSWER.length; at++) {
    const signals = card.state.errorSignals.byTerminal;
    const tx = card.state.tx.length;
    const received = slot.bytesReceived;
    card.inject("flip-bit", { at });
    const r = await run(slot.transmit(READ_RECORD));
    t.deepEqual([...r.data], [...RECORD], `data intact with the error on ${place(at)}`);
    t.is(r.sw, 0x9000, `SW with the error on ${place(at)}`);
    t.is(card.state.errorSignals.byTerminal - signals, 1, `one error signal for ${place(at)}`);
    const line = [...ANSWER.slice(0, at + 1), ANSWER[at], ...ANSWER.slice(at + 1)];
    t.deepEqual(card.state.tx.slice(tx), line, `${place(at)} sent twice in its place, nothing else`);
    t.is(slot.bytesReceived - received, 64, `64 characters on the line for ${place(at)}`);
  }
  t.true(slot.powered);
});

test("terminal to card: the card's error signal on each of the 65 characters of a PUT DATA makes the terminal repeat that character", async (t) => {
  const { slot, card, run, commands } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  for (let at = 0; at < COMMAND.length; at++) {
    const signals = card.state.errorSignals.byCard;
    const rx = card.state.rx.length;
    const sent = slot.bytesSent;
    card.inject("reject-byte", { at });
    const r = await run(slot.transmit(PUT_DATA));
    t.is(r.sw, 0x9000, `SW with the error on command character ${at}`);
    t.is(card.state.errorSignals.byCard - signals, 1, `one error signal on command character ${at}`);
    t.deepEqual(card.state.rx.slice(rx), COMMAND, `the card took header and data once each, in order (error on character ${at})`);
    t.deepEqual([...commands[commands.length - 1].data!], [...PUT_DATA.data!], `the application got the data (error on character ${at})`);
    t.is(slot.bytesSent - sent, COMMAND.length + 1, `one character more on the line (error on character ${at})`);
  }
  t.true(slot.powered);
});

test("inverse convention: a repeated character is decoded like the others", async (t) => {
  const { slot, card, run } = rig(INVERSE, 0);
  await run(slot.powerOn());
  card.inject("flip-bit", { at: 30 });
  t.deepEqual([...(await run(slot.transmit(READ_RECORD))).data], [...RECORD]);
  card.inject("reject-byte", { at: 20 });
  t.is((await run(slot.transmit(PUT_DATA))).sw, 0x9000);
  t.deepEqual(card.state.errorSignals, { byTerminal: 1, byCard: 1 });
});

for (const at of [0, 30, 61, 62]) {
  test(`card to terminal, ${place(at)}: ${MAX_REPETITIONS} repetitions are accepted, one more failure deactivates the card with CARD_PARITY`, async (t) => {
    const { slot, card, run } = rig(EMV_T0, 0);
    await run(slot.powerOn());
    card.inject("flip-bit", { at, times: MAX_REPETITIONS });
    t.deepEqual([...(await run(slot.transmit(READ_RECORD))).data], [...RECORD]);
    t.is(card.state.errorSignals.byTerminal, MAX_REPETITIONS);
    card.inject("flip-bit", { at, times: MAX_REPETITIONS + 1 });
    await t.throwsAsync(() => run(slot.transmit(READ_RECORD)), { code: "CARD_PARITY" });
    t.is(card.state.errorSignals.byTerminal, 2 * MAX_REPETITIONS + 1, "the character was sent once and repeated 4 times, no more");
    t.false(slot.powered);
    t.false(card.state.powered, "VCC off");
    await run(slot.powerOn());
    t.deepEqual([...(await run(slot.transmit(READ_RECORD))).data], [...RECORD], "a new activation works");
  });
}

for (const at of [0, 5, 64]) {
  test(`terminal to card, command character ${at}: ${MAX_REPETITIONS} repetitions are made, one more rejection deactivates the card with CARD_PARITY`, async (t) => {
    const { slot, card, run } = rig(EMV_T0, 0);
    await run(slot.powerOn());
    card.inject("reject-byte", { at, times: MAX_REPETITIONS });
    t.is((await run(slot.transmit(PUT_DATA))).sw, 0x9000);
    t.is(card.state.errorSignals.byCard, MAX_REPETITIONS);
    card.inject("reject-byte", { at, times: MAX_REPETITIONS + 1 });
    await t.throwsAsync(() => run(slot.transmit(PUT_DATA)), { code: "CARD_PARITY" });
    t.is(card.state.errorSignals.byCard, 2 * MAX_REPETITIONS + 1, "the character was sent once and repeated 4 times, no more");
    t.false(slot.powered);
    t.false(card.state.powered, "VCC off");
  });
}
