/**
 * A model, not a timing: the bytes a typical EMV transaction puts on the
 * card line (through the slot driver, the protocol engines and the
 * virtual card), and how long they take at the negotiated speed. Each
 * character is 12 ETU on T=0 (start, 8 data, parity, 2 stop / guard) and
 * 11 ETU on T=1 (the minimum character guard time).
 */
import { fromHex } from "../modules/core/hex.ts";
import { VirtualClock } from "../modules/core/virtual-clock.ts";
import type { CommandApdu } from "../modules/iso7816/apdu.ts";
import { SmartcardSlot, type PowerOnResult } from "../drivers/smartcard/slot.ts";
import { virtualCardSlot, type CardApplication } from "../hosts/desktop/virtual-card.ts";
import { cardLineTimeMs } from "../hosts/desktop/card-line-time.ts";

const RESPONSE_SIZES: Record<number, number> = { 0xa4: 40, 0xa8: 20, 0xb2: 100, 0xae: 32 };

const SEQUENCE: CommandApdu[] = [
  { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Uint8Array.from("2PAY.SYS.DDF01", (c) => c.charCodeAt(0)), le: 256 },
  { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex("A0000000031010"), le: 256 },
  { cla: 0x80, ins: 0xa8, p1: 0, p2: 0, data: fromHex("8300"), le: 256 },
  { cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 },
  { cla: 0, ins: 0xb2, p1: 2, p2: 0x0c, le: 256 },
  { cla: 0, ins: 0xb2, p1: 1, p2: 0x14, le: 256 },
  { cla: 0x80, ins: 0xae, p1: 0x80, p2: 0, data: new Uint8Array(29), le: 256 },
];

/** What a command sequence puts on the card line. */
export interface LineTime {
  protocol: string;
  baud: number;
  pps: PowerOnResult["pps"];
  bytesToCard: number;
  bytesFromCard: number;
  lineTimeMs: number;
}

/**
 * The line cost of `commands` sent through the slot driver (activated on
 * `atr`, PPS as the ATR allows) to a virtual card whose application is
 * `app`: characters each way, and their time at the speed in force.
 */
export async function commandLineTime(atr: Uint8Array, protocol: 0 | 1, commands: readonly CommandApdu[], app: CardApplication): Promise<LineTime> {
  const clock = new VirtualClock();
  const card = virtualCardSlot({ atr, protocol, clock, app });
  const slot = new SmartcardSlot({ ...card.specs(), clock });
  const on = await clock.settle(slot.powerOn());
  const before = { sent: slot.bytesSent, received: slot.bytesReceived };
  for (const c of commands) await clock.settle(slot.transmit(c));
  const sent = slot.bytesSent - before.sent;
  const received = slot.bytesReceived - before.received;
  const lineMs = cardLineTimeMs(sent + received, protocol, slot.etuCycles, slot.clockHz);
  slot.close();
  return { protocol: `T=${protocol}`, baud: on.baud, pps: on.pps, bytesToCard: sent, bytesFromCard: received, lineTimeMs: Math.round(lineMs * 10) / 10 };
}

/** The typical sequence, each answer of its usual size. */
function run(atr: Uint8Array, protocol: 0 | 1): Promise<LineTime> {
  return commandLineTime(atr, protocol, SEQUENCE, (c) => ({ data: new Uint8Array(RESPONSE_SIZES[c.ins] ?? 0), sw: 0x9000 }));
}

/** The EMV sequence (SELECT PPSE, SELECT AID, GPO, 3 READ RECORD, GENERATE AC) at 9600 bit/s and after PPS. */
export async function emvLineTime() {
  const t1 = (ta1: number) => {
    const body = [0xf0, ta1, 0x00, 0x00, 0x81, 0x31, 0xfe, 0x45];
    return Uint8Array.of(0x3b, ...body, body.reduce((x, b) => x ^ b, 0));
  };
  return {
    unit: "a typical EMV command sequence: SELECT PPSE, SELECT AID, GET PROCESSING OPTIONS, 3 READ RECORD, GENERATE AC (3.5712 MHz card clock)",
    runs: [
      await run(fromHex("3B 6D 00 00 80 31 80 65 B0 89 35 01 F1 83 00 90 00"), 0),
      await run(fromHex("3B 37 13 00 80 62 11 04 82 90 00"), 0),
      await run(t1(0x11), 1),
      await run(t1(0x13), 1),
    ],
  };
}
