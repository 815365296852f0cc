/**
 * The T=0 and T=1 engines against a scripted card: what goes out is
 * checked byte by byte, what comes back is given, block by block.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { encodeCommand, parseCommand, statusWordName } from "../../../modules/iso7816/apdu.ts";
import type { CardChannel } from "../../../modules/iso7816/channel.ts";
import { Iso7816Error } from "../../../modules/iso7816/error.ts";
import { T0Protocol } from "../../../modules/iso7816/t0.ts";
import { T1Protocol } from "../../../modules/iso7816/t1.ts";
import { crc16, decodeBlock, encodeBlock } from "../../../modules/iso7816/t1-block.ts";

/** A card that answers each write with the next scripted reply; writes are recorded. */
function script(replies: string[]) {
  const written: string[] = [];
  let queue: number[] = [];
  const channel: CardChannel = {
    write: async (bytes) => {
      written.push(toHex(bytes));
      const next = replies.shift();
      if (next === "mute") queue = [];
      else if (next !== undefined) queue.push(...fromHex(next));
    },
    read: async (n) => {
      if (queue.length < n) throw new Iso7816Error("CARD_MUTE", "nothing more");
      return Uint8Array.from(queue.splice(0, n));
    },
    discard: () => (queue = []),
  };
  return { channel, written };
}

test("APDU cases, short and extended, both ways", (t) => {
  const big = "00".repeat(256);
  const cases = [
    "00A40400", // case 1
    "00B2010C00", // 2S, Le 256
    "00A404000E325041592E5359532E4444463031", // 3S
    "00A404000E325041592E5359532E444446303100", // 4S
    "00840000000101", // 2E, Le 257
    "00DA0000000100" + big, // 3E, Lc 256
    "00DA0000000100" + big + "0101", // 4E
  ];
  for (const hex of cases) t.is(toHex(encodeCommand(parseCommand(fromHex(hex)))), hex);
  t.throws(() => parseCommand(fromHex("00A40400FF01")), { code: "APDU_INVALID" });
  t.is(statusWordName(0x63c2), "verification failed, 2 tries left");
  t.is(statusWordName(0x6a82), "file or application not found");
});

// ISO/IEC 7816-3 10.3: ACK for all, INS XOR FF for one byte, NULL, SW; ISO/IEC 7816-4 GET RESPONSE.
test("T=0: one-byte ACKs, NULL bytes and GET RESPONSE", async (t) => {
  const { channel, written } = script(["5B", "5B", "A4", "611C", "C0" + "11".repeat(28) + "9000"]);
  // data FF..: INS A4 XOR FF = 5B asks for one byte at a time
  const p = new T0Protocol(channel, 9600);
  const r = await p.transmit({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex("A0000000031010"), le: 256 });
  t.deepEqual(written, ["00A4040007", "A0", "00", "0000031010", "00C000001C"]);
  t.is(r.sw, 0x9000);
  t.is(r.data.length, 28);
});

// EMV 4.4 Book 1 §9.3.1.3 and annex A (case 4 command, warning): the card answers 62xx or 63xx to the
// command, the terminal sends GET RESPONSE with Le = 00, and the R-APDU is the data with the first warning.
test("T=0: a case 4 SELECT answered 6283 is followed by GET RESPONSE (Le 00, then the 6Cxx length) and returns the FCI with 6283", async (t) => {
  // a Visa FCI: 84 DF name, A5 with 50 "VISA CREDIT" and 87 priority 1
  const fci = "6F1B8407A0000000031010A510500B5649534120435245444954870101";
  const n = (fci.length / 2).toString(16).toUpperCase().padStart(2, "0");
  const { channel, written } = script(["A4", "6283", "6C" + n, "C0" + fci + "9000"]);
  const r = await new T0Protocol(channel, 9600).transmit({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex("A0000000031010"), le: 256 });
  t.deepEqual(written, ["00A4040007", "A0000000031010", "00C0000000", "00C00000" + n]);
  t.is(r.sw, 0x6283);
  t.is(toHex(r.data), fci);
});

test("T=0: a warning to a case 3 command (VERIFY answered 63C2) is returned as it is, with no GET RESPONSE", async (t) => {
  const { channel, written } = script(["20", "63C2"]);
  const r = await new T0Protocol(channel, 9600).transmit({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex("241234FFFFFFFFFF") });
  t.deepEqual(written, ["0020008008", "241234FFFFFFFFFF"]);
  t.is(r.sw, 0x63c2);
  t.is(r.data.length, 0);
});

test("T=0: a procedure byte out of place and a card sending more than Le are typed errors", async (t) => {
  await t.throwsAsync(() => new T0Protocol(script(["42"]).channel, 10).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 4 }), { code: "T0_PROCEDURE" });
  await t.throwsAsync(() => new T0Protocol(script(["4D", ""]).channel, 10).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 2 }), { code: "CARD_MUTE" });
  const more = script(["B2" + "0102" + "4D"]);
  await t.throwsAsync(() => new T0Protocol(more.channel, 10).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 2 }), { code: "T0_LENGTH" });
  await t.throwsAsync(() => new T0Protocol(script([]).channel, 10).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 300 }), { code: "APDU_INVALID" });
});

// ISO/IEC 7816-3 10.3.3: one ACK (INS) and the card sends all Le bytes, then SW1 SW2.
test("T=0: a 60-byte READ RECORD answer after one ACK; a repetition failure from the channel reaches the caller as CARD_PARITY", async (t) => {
  const record = toHex(new Uint8Array(60).map((_, i) => i));
  const { channel, written } = script(["B2" + record + "9000"]);
  const r = await new T0Protocol(channel, 9600).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 60 });
  t.deepEqual(written, ["00B2010C3C"]);
  t.is(toHex(r.data), record);
  t.is(r.sw, 0x9000);
  const failing: CardChannel = {
    write: async () => {},
    read: async () => {
      throw new Iso7816Error("CARD_PARITY", "a character from the card still had a parity error after 4 repetitions");
    },
    discard: () => {},
  };
  await t.throwsAsync(() => new T0Protocol(failing, 9600).transmit({ cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 60 }), { code: "CARD_PARITY" });
});

const block = (pcb: number, inf = "") => toHex(encodeBlock({ nad: 0, pcb, inf: fromHex(inf) }, "LRC"));

// ISO/IEC 7816-3 11.6: chaining with R-block acknowledgements; blocks checked one by one.
test("T=1: a chained command, a chained response, blocks as ISO/IEC 7816-3 lays them", async (t) => {
  const apdu = "80DA000010" + "00112233445566778899AABBCCDDEEFF";
  const { channel, written } = script([
    block(0x90), // R(1): first 16 bytes taken
    block(0x80), // R(0): second chunk taken
    block(0x20, "AABB"), // I(0, more): first part of the response
    block(0x40, "9000"), // I(1): the rest
  ]);
  const p = new T1Protocol(channel, { ifsc: 8, edc: "LRC", bwtEtu: 100, cwtEtu: 10 });
  const r = await p.transmit(fromHex(apdu));
  t.is(toHex(r), "AABB9000");
  t.deepEqual(written, [
    block(0x20, apdu.slice(0, 16)), // I(0, more)
    block(0x60, apdu.slice(16, 32)), // I(1, more)
    block(0x00, apdu.slice(32)), // I(0)
    block(0x90), // R(1): send the next part
  ]);
});

test("T=1: a bad EDC is answered with R-block error 1, WTX granted, IFS negotiated", async (t) => {
  const bad = block(0x00, "9000").slice(0, -2) + "00";
  const { channel, written } = script([block(0xe1, "FE"), bad, block(0xc3, "03"), block(0x00, "9000")]);
  const p = new T1Protocol(channel, { ifsc: 32, edc: "LRC", bwtEtu: 100, cwtEtu: 10 });
  await p.negotiateIfsd(254);
  t.is(toHex(await p.transmit(fromHex("00B2010C00"))), "9000");
  t.deepEqual(written.slice(1), [block(0x00, "00B2010C00"), block(0x81), block(0xe3, "03")]);
});

test("T=1: no answer after the retries: RESYNCH, then the command is given up", async (t) => {
  const { channel, written } = script(["mute", "mute", "mute", block(0xe0)]);
  const p = new T1Protocol(channel, { ifsc: 32, edc: "LRC", bwtEtu: 100, cwtEtu: 10 });
  await t.throwsAsync(() => p.transmit(fromHex("00B2010C00")), { code: "T1_ABORTED" });
  t.is(written[written.length - 1], block(0xc0), "S(RESYNCH request) last");
});

// ISO/IEC 13239 CRC as T=1 uses it: the CCITT-FALSE check value of "123456789" is 29B1.
test("T=1 EDC: LRC and CRC, and a block of the wrong length", (t) => {
  t.is(crc16(Uint8Array.from("123456789", (c) => c.charCodeAt(0))).toString(16).toUpperCase(), "29B1");
  const crcBlock = encodeBlock({ nad: 0, pcb: 0, inf: fromHex("9000") }, "CRC");
  t.is(toHex(decodeBlock(crcBlock, "CRC", 254).inf), "9000");
  t.throws(() => decodeBlock(fromHex(block(0, "9000")).subarray(0, 5), "LRC", 254), { code: "T1_BLOCK" });
  t.throws(() => decodeBlock(fromHex("0000FF00"), "LRC", 254), { code: "T1_BLOCK" });
});
