import type { BenchCase } from "../case.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { encodeCommand, type CommandApdu } from "../../modules/iso7816/apdu.ts";
import type { CardChannel } from "../../modules/iso7816/channel.ts";
import { T0Protocol } from "../../modules/iso7816/t0.ts";
import { T1Protocol } from "../../modules/iso7816/t1.ts";
import { encodeBlock, iBlockPcb } from "../../modules/iso7816/t1-block.ts";

/** SELECT of the payment system environment and the FCI a card answers (28 bytes). */
const SELECT: CommandApdu = { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: Uint8Array.from("2PAY.SYS.DDF01", (c) => c.charCodeAt(0)), le: 256 };
const FCI = fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E");

/** A channel that answers from a script at once: what remains is the protocol layer's own work. */
function scripted(answers: () => Uint8Array[]): CardChannel {
  let queue: number[] = [];
  let next = answers();
  return {
    write: async () => {
      if (!queue.length) queue = Array.from(next.shift() ?? []);
      if (!next.length) next = answers();
    },
    read: async (n) => {
      if (queue.length < n) queue.push(...(next.shift() ?? []));
      return Uint8Array.from(queue.splice(0, n));
    },
    discard: () => {},
  };
}

export const t0Exchange: BenchCase = {
  name: "iso7816.t0.apdu",
  unit: "one case 4 APDU over T=0 (header, ACK, data, 61xx, GET RESPONSE, data, 9000), protocol layer only",
  xsTargetUs: 200,
  setup() {
    const protocol = new T0Protocol(
      scripted(() => [Uint8Array.of(0xa4), Uint8Array.of(0x61, FCI.length), Uint8Array.of(0xc0, ...FCI, 0x90, 0x00)]),
      9600,
    );
    return () => protocol.transmit(SELECT);
  },
};

export const t1Exchange: BenchCase = {
  name: "iso7816.t1.apdu",
  unit: "one APDU over T=1 (I-block out, I-block back, LRC both ways), protocol layer only",
  xsTargetUs: 200,
  setup() {
    let ns = 0;
    const response = Uint8Array.of(...FCI, 0x90, 0x00);
    const protocol = new T1Protocol(
      scripted(() => {
        const block = encodeBlock({ nad: 0, pcb: iBlockPcb(ns, false), inf: response }, "LRC");
        ns ^= 1;
        return [block];
      }),
      { ifsc: 254, edc: "LRC", bwtEtu: 15_000, cwtEtu: 47 },
    );
    const apdu = encodeCommand(SELECT);
    return () => protocol.transmit(apdu);
  },
};

export const ISO7816_CASES = [t0Exchange, t1Exchange];
