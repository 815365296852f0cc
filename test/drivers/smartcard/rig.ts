/**
 * The slot driver on a virtual card, for the smartcard suites: ATRs from
 * published card lists, a small card application, a virtual clock.
 */
import { fromHex } from "../../../modules/core/hex.ts";
import { VirtualClock } from "../../../modules/core/virtual-clock.ts";
import type { CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { SmartcardSlot } from "../../../drivers/smartcard/slot.ts";
import { virtualCardSlot } from "../../../hosts/desktop/virtual-card.ts";

// ATRs: an EMV T=0 card (pcsc-tools analysis of a Mastercard), a Swiss UBS Maestro card with
// TA1 = 13 (smartcard_list.txt), an inverse-convention T=0 card (pcsc_scan transcript), and a
// T=1 card shaped like JCOP's (TA1 13, IFSC, BWI 4, CWI 5) with IFSC 32 so that chains form.
export const EMV_T0 = fromHex("3B 6D 00 00 80 31 80 65 B0 89 35 01 F1 83 00 90 00");
export const FAST_T0 = fromHex("3B 37 13 00 80 62 11 04 82 90 00");
export const INVERSE = fromHex("3F FF 11 25 03 10 80 41 B0 07 69 FF 4A 50 70 00 00 50 31 01 00 11");
export function t1Atr(ta1 = 0x13) {
  const body = [0xf0, ta1, 0x00, 0x00, 0x81, 0x31, 0x20, 0x45];
  return Uint8Array.of(0x3b, ...body, body.reduce((x, b) => x ^ b, 0));
}

/** The record READ RECORD answers: 60 bytes 00..3B. */
export const RECORD = new Uint8Array(60).map((_, i) => i);

/** A small card application: SELECT answers an FCI, READ RECORD a record, VERIFY counts down, anything long echoes. */
export function app(command: CommandApdu) {
  if (command.ins === 0xa4) return { data: fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E"), sw: 0x9000 };
  if (command.ins === 0xb2) return { data: RECORD, sw: 0x9000 };
  if (command.ins === 0x20) return { sw: 0x63c2 };
  if (command.ins === 0xee) return { data: new Uint8Array(300).map((_, i) => i & 0xff), sw: 0x9000 };
  if (command.ins === 0xda) return { sw: 0x9000 };
  return { sw: 0x6d00 };
}

/** A slot with a card in it; `commands` lists what the card's application was given. */
export function rig(atr: Uint8Array, protocol: 0 | 1, extra: { acceptPps?: boolean } = {}) {
  const clock = new VirtualClock();
  const commands: CommandApdu[] = [];
  const card = virtualCardSlot({ atr, protocol, clock, ...extra, app: (c) => (commands.push(c), app(c)) });
  let removed = 0;
  const slot = new SmartcardSlot({ ...card.specs(), clock, onRemoved: () => removed++ });
  const run = <T>(p: Promise<T>) => clock.settle(p, 2);
  return { clock, card, slot, run, commands, removed: () => removed };
}

export const SELECT_PPSE: CommandApdu = { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: new TextEncoder().encode("2PAY.SYS.DDF01"), le: 256 };
