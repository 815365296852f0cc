/**
 * Fuzz targets of what the printer sends back and of what it is sent:
 * real-time status bytes (DLE EOT 1-4 answers, drivers/printer/status.ts)
 * and the ESC/POS tokenizer the virtual printer runs on XS
 * (hosts/escpos-paper/tokenize.ts).
 */
import { decodeStatus, interruptReason, isStatusByte, sameStatus } from "../../../drivers/printer/status.ts";
import { readToken } from "../../../hosts/escpos-paper/tokenize.ts";
import { encodeEscPos, type PrintCommand } from "../../../modules/escpos/escpos-encoder.ts";
import { PROFILE_58MM } from "../../../modules/escpos/profile.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";

// Epson ESC/POS Command Reference, "DLE EOT": 12h with nothing to report; the status tests' bytes
// (offline, cover open, paper end, cutter error, near end, no paper).
const ANSWERS = [0x12, 0x1a, 0x16, 0x32, 0x52, 0x1e, 0x7e, 0x72, 0x5a];

/**
 * Input: answers four at a time, to DLE EOT 1, 2, 3 and 4 (a last group
 * cut short is what the line gave). Each round is decoded; a status is
 * garbage exactly when an answer's fixed bits are wrong, ready exactly
 * when nothing stops a job, and the same answers give the same status.
 */
export const printerStatus = defineTarget({
  name: "printer-status",
  description: "DLE EOT 1-4 answers from the printer, four at a time: decodeStatus, isStatusByte, interruptReason, sameStatus",
  seeds: [Uint8Array.of(0x12, 0x12, 0x12, 0x12), Uint8Array.of(0x1a, 0x32, 0x12, 0x7e, 0x12, 0x12, 0x12, 0x1e), Uint8Array.of(0x1a, 0x52, 0x1a, 0x12, 0x1a, 0x16, 0x12, 0x12)],
  generate: (r) => Uint8Array.from({ length: 4 * r.small(6) }, () => (r.chance(0.8) ? r.pick(ANSWERS) : r.byte())),
  maxLength: 256,
  covers: ["drivers/printer/status.ts#decodeStatus", "drivers/printer/status.ts#isStatusByte", "drivers/printer/status.ts#interruptReason", "drivers/printer/status.ts#sameStatus"],
  run(input) {
    const kinds: string[] = [];
    for (let at = 0; at < input.length; at += 4) {
      const answers = [0, 1, 2, 3].map((k) => input[at + k] ?? 0x12) as [number, number, number, number];
      const status = decodeStatus(answers);
      const garbage = answers.some((b) => !isStatusByte(b));
      if ((status.kind === "garbage") !== garbage) throw new Error(`${answers}: ${status.kind}, though the fixed bits are ${garbage ? "wrong" : "right"}`);
      const reason = interruptReason(status);
      if (status.kind === "reported" && status.ready !== (reason === undefined)) throw new Error(`${answers}: ready ${status.ready} but interrupted by ${String(reason)}`);
      if (!sameStatus(status, decodeStatus(answers))) throw new Error(`${answers}: decoded twice, two statuses`);
      kinds.push(status.kind);
    }
    return kinds;
  },
});

const PIECES: PrintCommand[] = [
  { type: "text", text: "XSPOS DEMO SHOP", style: { bold: true, width: 2, height: 2 }, align: "center" },
  { type: "text", text: "TOTAL          CNY 12.50" },
  { type: "feed", lines: 2 },
  { type: "qr", data: "https://example.com/r/000123" },
  { type: "image", width: 16, height: 2, bits: new Uint8Array(4).fill(0xa5) },
  { type: "cut", partial: true },
  { type: "drawer" },
];

function encoded(r: FuzzRandom): Uint8Array {
  const commands = Array.from({ length: r.small(6) }, () => r.pick(PIECES));
  return encodeEscPos(commands, { profile: PROFILE_58MM }).bytes;
}

/** ESC, GS, FS, DLE and the bytes that follow them in the reference: what shapes a command. */
const DICTIONARY = [[0x1b], [0x1d], [0x1c], [0x10, 0x04], [0x1d, 0x28, 0x6b], [0x1d, 0x76, 0x30], [0x1c, 0x26], [0x0a], [0xff, 0xff]].map((b) => Uint8Array.from(b));

/**
 * The tokenizer walked over a stream, in Kanji mode or not (first byte,
 * bit 0): each token starts where the last ended, is at least a byte long
 * and lies inside the stream; a stream that ends inside a command ends
 * the walk.
 */
export const escposTokens = defineTarget({
  name: "escpos-tokens",
  description: "an ESC/POS byte stream cut into commands and characters (readToken), in and out of Kanji mode (first byte)",
  seeds: [Uint8Array.of(0, ...encodeEscPos(PIECES, { profile: PROFILE_58MM }).bytes), Uint8Array.of(1, 0x1c, 0x26, 0xc4, 0xe3, 0x81, 0x30, 0x81, 0x30, 0x0a)],
  generate: (r) => Uint8Array.of(r.int(2), ...encoded(r)),
  dictionary: DICTIONARY,
  maxLength: 4096,
  covers: ["hosts/escpos-paper/tokenize.ts#readToken"],
  run(input) {
    const kanji = ((input[0] ?? 0) & 1) === 1;
    const bytes = input.subarray(1);
    let tokens = 0;
    for (let at = 0; at < bytes.length; ) {
      const token = readToken(bytes, at, kanji);
      if (!token) break;
      if (token.offset !== at || token.length < 1 || at + token.length > bytes.length) throw new Error(`a token at ${token.offset} of ${token.length} bytes, read at ${at} of ${bytes.length}`);
      at += token.length;
      tokens++;
    }
    return tokens;
  },
});
