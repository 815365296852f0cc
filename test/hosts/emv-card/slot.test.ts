/**
 * The card behind the byte-level virtual card (hosts/desktop/virtual-card.ts)
 * and the slot driver: the same transaction through T=0 (GET RESPONSE for
 * case 4, 6Cxx for case 2) and T=1 (chained I-blocks, IFSC 32) gives the
 * very answers the card gives directly; a card whose profile removes it is
 * pulled out of the slot. The same through a card that answers later (a
 * Promise, as the Moddable simulator's card in its worker), 1.5 s after
 * each command: past the slot's work waiting time under T=0 and half the
 * block waiting time under T=1, so that the line's NULL bytes and S(WTX)
 * are what keep the slot waiting.
 */
import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { emvCardSlot, type SlotCard } from "../../../hosts/desktop/emv-card/slot.ts";
import type { EmvCard } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { ascii, bytes, card, dolData, profileJson, terminalValues } from "./support.ts";

/** How late the card that answers later answers, ms. */
const LATE_MS = 1500;

/** The card, answering each command `ms` later on `clock`. */
function answeringLater(c: EmvCard, clock: VirtualClock, ms: number): SlotCard {
  return {
    profile: c.profile,
    get removed() {
      return c.removed;
    },
    process: (command) => new Promise((resolve) => clock.set(() => resolve(c.process(command)), ms)),
  };
}

/** How often `run` is in `bytes`, at any byte offset. */
function occurrences(bytes: number[], run: number[]): number {
  let n = 0;
  for (let i = 0; i + run.length <= bytes.length; i++) if (run.every((b, j) => bytes[i + j] === b)) n++;
  return n;
}

function inSlot(name: string, seed = 7, lateMs?: number) {
  const clock = new VirtualClock();
  const c = card(name, seed);
  const device = emvCardSlot(lateMs === undefined ? c : answeringLater(c, clock, lateMs), { clock });
  let removed = 0;
  const slot = new SmartcardSlot({ ...device.specs(), clock, onRemoved: () => removed++ });
  const run = <T>(p: Promise<T>) => clock.settle(p, 2);
  return { c, slot, device, run, wait: (ms: number) => run(new Promise<void>((r) => clock.set(r, ms))), removed: () => removed };
}

/** A whole transaction's commands, as a kernel would send them to this profile. */
function transaction(name: string): CommandApdu[] {
  const app = profileJson(name).applications[0];
  const values = terminalValues();
  const pdol = app.pdol ? dolData(bytes(app.pdol), values) : new Uint8Array(0);
  const records = (app.records as { sfi: number; record: number }[]).map((r) => ({ cla: 0x00, ins: 0xb2, p1: r.record, p2: (r.sfi << 3) | 4, le: 256 }));
  return [
    { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: ascii("1PAY.SYS.DDF01"), le: 256 },
    { cla: 0x00, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 },
    { cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: bytes(app.aid), le: 256 },
    { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: Uint8Array.of(0x83, pdol.length, ...pdol), le: 256 },
    ...records,
    { cla: 0x80, ins: 0xca, p1: 0x9f, p2: 0x36, le: 5 },
    { cla: 0x00, ins: 0x88, p1: 0, p2: 0, data: bytes("1A2B3C4D"), le: 256 },
    { cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 },
    { cla: 0x80, ins: 0xae, p1: 0x90, p2: 0, data: dolData(bytes(app.data["8C"]), values), le: 256 },
  ];
}

for (const [name, late] of [["dda", false], ["cda", false], ["offline-enciphered-pin", false], ["dda", true], ["cda", true]] as const) {
  const protocol = profileJson(name).protocol;
  test(`${name} over T=${protocol}${late ? `, answering ${LATE_MS} ms late` : ""}: every answer through the slot is the card's own, byte for byte`, async (t) => {
    const { slot, run, device } = inSlot(name, 7, late ? LATE_MS : undefined);
    const on = await run(slot.powerOn());
    t.is(on.protocol, protocol);
    const direct = card(name, 7);
    let longest = 0;
    for (const command of transaction(name)) {
      const expected = direct.process(command);
      const got = await run(slot.transmit(command));
      t.is(got.sw, expected.sw, `${toHex(Uint8Array.of(command.cla, command.ins))}`);
      t.is(toHex(got.data), toHex(expected.data ?? new Uint8Array(0)));
      longest = Math.max(longest, got.data.length);
    }
    t.true(longest > 128, "answers of over 128 bytes crossed the line (T=0 GET RESPONSE, T=1 chaining)");
    // NULL bytes (T=0) or S(WTX request) blocks (T=1, NAD 00 PCB C3) came from the card only while it answered late
    const waits = protocol === 0 ? device.state.tx.filter((b) => b === 0x60).length : occurrences(device.state.tx, [0x00, 0xc3, 0x01]);
    if (late) t.true(waits >= transaction(name).length, `${waits} NULL bytes or WTX requests, one or more a command`);
    else t.is(waits, 0);
    slot.close();
  });
}

for (const late of [false, true]) {
  test(`a card the profile removes after command 5${late ? `, answering ${LATE_MS} ms late` : ""}: the sixth command finds the slot empty (CARD_REMOVED), the removal is heard`, async (t) => {
    const { slot, run, wait, removed, c } = inSlot("removed-mid-transaction", 7, late ? LATE_MS : undefined);
    await run(slot.powerOn());
    const commands = transaction("removed-mid-transaction");
    const answers: number[] = [];
    for (const command of commands.slice(0, 5)) answers.push((await run(slot.transmit(command))).sw);
    t.deepEqual(answers, [0x9000, 0x9000, 0x9000, 0x9000, 0x9000]);
    t.true(c.removed);
    await t.throwsAsync(() => run(slot.transmit(commands[5])), { code: "CARD_REMOVED" });
    await wait(100);
    t.false(slot.present);
    t.is(removed(), 1);
    t.is(c.commandCount, 5, "the sixth command never reached the application");
  });
}

for (const late of [false, true]) {
  test(`T=0: a case 2 command with Le 00 gets 6Cxx and is sent again; the card runs it once${late ? `, answering ${LATE_MS} ms late` : ""}`, async (t) => {
    const { slot, run, c } = inSlot("dda", 7, late ? LATE_MS : undefined);
    await run(slot.powerOn());
    await run(slot.transmit({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: bytes("A0000000031010"), le: 256 }));
    const before = c.commandCount;
    const challenge = await run(slot.transmit({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 256 }));
    t.is(challenge.sw, 0x9000);
    t.is(challenge.data.length, 8);
    t.is(c.commandCount, before + 1, "one GET CHALLENGE, one challenge");
    const direct = card("dda", 7);
    direct.process({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x00, data: bytes("A0000000031010"), le: 256 });
    t.is(toHex(challenge.data), toHex(direct.process({ cla: 0x00, ins: 0x84, p1: 0, p2: 0, le: 8 }).data!), "the first challenge drawn, not a second");
  });
}
