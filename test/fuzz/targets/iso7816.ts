/**
 * Fuzz targets of the contact-card protocols (modules/iso7816): what a
 * card sends — its ATR, its PPS answer, T=0 procedure bytes, T=1 blocks —
 * and the response APDUs the engines hand up.
 */
import { fromHex } from "../../../modules/core/hex.ts";
import { encodeResponse, parseResponse, statusWordName, type CommandApdu } from "../../../modules/iso7816/apdu.ts";
import { cyclesPerEtu, emvAtrCheck, parseAtr } from "../../../modules/iso7816/atr.ts";
import type { CardChannel } from "../../../modules/iso7816/channel.ts";
import { Iso7816Error } from "../../../modules/iso7816/error.ts";
import { ppsRequest, ppsResult } from "../../../modules/iso7816/pps.ts";
import { T0Protocol } from "../../../modules/iso7816/t0.ts";
import { decodeBlock, encodeBlock, type T1Block } from "../../../modules/iso7816/t1-block.ts";
import { T1Protocol } from "../../../modules/iso7816/t1.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { replies, script } from "../script.ts";

// ATRs from the module's and the slot's tests: JCOP41 v2.2.1 (JCOP shell transcript), an EMV
// Mastercard T=0 card and an inverse-convention card (pcsc-tools transcripts), a UBS Maestro card
// (smartcard_list.txt), and a T=1 ATR asking for the CRC (TD2 = 71, TC3 = 01).
const ATRS = [
  "3BFA1300008131FE454A434F5034315632323196",
  "3B6D000080318065B0893501F183009000",
  "3FFF112503108041B00769FF4A507000005031010011",
  "3B37130080621104829000",
  "3BE00000817120450174",
];

/** An ATR with a random interface-byte chain, historical bytes and, where needed, a correct TCK. */
function generateAtr(r: FuzzRandom): Uint8Array {
  const k = r.int(16);
  const bytes = [r.chance(0.8) ? 0x3b : 0x3f];
  let y = r.int(16);
  bytes.push((y << 4) | k);
  let tck = false;
  for (let group = 0; group < 4 && y; group++) {
    for (const bit of [1, 2, 4]) if (y & bit) bytes.push(r.chance(0.5) ? r.pick([0x11, 0x13, 0x00, 0x45, 0xfe, 0x20, 0x80]) : r.byte());
    if (!(y & 8)) break;
    y = group < 3 ? r.int(16) : 0;
    const protocol = r.pick([0, 1, 1, 15, r.int(16)]);
    if (protocol !== 0) tck = true;
    bytes.push((y << 4) | protocol);
  }
  for (let i = 0; i < k; i++) bytes.push(r.byte());
  if (tck) bytes.push(bytes.slice(1).reduce((x, b) => x ^ b, 0));
  return Uint8Array.from(bytes);
}

export const atr = defineTarget({
  name: "atr",
  description: "answer-to-reset: parseAtr (lenient and strict on TCK), the EMV acceptance check after a cold and a warm reset, cycles per ETU",
  seeds: ATRS.map((h) => fromHex(h)),
  generate: generateAtr,
  maxLength: 64,
  run(input) {
    const lenient = parseAtr(input, { acceptBadTck: true });
    const cold = emvAtrCheck(lenient);
    const warm = emvAtrCheck(lenient, { reset: "warm" });
    // a warm reset relaxes TB1 only: what it rejects, a cold reset rejects too
    if (warm.reasons.some((reason) => !cold.reasons.includes(reason))) throw new Error("the warm reset's verdict rejects what the cold one accepts");
    cyclesPerEtu(lenient.fi, lenient.di);
    return parseAtr(input);
  },
});

export const pps = defineTarget({
  name: "pps",
  description: "the card's PPS response (ppsResult); the first byte's low bit picks the protocol the request asked for (FI 1, DI 3)",
  // ISO/IEC 7816-3 9.3: the echo accepts, a response without PPS1 keeps the defaults (the slot's tests)
  seeds: [Uint8Array.of(0, 0xff, 0x10, 0x13, 0xfc), Uint8Array.of(0, 0xff, 0x00, 0xff), Uint8Array.of(1, 0xff, 0x11, 0x13, 0xfd)],
  generate: (r) => Uint8Array.of(r.int(2), ...ppsRequest(r.int(2), r.range(0, 15), r.range(0, 15))),
  maxLength: 16,
  run(input) {
    const request = ppsRequest((input[0] ?? 0) & 1, 1, 3);
    return ppsResult(request, input.subarray(1));
  },
});

/**
 * A card on a scripted line: each write of the terminal makes the card's
 * next reply arrive (as the protocol tests script it); a read with
 * nothing left is a mute card.
 */
function scriptedCard(answers: Uint8Array[]): CardChannel {
  let queue: number[] = [];
  let next = 0;
  return {
    write: async () => {
      const a = answers[next++];
      if (a) for (const b of a) queue.push(b);
    },
    read: async (n) => {
      if (queue.length < n) {
        queue = [];
        throw new Iso7816Error("CARD_MUTE", "the scripted card has nothing more to say");
      }
      return Uint8Array.from(queue.splice(0, n));
    },
    discard: () => {
      queue = [];
    },
  };
}

// The commands of the T=0 tests (ISO/IEC 7816-4 SELECT case 4, READ RECORD case 2) and a VERIFY (case 3).
const T0_COMMANDS: CommandApdu[] = [
  { cla: 0, ins: 0xa4, p1: 4, p2: 0, data: fromHex("A0000000031010"), le: 256 },
  { cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 2 },
  { cla: 0, ins: 0xb2, p1: 1, p2: 0x0c, le: 256 },
  { cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: fromHex("241234FFFFFFFFFF") },
  { cla: 0x80, ins: 0xca, p1: 0x9f, p2: 0x17 },
];

export const t0 = defineTarget({
  name: "t0",
  description: "T=0 procedure bytes, status words and data from a scripted card (first byte: the command; then one reply per terminal write)",
  seeds: [
    // ISO/IEC 7816-3 10.3 and ISO/IEC 7816-4 GET RESPONSE, as the protocol tests script them
    script([0], ["5B", "5B", "A4", "611C", "C0" + "11".repeat(28) + "9000"]),
    script([1], ["42"]),
    script([1], ["B2" + "0102" + "4D"]),
    script([1], ["B2" + "0102" + "9000"]),
    script([2], ["6C3C", "B2" + "22".repeat(60) + "9000"]),
    script([3], ["20", "63C2"]),
    script([4], ["60609000"]),
  ],
  generate: (r) => {
    const which = r.int(T0_COMMANDS.length);
    const ins = T0_COMMANDS[which].ins;
    const parts: Uint8Array[] = [];
    for (let n = r.small(6); n > 0; n--) {
      const reply: number[] = [];
      for (let m = r.small(4); m > 0; m--) {
        const kind = r.int(7);
        if (kind === 0) reply.push(0x60);
        else if (kind === 1) reply.push(ins);
        else if (kind === 2) reply.push(ins ^ 0xff);
        else if (kind === 3) reply.push(0x61, r.pick([0, 1, 2, 28, r.byte()]));
        else if (kind === 4) reply.push(0x6c, r.pick([0, 1, 2, 60, r.byte()]));
        else if (kind === 5) reply.push(0x90, 0x00);
        else for (let d = r.small(32); d > 0; d--) reply.push(r.byte());
      }
      parts.push(Uint8Array.from(reply.slice(0, 255)));
    }
    return script([which], parts);
  },
  maxLength: 1024,
  run: async (input) => {
    const command = T0_COMMANDS[(input[0] ?? 0) % T0_COMMANDS.length];
    return new T0Protocol(scriptedCard(replies(input, 1)), 9600).transmit(command);
  },
});

/** Block decoding: the EDC is the CRC when the length says two check bytes follow, else the LRC; the maximum INF is the EMV IFSD of 254. */
export const t1Block = defineTarget<{ edc: "LRC" | "CRC"; block: T1Block }>({
  name: "t1-block",
  description: "one T=1 block: EDC (LRC or CRC), length and structure checks (decodeBlock), re-encoded with encodeBlock",
  seeds: [
    // ISO/IEC 7816-3 11.3 blocks of the protocol tests: I(0) 9000, R(1), S(IFS request FE), S(WTX request 03), the CRC form
    encodeBlock({ nad: 0, pcb: 0x00, inf: fromHex("9000") }, "LRC"),
    encodeBlock({ nad: 0, pcb: 0x90, inf: new Uint8Array(0) }, "LRC"),
    fromHex("00C101FE3E"),
    encodeBlock({ nad: 0, pcb: 0xc3, inf: fromHex("03") }, "LRC"),
    encodeBlock({ nad: 0, pcb: 0x00, inf: fromHex("9000") }, "CRC"),
  ],
  generate: (r) => {
    const pcb = r.pick([0x00, 0x40, 0x20, 0x60, 0x80, 0x90, 0x81, 0x92, 0xc0, 0xe0, 0xc1, 0xe1, 0xc2, 0xc3, 0xe3, r.byte()]);
    const inf = pcb & 0x80 && !(pcb & 0x40) ? new Uint8Array(0) : r.bytes(r.int(pcb & 0x80 ? 2 : 40));
    return encodeBlock({ nad: r.chance(0.9) ? 0 : r.byte(), pcb, inf }, r.chance(0.7) ? "LRC" : "CRC");
  },
  maxLength: 300,
  run(input) {
    const edc = input.length === 5 + input[2] ? "CRC" : "LRC";
    return { edc, block: decodeBlock(input, edc, 254) };
  },
  encode: (decoded) => encodeBlock(decoded.block, decoded.edc),
});

const block = (pcb: number, inf = "") => encodeBlock({ nad: 0, pcb, inf: fromHex(inf) }, "LRC");
const CHAINED_APDU = fromHex("80DA000010" + "00112233445566778899AABBCCDDEEFF");
const SHORT_APDU = fromHex("00B2010C00");

/**
 * The T=1 engine against a card whose blocks come from the input. First
 * byte: bit 0 CRC instead of LRC, bit 1 IFSC 8 (chaining) instead of 32,
 * bit 2 negotiate the IFSD first, bit 3 send a second command after the
 * first. The engine must end every exchange with a response or a typed
 * error, and never take an IFSC outside 1-254 from the card.
 */
export const t1 = defineTarget({
  name: "t1",
  description: "the T=1 engine fed the card's blocks: chaining, R-blocks, WTX, IFS, RESYNCH (first byte: EDC, IFSC, IFSD, second command)",
  seeds: [
    // ISO/IEC 7816-3 11.6: the protocol tests' exchanges (chaining both ways; bad EDC, WTX and IFS; no answer then RESYNCH)
    script([0b0010], [block(0x90), block(0x80), block(0x20, "AABB"), block(0x40, "9000")]),
    script([0b0100], [block(0xe1, "FE"), Uint8Array.from([...block(0x00, "9000").subarray(0, -1), 0]), block(0xc3, "03"), block(0x00, "9000")]),
    script([0b0000], [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0), block(0xe0)]),
    script([0b1000], [block(0x00, "9000"), block(0x40, "6A82")]),
  ],
  generate: (r) => {
    const parts: Uint8Array[] = [];
    const edc = r.chance(0.8) ? "LRC" : "CRC";
    for (let n = r.small(8); n > 0; n--) {
      const pcb = r.pick([0x00, 0x40, 0x20, 0x60, 0x80, 0x90, 0x81, 0x91, 0xc0, 0xe0, 0xc1, 0xe1, 0xc2, 0xe2, 0xc3, 0xe3]);
      const inf = pcb & 0x80 && !(pcb & 0x40) ? new Uint8Array(0) : pcb & 0x80 ? r.bytes(r.int(2)) : r.bytes(r.int(12));
      parts.push(encodeBlock({ nad: 0, pcb, inf }, edc));
    }
    return script([(r.byte() & 0b1110) | (edc === "CRC" ? 1 : 0)], parts);
  },
  maxLength: 1024,
  run: async (input) => {
    const options = input[0] ?? 0;
    const p = new T1Protocol(scriptedCard(replies(input, 1)), { ifsc: options & 2 ? 8 : 32, edc: options & 1 ? "CRC" : "LRC", bwtEtu: 100, cwtEtu: 10 });
    try {
      if (options & 4) await p.negotiateIfsd(254);
      const first = await p.transmit(options & 2 ? CHAINED_APDU : SHORT_APDU);
      const second = options & 8 ? await p.transmit(SHORT_APDU) : undefined;
      return { first, second };
    } finally {
      if (!(p.ifsc >= 1 && p.ifsc <= 254)) throw new Error(`the engine took IFSC ${p.ifsc} from the card (ISO/IEC 7816-3 allows 1-254)`);
    }
  },
});

export const apduResponse = defineTarget({
  name: "apdu-response",
  description: "a response APDU (parseResponse, statusWordName), re-encoded with encodeResponse",
  seeds: [
    // the slot tests' FCI of 2PAY.SYS.DDF01 with 9000, and bare status words
    fromHex("6F1A840E325041592E5359532E4444463031A5088801025F2D02656E9000"),
    fromHex("63C2"),
    fromHex("6A82"),
    fromHex("611C"),
  ],
  generate: (r) => Uint8Array.of(...r.bytes(r.int(40)), r.pick([0x90, 0x61, 0x6c, 0x63, 0x62, 0x6a]), r.byte()),
  maxLength: 300,
  run(input) {
    const response = parseResponse(input);
    statusWordName(response.sw);
    return response;
  },
  encode: (response) => encodeResponse(response),
});
