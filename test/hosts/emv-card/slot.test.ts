/**
 * The card behind the byte-level virtual card (hosts/desktop/virtual-card.ts)
 * and the slot driver: the same transaction through T=0 (GET RESPONSE for
 * case 4, 6Cxx for case 2) and T=1 (chained I-blocks, IFSC 32) gives the
 * very answers the card gives directly; a card whose profile removes it is
 * pulled out of the slot.
 */
import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { emvCardSlot } from "../../../hosts/desktop/emv-card/slot.ts";
import { ascii, bytes, card, dolData, profileJson, terminalValues } from "./support.ts";

function inSlot(name: string, seed = 7) {
  const clock = new VirtualClock();
  const c = card(name, seed);
  const device = emvCardSlot(c, { clock });
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

for (const name of ["dda", "cda", "offline-enciphered-pin"]) {
  const protocol = profileJson(name).protocol;
  test(`${name} over T=${protocol}: every answer through the slot is the card's own, byte for byte`, async (t) => {
    const { slot, run } = inSlot(name);
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
    slot.close();
  });
}

test("a card the profile removes after command 5: the sixth command finds the slot empty (CARD_REMOVED), the removal is heard", async (t) => {
  const { slot, run, wait, removed, c } = inSlot("removed-mid-transaction");
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

test("T=0: a case 2 command with Le 00 gets 6Cxx and is sent again; the card runs it once", async (t) => {
  const { slot, run, c } = inSlot("dda");
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
