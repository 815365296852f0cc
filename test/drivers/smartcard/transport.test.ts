/**
 * The APDU transport port (modules/iso7816/transport.ts) as the EMV kernel
 * will see it: the contact slot, and the scripted stand-in for kernel tests.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import type { ApduTransport } from "../../../modules/iso7816/transport.ts";
import { ScriptedTransport } from "../../support/scripted-transport.ts";
import { EMV_T0, rig, SELECT_PPSE, t1Atr } from "./rig.ts";

/** SELECT by DF name '2PAY.SYS.DDF01' as a kernel builds it, as bytes: 00 A4 04 00, Lc 0E, the name, Le 00 (ISO/IEC 7816-4 SELECT). */
async function selectPpse(port: ApduTransport) {
  return port.transmit(fromHex("00A404000E325041592E5359532E4444463031 00"));
}

test("the slot as transport: a command as bytes gets the same answer as the same command as fields, on T=0 and T=1", async (t) => {
  for (const [atr, protocol] of [[EMV_T0, 0], [t1Atr(0x11), 1]] as const) {
    const { slot, run } = rig(atr, protocol);
    await run(slot.powerOn());
    const byFields = await run(slot.transmit(SELECT_PPSE));
    const byBytes = await run(selectPpse(slot));
    t.is(toHex(byBytes.data), toHex(byFields.data), `T=${protocol}`);
    t.is(byBytes.sw, 0x9000, `T=${protocol}`);
  }
});

test("the slot as transport: bytes that are no command APDU are APDU_INVALID and leave the card powered", async (t) => {
  const { slot, run } = rig(EMV_T0, 0);
  await run(slot.powerOn());
  await t.throwsAsync(() => run(slot.transmit(fromHex("00A40400FF01"))), { code: "APDU_INVALID" });
  await t.throwsAsync(() => run(slot.transmit(fromHex("00A4"))), { code: "APDU_INVALID" });
  t.true(slot.powered);
  t.is((await run(selectPpse(slot))).sw, 0x9000);
});

test("the slot as transport: subscribers hear removal and insertion once each, after debouncing, until they unsubscribe", async (t) => {
  const { slot, card, run, clock } = rig(EMV_T0, 0);
  const heard: string[] = [];
  const stop = slot.subscribe({ onInserted: () => heard.push(`in ${slot.present}`), onRemoved: () => heard.push(`out ${slot.present}`) });
  const other: string[] = [];
  slot.subscribe({ onRemoved: () => other.push("out") });
  const wait = (ms: number) => run(new Promise<void>((r) => clock.set(r, ms)));
  await run(slot.powerOn());
  card.pull();
  await wait(20);
  t.deepEqual(heard, [], "nothing before the presence switch has held for 50 ms");
  await wait(100);
  card.insert();
  await wait(100);
  t.deepEqual(heard, ["out false", "in true"]);
  t.deepEqual(other, ["out"], "a listener without onInserted is skipped for insertions");
  stop();
  card.pull();
  await wait(100);
  t.deepEqual(heard, ["out false", "in true"], "nothing after unsubscribing");
  t.deepEqual(other, ["out", "out"]);
  t.false(slot.present);
});

test("the scripted transport answers the script in order, refuses a command off the script and plays removal", async (t) => {
  const port = new ScriptedTransport([
    { command: "00A404000E325041592E5359532E444446303100", response: "6F1A840E325041592E5359532E4444463031A5088801025F2D02656E 9000" },
    { command: "00B2010C00", response: "6A83" },
  ]);
  const events: string[] = [];
  port.subscribe({ onRemoved: () => events.push("removed") });
  const fci = await selectPpse(port);
  t.is(fci.sw, 0x9000);
  t.is(fci.data.length, 28);
  await t.throwsAsync(() => port.transmit({ cla: 0, ins: 0xb2, p1: 2, p2: 0x0c, le: 256 }), { message: "the script expected 00B2010C00, the command was 00B2020C00" });
  port.remove();
  t.deepEqual(events, ["removed"]);
  await t.throwsAsync(() => port.transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 }), { code: "CARD_REMOVED" });
  t.deepEqual(port.sent, ["00A404000E325041592E5359532E444446303100", "00B2020C00"]);
});
