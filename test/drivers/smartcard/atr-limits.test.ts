/**
 * The slot reading an ATR that goes on too long: more bytes than
 * ISO/IEC 7816-3 allows (33 with TS), or characters coming slower than
 * EMV Book 1 §8.2 allows in all (20 160 initial ETU from TS). The card's
 * characters are paced on the virtual clock, one every `gapEtu`.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import { MAX_ATR_ETU, SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { virtualCardSlot } from "../../../hosts/desktop/virtual-card.ts";
import { app, EMV_T0 } from "./rig.ts";

const CLOCK_HZ = 3_571_200;
/** One initial ETU in ms at the default card clock. */
const ETU_MS = (372 * 1000) / CLOCK_HZ;

/** A slot whose card sends its characters `gapEtu` apart (12 ETU: back to back), the first one when the card means to. */
function pacedRig(atr: Uint8Array, gapEtu: number, protocol: 0 | 1 = 0) {
  const clock = new VirtualClock();
  const card = virtualCardSlot({ atr, protocol, clock, app });
  let last = -Infinity;
  let delivered = 0;
  let tsAt = -1;
  class PacedUart extends card.Serial {
    // the answer to reset only: no error signal, so every character counts as taken
    override deliver(byte: number, parityLevel: number): boolean {
      last = Math.max(last + gapEtu * ETU_MS, clock.now());
      clock.set(() => {
        if (this.closed) return;
        if (tsAt < 0) tsAt = clock.now();
        delivered++;
        super.deliver(byte, parityLevel);
      }, last - clock.now());
      return true;
    }
  }
  const specs = card.specs();
  const slot = new SmartcardSlot({ ...specs, serial: { ...specs.serial, io: PacedUart }, clock });
  return { slot, clock, run: <T>(p: Promise<T>) => clock.settle(p, 1, 1_000_000), delivered: () => delivered, sinceTs: () => clock.now() - tsAt };
}

// ISO/IEC 7816-3 8.2: each TD byte whose high nibble is 8 announces another TD byte. This card's
// T0 (80) and 200 TDs of 80 announce one TD after another, then a TD of 00 ends them: 203 bytes.
const ENDLESS = Uint8Array.of(0x3b, 0x80, ...new Array<number>(200).fill(0x80), 0x00);

test("an ATR whose TD bytes announce more than 33 bytes is refused when the count passes 33, not read to its end", async (t) => {
  const { slot, run, delivered, clock } = pacedRig(ENDLESS, 12);
  const e = await t.throwsAsync(() => run(slot.powerOn()), { code: "ATR_INVALID" });
  t.regex(e!.message, /more than 33 bytes/);
  t.false(slot.powered);
  // TS, T0 and 31 TDs read; the 34th byte is never waited for, and the rest never reach the slot
  t.true(delivered() <= 34, `${delivered()} characters reached the slot`);
  await run(new Promise<void>((resolve) => clock.set(resolve, 1000)));
  t.true(delivered() <= 34, "the card, powered down, sends nothing more");
});

// EMV Book 1 §8.2: 19 200 initial ETU for the card's whole ATR, 20 160 for the terminal.
test("an ATR dribbled slower than EMV allows in all is refused with ATR_TIMEOUT, each gap within the initial waiting time", async (t) => {
  t.is(MAX_ATR_ETU, 20_160);
  // 17 characters, 1400 ETU apart (well within the 9600 + 480 between two): 16 × 1400 = 22 400 ETU after TS
  const slow = pacedRig(EMV_T0, 1400);
  const e = await t.throwsAsync(() => slow.run(slow.slot.powerOn()), { code: "ATR_TIMEOUT" });
  t.regex(e!.message, /20160 ETU/);
  t.false(slow.slot.powered);
  const ms = slow.sinceTs();
  t.true(ms >= (MAX_ATR_ETU - 10 - 1400) * ETU_MS && ms <= (MAX_ATR_ETU + 1) * ETU_MS, `given up ${Math.round(ms / ETU_MS)} ETU after TS`);
  // the same card at 1200 ETU apart ends its ATR 19 200 ETU after TS: taken
  const inTime = pacedRig(EMV_T0, 1200);
  t.like(await inTime.run(inTime.slot.powerOn()), { protocol: 0, pps: "not-offered" });
});

test("an ATR of exactly 33 bytes is read and taken", async (t) => {
  // the 33-byte ATR of the modules/iso7816 tests (ISO/IEC 7816-3 clause 3: TS and 32 more): four
  // interface groups, specific mode T=1 (TA2 11), IFSC FE, 14 historical bytes, TCK
  const full = fromHex("3B FE 11 00 00 F1 11 00 00 F1 FE 45 00 F1 20 00 00 01 11 22 33 44 55 66 77 88 99 AA BB CC DD EE 6A");
  const { slot, run } = pacedRig(full, 12, 1);
  const on = await run(slot.powerOn());
  t.is(on.atr.bytes.length, 33);
  t.like(on, { protocol: 1, pps: "specific-mode" });
});
