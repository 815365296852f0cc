/**
 * Fuzz target of the ESC/POS interpreter (hosts/escpos-paper), which reads
 * captured printer bytes for `xspos escpos`. Node only: it decodes text
 * with iconv-lite and reads QR codes with jsQR, which the XS bundle does
 * not carry. Its README promises a paper for any bytes, never an
 * exception: a typed error counts as a failure here too.
 */
import { readFileSync } from "node:fs";
import { interpretEscPos, paperToSvg, type Paper } from "../../../hosts/escpos-paper/index.ts";
import { encodeEscPos, type PrintCommand } from "../../../modules/escpos/escpos-encoder.ts";
import { PROFILE_58MM } from "../../../modules/escpos/profile.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { defineTarget } from "../harness.ts";
import type { FuzzRandom } from "../random.ts";

// the README's sample slip (tools/make-escpos-sample.ts)
const SLIP = new Uint8Array(readFileSync(new URL("../../../samples/slip-58mm.escpos", import.meta.url)));

const PIECES: PrintCommand[] = [
  { type: "text", text: "SALE", style: { bold: true, underline: 1 }, align: "right" },
  { type: "text", text: "CARD 476173******0010" },
  { type: "feed", dots: 40 },
  { type: "qr", data: "https://example.com/r/000124", ecc: "Q" },
  { type: "image", width: 24, height: 8, bits: new Uint8Array(24).fill(0x3c), align: "center" },
  { type: "cut" },
];

function generate(r: FuzzRandom): Uint8Array {
  const job = encodeEscPos(
    Array.from({ length: r.small(5) }, () => r.pick(PIECES)),
    { profile: PROFILE_58MM },
  ).bytes;
  return Uint8Array.of(r.int(4), ...job);
}

/** Input: first byte bit 0, 80 mm paper (else 58); bit 1, the printer starts in its Chinese mode; then the bytes. */
export const escposPaper = defineTarget<Paper>({
  name: "escpos-paper",
  description: "captured ESC/POS bytes to the paper (interpretEscPos) and its drawing (paperToSvg); first byte: width and Chinese mode",
  seeds: [Uint8Array.of(0, ...SLIP), Uint8Array.of(3, ...SLIP.subarray(0, 200))],
  generate,
  dictionary: [[0x1b, 0x40], [0x1d, 0x21, 0x11], [0x1d, 0x28, 0x6b], [0x1d, 0x76, 0x30, 0x00], [0x1c, 0x26], [0x1b, 0x74], [0x10, 0x04, 0x01], [0x1d, 0x56, 0x42, 0x00]].map((b) => Uint8Array.from(b)),
  maxLength: 8192,
  nodeOnly: "iconv-lite decodes its text and jsQR reads its QR codes",
  covers: ["hosts/escpos-paper/interpret.ts#interpretEscPos", "hosts/escpos-paper/svg.ts#paperToSvg"],
  run(input) {
    const mode = input[0] ?? 0;
    let paper: Paper;
    try {
      paper = interpretEscPos(input.subarray(1), { width: mode & 1 ? 80 : 58, chinese: (mode & 2) !== 0 });
    } catch (e) {
      if (isXsposError(e)) throw new Error(`the interpreter refused bytes (${e.code}), where it promises a paper for any`);
      throw e;
    }
    const svg = paperToSvg(paper);
    if (!svg.startsWith("<svg") && !svg.startsWith("<?xml")) throw new Error("paperToSvg did not draw an SVG document");
    return paper;
  },
});
