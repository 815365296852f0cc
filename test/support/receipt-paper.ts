/**
 * Receipts printed the way the terminal prints them: through the driver
 * (drivers/printer) into the virtual printer (hosts/desktop), and read
 * back from the bytes the printer kept with the independent interpreter
 * (hosts/escpos-paper). Raster lines (Chinese on a printer without a
 * Chinese font) are read by matching each character cell against the
 * glyphs of receipt-glyphs.ts (Unifont, read from Debian's package),
 * drawn here on their own.
 */
import type { PrinterProfile } from "../../modules/escpos/profile.ts";
import type { ReceiptDocument } from "../../modules/receipt/document.ts";
import type { ReceiptLanguage } from "../../modules/receipt/labels.ts";
import { printReceipt, type ReceiptPrinter } from "../../modules/receipt/render.ts";
import { interpretEscPos, type Paper, type PaperItem } from "../../hosts/escpos-paper/index.ts";
import type { VirtualPrinterConfig } from "../../hosts/desktop/virtual-printer.ts";
import { rig } from "../drivers/printer/rig.ts";
import { RECEIPT_CHARACTERS, receiptGlyphs } from "./receipt-glyphs.ts";

/** A line read off the paper: its text, where it ends, and its style. */
export interface PaperLine {
  text: string;
  /** dots from the printable area's left edge to the end of the last character */
  right: number;
  bold: boolean;
  tall: boolean;
  raster: boolean;
}

/** What came out of the printer. */
export interface PrintedPaper {
  bytes: Uint8Array;
  paper: Paper;
  lines: PaperLine[];
  qr: string[];
  cuts: number;
}

/** Prints a document through EscPosPrinter into the virtual printer and reads the paper. */
export async function printThroughDriver(doc: ReceiptDocument, printer: ReceiptPrinter & { language: ReceiptLanguage }, device: VirtualPrinterConfig = {}): Promise<PrintedPaper> {
  const { job } = printReceipt(doc, printer);
  const { printer: driver, device: vp, run, wait } = rig({ kanjiByDefault: printer.profile.kanjiByDefault, ...device }, { profile: printer.profile });
  const state = await run(driver.print({ id: "receipt", bytes: job.bytes }));
  if (state.state !== "done") throw new Error(`print job ${state.state} (${state.reason})`);
  // "done" is the last byte taken; a slow engine is still printing what its buffer holds
  for (let i = 0; i < 10_000 && vp.buffered > 0; i++) await wait(100);
  driver.close();
  if (vp.overflow > 0) throw new Error(`the printer's buffer overflowed by ${vp.overflow} bytes`);
  return readPaper(Uint8Array.from(vp.printed), printer.profile);
}

/** The paper an ESC/POS stream prints, as lines of text (raster lines read by glyph matching). */
export function readPaper(bytes: Uint8Array, profile: PrinterProfile): PrintedPaper {
  const paper = interpretEscPos(bytes, { width: profile.paperWidthMm, chinese: profile.kanjiByDefault });
  const lines: PaperLine[] = [];
  const qr: string[] = [];
  let cuts = 0;
  for (const item of paper.items) {
    if (item.type === "text") {
      const last = item.spans[item.spans.length - 1];
      lines.push({ text: item.text, right: last.x + last.width, bold: item.spans.some((s) => s.bold), tall: item.spans.some((s) => s.scaleY === 2), raster: false });
    } else if (item.type === "image") {
      if (item.qr !== undefined) qr.push(item.qr);
      else lines.push(...readRaster(item, profile.lineSpacingDots));
    } else if (item.type === "qr") qr.push(item.data);
    else if (item.type === "cut") cuts++;
  }
  return { bytes, paper, lines, qr, cuts };
}

/** The value of a field: what follows its label on the line, or the next line (a value too long to share the line). */
export function fieldValue(lines: PaperLine[], label: string): { value: string; line: PaperLine } | undefined {
  const at = lines.findIndex((l) => l.text.startsWith(label));
  if (at < 0) return undefined;
  const rest = lines[at].text.slice(label.length).trim();
  const line = rest ? lines[at] : lines[at + 1];
  return line && { value: rest || line.text.trim(), line };
}

// --- raster lines: each cell against the glyphs of receipt-glyphs.ts, scaled 1.5 times (font A's 12 × 24 cell)

const CELL_W = 12;
const CELL_H = 24;

interface Candidate {
  ch: string;
  columns: number;
  /** [bold][tall] → dots of the cell, rows of columns × 12 */
  drawn: Uint8Array[][];
}

let candidates: Candidate[] | undefined;

function glyphCandidates(): Candidate[] {
  const font = receiptGlyphs();
  candidates ??= RECEIPT_CHARACTERS.flatMap((cp) => {
    const bytes = font.glyph(cp);
    if (!bytes) return [];
    const columns = bytes.length === 32 ? 2 : 1;
    const draw = (bold: boolean, tall: boolean) => {
      const w = columns * CELL_W;
      const h = CELL_H * (tall ? 2 : 1);
      const out = new Uint8Array(w * h);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          const sx = Math.floor((x * 2) / 3);
          const sy = Math.floor((y * 16) / h);
          const on = (bytes[sy * columns + (sx >> 3)] >> (7 - (sx & 7))) & 1;
          if (on) {
            out[y * w + x] = 1;
            if (bold && x + 1 < w) out[y * w + x + 1] = 1;
          }
        }
      }
      return out;
    };
    return [{ ch: String.fromCodePoint(cp), columns, drawn: [[draw(false, false), draw(false, true)], [draw(true, false), draw(true, true)]] }];
  });
  return candidates;
}

/** Splits a (possibly joined) raster image into lines and reads each: 30 dots a normal line, 48 a tall one. */
function readRaster(item: Extract<PaperItem, { type: "image" }>, lineSpacing: number): PaperLine[] {
  const bits = Buffer.from(item.bits, "base64");
  const dot = (x: number, y: number) => (x < item.rowBytes * 8 && y < item.rows ? (bits[y * item.rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1 : 0);
  const inkIn = (y0: number, y1: number) => {
    for (let y = y0; y < y1; y++) for (let x = 0; x < item.width; x++) if (dot(x, y)) return true;
    return false;
  };
  const lines: PaperLine[] = [];
  let y = 0;
  while (y < item.rows) {
    const tall = inkIn(y + CELL_H, y + lineSpacing);
    const height = tall ? 2 * CELL_H : lineSpacing;
    lines.push(readRasterLine(item, dot, y, tall));
    y += height;
  }
  return lines;
}

function readRasterLine(item: Extract<PaperItem, { type: "image" }>, dot: (x: number, y: number) => number, y0: number, tall: boolean): PaperLine {
  const h = CELL_H * (tall ? 2 : 1);
  const columns = Math.floor(item.width / CELL_W);
  const all = glyphCandidates();
  const cell = (x0: number, w: number) => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = dot(x0 + x, y0 + y);
    return out;
  };
  // the first column of a cell may hold the bold smear of the previous character: not compared
  const same = (a: Uint8Array, b: Uint8Array, w: number) => a.every((v, i) => i % w === 0 || v === b[i]);
  for (const bold of [false, true]) {
    let text = "";
    let c = 0;
    /** columns up to the last character that is not a space */
    let inked = 0;
    let read = true;
    while (c < columns && read) {
      read = false;
      for (const width of [1, 2]) {
        if (c + width > columns) continue;
        const w = width * CELL_W;
        const seen = cell(c * CELL_W, w);
        const match = all.find((g) => g.columns === width && same(g.drawn[bold ? 1 : 0][tall ? 1 : 0], seen, w));
        if (match) {
          text += match.ch;
          c += width;
          if (match.ch !== " ") inked = c;
          read = true;
          break;
        }
      }
    }
    if (c >= columns) return { text: text.trimEnd(), right: item.x + inked * CELL_W, bold, tall, raster: true };
  }
  return { text: "\ufffd", right: item.x + item.width, bold: false, tall, raster: true };
}
