/**
 * Fuzz targets of the acquirer link (modules/uplink): the length framing
 * of the byte stream, and the channel that matches responses to a request
 * over it.
 */
import { concatAll } from "../../../modules/core/bytes.ts";
import { fromHex } from "../../../modules/core/hex.ts";
import { pack, unpack } from "../../../modules/iso8583/codec.ts";
import { ISO87B } from "../../../modules/iso8583/dialect.ts";
import { isoMessage } from "../../../modules/iso8583/message.ts";
import { Channel } from "../../../modules/uplink/channel.ts";
import { FrameDecoder, frame, type LengthHeader } from "../../../modules/uplink/framing.ts";
import type { Connection } from "../../../modules/uplink/ports.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";
import { StepClock, settle } from "../step-clock.ts";

const HEADERS: LengthHeader[] = ["binary2", "ascii4", "bcd2", "binary2"];

/** First byte: bits 0-1 the length header, bits 2-7 the size of the chunks the stream arrives in, less one. */
function options(input: Uint8Array): { header: LengthHeader; chunk: number } {
  const b = input[0] ?? 0;
  return { header: HEADERS[b & 3], chunk: 1 + (b >> 2) };
}

function lead(header: LengthHeader, chunk: number): number {
  return HEADERS.indexOf(header) | ((chunk - 1) << 2);
}

// The framing tests' headers (2-byte binary, 4 ASCII digits, 2 BCD bytes) around the codec tests' messages.
const ECHO = pack(ISO87B, isoMessage("0810", { 11: "000452", 39: "00", 41: "80879888" }));
const OTHER = fromHex("020000000000200000000441D3");

function stream(header: LengthHeader, chunk: number, messages: Uint8Array[]): Uint8Array {
  return concatAll([Uint8Array.of(lead(header, chunk)), ...messages.map((m) => frame(m, header))]);
}

function generateStream(r: FuzzRandom): Uint8Array {
  const header = r.pick(HEADERS);
  const messages: Uint8Array[] = [];
  for (let n = r.small(4); n > 0; n--) messages.push(r.chance(0.3) ? ECHO : r.bytes(r.range(1, 60)));
  const out = stream(header, r.range(1, 64), messages);
  return r.chance(0.3) ? out.subarray(0, r.int(out.length + 1)) : out;
}

const SEEDS = [
  stream("binary2", 64, [ECHO]),
  stream("ascii4", 1, [OTHER, ECHO]),
  stream("bcd2", 7, [ECHO, Uint8Array.of(1, 2, 3)]),
  stream("binary2", 3, [OTHER, ECHO, OTHER]),
];

interface Decoded {
  header: LengthHeader;
  frames: Uint8Array[];
  /** bytes of the stream the frames took, headers included */
  consumed: number;
}

export const uplinkFraming = defineTarget<Decoded>({
  name: "uplink-framing",
  description: "the acquirer byte stream cut into messages by their length headers (FrameDecoder), each framed again",
  seeds: SEEDS,
  generate: generateStream,
  dictionary: [Uint8Array.of(0, 0), Uint8Array.of(0xff, 0xff), Uint8Array.of(0x30, 0x30, 0x30, 0x30), Uint8Array.of(0x99, 0x99)],
  maxLength: 1024,
  run(input) {
    const { header, chunk } = options(input);
    const decoder = new FrameDecoder(header);
    const frames: Uint8Array[] = [];
    for (let at = 1; at < input.length; at += chunk) frames.push(...decoder.push(input.subarray(at, at + chunk)));
    const consumed = frames.reduce((n, f) => n + f.length + (header === "ascii4" ? 4 : 2), 0);
    return { header, frames, consumed };
  },
  // what the frames took, framed again; the bytes still waiting for the rest of a message as they were
  encode: (d, input) => concatAll([input.subarray(0, 1), ...d.frames.map((f) => frame(f, d.header)), input.subarray(1 + d.consumed)]),
});

/**
 * A channel waiting for the answer to a sign-on (0810) while the input
 * arrives from the host, in chunks; the answer is matched by unpacking it.
 * It must end with the answer or a typed error (time-out, framing).
 */
export const uplinkChannel = defineTarget({
  name: "uplink-channel",
  description: "the channel's exchange fed the host's byte stream: framing, matching by unpacking (ISO87B), time-out",
  seeds: SEEDS,
  generate: generateStream,
  dictionary: [Uint8Array.of(0, 0), Uint8Array.of(0x08, 0x10), Uint8Array.of(0x60)],
  maxLength: 1024,
  run: async (input) => {
    const { header, chunk } = options(input);
    const clock = new StepClock();
    const connection: Connection = { write: () => {}, close: () => {}, onData: undefined, onClose: undefined };
    const channel = new Channel(connection, clock, header);
    const answer = channel.exchange(pack(ISO87B, isoMessage("0800", { 11: "000452", 41: "80879888" })), (f) => unpack(ISO87B, f).mti === "0810", 30_000);
    for (let at = 1; at < input.length; at += chunk) connection.onData?.(input.subarray(at, at + chunk));
    try {
      return { answer: await settle(clock, answer), dropped: channel.dropped };
    } finally {
      channel.close();
    }
  },
});
