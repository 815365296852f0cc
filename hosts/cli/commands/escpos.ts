import { writeFileSync } from "node:fs";
import { interpretEscPos, paperToSvg } from "../../escpos-paper/index.ts";
import { flag, option, type Args } from "../args.ts";
import { CliError } from "../cli-error.ts";
import type { LeafCommand } from "../command.ts";
import { MAX_PATH_CHARS, readBoundedFile } from "../input.ts";

/** Most bytes read from a capture: a long receipt with a logo is a few tens of kilobytes. */
export const MAX_ESCPOS_BYTES = 1 << 20;

function interpret(args: Args): unknown {
  const width = option(args, "width") === "80" ? 80 : 58;
  const paper = interpretEscPos(readBoundedFile(args.positional[0], MAX_ESCPOS_BYTES), { width, chinese: flag(args, "chinese") });
  const svg = option(args, "svg");
  if (svg !== undefined) {
    try {
      writeFileSync(svg, paperToSvg(paper));
    } catch {
      throw new CliError("FILE_UNWRITABLE", `cannot write ${svg}`);
    }
  }
  return paper;
}

/**
 * `xspos escpos <file>`: what a printer would put on paper from captured
 * ESC/POS bytes, by an interpreter that shares no code with the encoder.
 */
export const escposCommand: LeafCommand = {
  name: "escpos",
  summary: "captured ESC/POS bytes as the paper shows them (JSON, and SVG with --svg)",
  description:
    "Captured ESC/POS bytes interpreted as a thermal printer would print them:\n" +
    "text lines in Unicode (code page 437, and GB18030 in the printer's Chinese\n" +
    "mode, FS &), their styles and place on the paper, raster images (GS v 0),\n" +
    "QR codes (GS ( k) with their data, cuts, real-time status requests, and\n" +
    "the commands it could not read with their offsets. --svg draws the paper.",
  options: [
    { name: "width", kind: "choice", choices: ["58", "80"], help: "paper width in mm (384 or 576 dots); 58 by default" },
    { name: "chinese", kind: "flag", help: "the printer starts in its Chinese (GB18030) mode, as Chinese models do" },
    { name: "svg", kind: "text", placeholder: "FILE", limit: MAX_PATH_CHARS, help: "also draw the paper into this SVG file" },
  ],
  positionals: [{ name: "file", kind: "path", limit: MAX_PATH_CHARS, help: "the bytes sent to the printer" }],
  limits: [`the file: at most ${MAX_ESCPOS_BYTES} bytes`],
  run: interpret,
};
