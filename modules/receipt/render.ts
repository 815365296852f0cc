/**
 * Laid-out lines to print commands, and a document to ESC/POS bytes
 * through modules/escpos. A Chinese model given its GB table prints every
 * line in its own fonts; any other printer gets the lines that its code
 * page (437, 858 or 866, the profile's) cannot hold as raster images drawn
 * from the {@link GlyphFont} the host passes, or without one in the code
 * page, `?` for what it lacks.
 */
import { encodeEscPos, type EncodedJob, type PrintCommand, type TextStyle } from "../escpos/escpos-encoder.ts";
import { loadCodePage, type CodePage } from "../escpos/code-page.ts";
import type { GbTable } from "../escpos/gb-table.ts";
import { charsPerLine, type PrinterProfile } from "../escpos/profile.ts";
import type { ReceiptDocument } from "./document.ts";
import { ReceiptError } from "./error.ts";
import type { GlyphFont } from "./glyph-font.ts";
import type { ReceiptLanguage } from "./labels.ts";
import { layoutReceipt, type ReceiptLine } from "./layout.ts";
import { TextMeasure } from "./measure.ts";
import { rasterText } from "./raster-text.ts";

/** The printer a receipt is laid out and encoded for. */
export interface ReceiptPrinter {
  profile: PrinterProfile;
  /** A (default) or B: sets the characters a line (32 / 42 on 58 mm, 48 / 64 on 80 mm) */
  font?: "A" | "B";
  /** the Chinese model's GB18030 table (modules/escpos `loadGbTable`, or a flash resource) */
  gb?: GbTable;
  /**
   * Glyphs for the raster fallback, a resource of the host (hosts/node
   * `loadUnifont` on a desktop, a flash resource on the device). Without
   * them a printer with no Chinese font prints every line in its code
   * page, each character it lacks as `?`.
   */
  glyphs?: GlyphFont;
  /** the table of the profile's code page when the host holds it (a flash resource); by default modules/escpos `loadCodePage(profile.codePage)` */
  codePage?: CodePage;
}

/** Options of {@link printReceipt}. */
export interface PrintReceiptOptions extends ReceiptPrinter {
  language: ReceiptLanguage;
}

/** A printed receipt: its lines, the commands and the encoded job. */
export interface PrintedReceipt {
  lines: ReceiptLine[];
  commands: PrintCommand[];
  job: EncodedJob;
}

/**
 * Characters the GB2312 region lacks, printed as their full-width forms,
 * which it holds (a line in GB18030 prints every non-ASCII character two
 * columns wide anyway).
 */
const FULL_WIDTH: ReadonlyMap<number, number> = new Map([
  [0xa2, 0xffe0],
  [0xa3, 0xffe1],
  [0xac, 0xffe2],
  [0xaf, 0xffe3],
  [0xa6, 0xffe4],
  [0xa5, 0xffe5],
  [0x20a9, 0xffe6],
]);

/** Measures text as this printer will print it. */
export function measureFor(printer: ReceiptPrinter): TextMeasure {
  return new TextMeasure(!!printer.profile?.chinese, printer.gb, printer.glyphs, printer.codePage ?? loadCodePage(printer.profile?.codePage ?? "cp437"));
}

/**
 * Print commands for laid-out lines.
 * @throws ReceiptError `RECEIPT_OPTIONS` for a font other than A or B
 */
export function renderReceipt(lines: readonly ReceiptLine[], printer: ReceiptPrinter): PrintCommand[] {
  const font = fontOf(printer);
  const profile = printer.profile;
  const glyphs = printer.glyphs;
  const measure = measureFor(printer);
  const cell = font === "B" ? profile.fontB : profile.fontA;
  const commands: PrintCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    switch (line.type) {
      case "text": {
        const mode = measure.mode(line.text);
        if (mode === "raster" && glyphs) {
          if (line.text.trim() === "") {
            commands.push({ type: "text", text: "", style: { font } });
            break;
          }
          const image = rasterText(line.text, glyphs, cell, { bold: line.bold, tall: line.tall, lineHeight: profile.lineSpacingDots });
          commands.push({ type: "image", width: image.width, height: image.height, bits: image.bits, align: line.align });
          break;
        }
        const text = mode === "gb18030" && printer.gb ? fullWidthFor(line.text, printer.gb) : line.text;
        const style: TextStyle = { font };
        if (line.bold) style.bold = true;
        if (line.tall) style.height = 2;
        commands.push({ type: "text", text, align: line.align, style });
        break;
      }
      case "qr":
        commands.push({ type: "qr", data: line.data, align: "center", moduleSize: 4, ecc: "M" });
        break;
      case "image":
        // a logo wider than this paper is left out: the receipt still prints
        if (line.image.width <= profile.dotsPerLine) commands.push({ type: "image", width: line.image.width, height: line.image.height, bits: line.image.bits, align: "center" });
        break;
      case "feed":
        commands.push({ type: "feed", lines: line.lines });
        break;
      case "cut":
        commands.push({ type: "cut" });
        break;
    }
  }
  return commands;
}

/**
 * A document laid out for the printer and the language, and encoded.
 * @throws ReceiptError `RECEIPT_OPTIONS` for a language or font that does not exist;
 *   EscPosError `PRINT_COMMAND` for QR data too long for a QR Code
 */
export function printReceipt(document: ReceiptDocument, options: PrintReceiptOptions): PrintedReceipt {
  const language = options.language;
  if (language !== "en" && language !== "zh" && language !== "both") throw new ReceiptError("RECEIPT_OPTIONS", 'language must be "en", "zh" or "both"');
  const font = fontOf(options);
  const lines = layoutReceipt(document, { columns: charsPerLine(options.profile, font), language, measure: measureFor(options) });
  const commands = renderReceipt(lines, options);
  return { lines, commands, job: encodeEscPos(commands, { profile: options.profile, gb: options.gb, ...(options.codePage ? { codePage: options.codePage } : {}) }) };
}

function fontOf(printer: ReceiptPrinter): "A" | "B" {
  if (!printer?.profile || typeof printer.profile.dotsPerLine !== "number") throw new ReceiptError("RECEIPT_OPTIONS", "a printer profile is needed");
  const font = printer.font ?? "A";
  if (font !== "A" && font !== "B") throw new ReceiptError("RECEIPT_OPTIONS", 'font must be "A" or "B"');
  return font;
}

function fullWidthFor(text: string, gb: GbTable): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const wide = FULL_WIDTH.get(cp);
    out += wide !== undefined && gb.encode(cp) < 0 && gb.encode(wide) >= 0 ? String.fromCodePoint(wide) : ch;
  }
  return out;
}
