/**
 * S-blocks whose information field breaks ISO/IEC 7816-3 11.4.2 (IFS
 * carries one byte 01-FE, WTX one byte) are invalid blocks: refused by
 * the block decoder, answered by the engine with an R-block, never taken
 * as a new IFSC.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import type { CardChannel } from "../../../modules/iso7816/channel.ts";
import { Iso7816Error } from "../../../modules/iso7816/error.ts";
import { decodeBlock } from "../../../modules/iso7816/t1-block.ts";
import { T1Protocol } from "../../../modules/iso7816/t1.ts";

// Blocks as ISO/IEC 7816-3 11.3 lays them out (NAD PCB LEN INF LRC, the LRC the XOR of the rest):
// S(IFS request) C1 with no INF, with INF 00 and with INF FF; S(WTX request) C3 with no INF.
test("S(IFS) without its one byte, or with 00 or FF, and S(WTX) without its byte are malformed blocks", (t) => {
  for (const hex of ["00C100C1", "00C10100C0", "00C101FF3F", "00C300C3"]) {
    t.throws(() => decodeBlock(fromHex(hex), "LRC", 254), { instanceOf: Iso7816Error, code: "T1_BLOCK" }, hex);
  }
  t.is(toHex(decodeBlock(fromHex("00C101FE3E"), "LRC", 254).inf), "FE", "IFS FE (254) is the largest allowed");
});

test("a card's S(IFS request) without INF is answered with R-block error 2 and leaves the IFSC as it was", async (t) => {
  // the card answers the command with a bare S(IFS request), then, asked again, with I(0) 9000
  const replies = ["00C100C1", "000002900092"];
  const written: string[] = [];
  let queue: number[] = [];
  const channel: CardChannel = {
    write: async (bytes) => {
      written.push(toHex(bytes));
      queue.push(...fromHex(replies.shift() ?? ""));
    },
    read: async (n) => {
      if (queue.length < n) throw new Iso7816Error("CARD_MUTE", "nothing more");
      return Uint8Array.from(queue.splice(0, n));
    },
    discard: () => (queue = []),
  };
  const p = new T1Protocol(channel, { ifsc: 32, edc: "LRC", bwtEtu: 100, cwtEtu: 10 });
  t.is(toHex(await p.transmit(fromHex("00B2010C00"))), "9000");
  t.is(written[1], "00820082", "R(0) with error 2 (other error)");
  t.is(p.ifsc, 32);
});
