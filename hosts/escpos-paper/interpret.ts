/**
 * An ESC/POS interpreter: bytes in, the paper out. It follows the Epson
 * ESC/POS Command Reference for a 203 dpi roll-paper printer in standard
 * mode, independently of the driver's encoder, so that tests can check
 * one against the other. Host-side tool: it decodes text with iconv-lite.
 */
import iconv from "iconv-lite";
import jsQR from "jsqr";
import qrcode from "qrcode-generator";
import { EscPosPaperError } from "./error.ts";
import type { Paper, PaperAlign, PaperItem, PaperProblem, PaperSpan, ProblemCode } from "./paper.ts";
import { readToken, type Token } from "./tokenize.ts";

/** Options of {@link interpretEscPos}. */
export interface InterpretOptions {
  /** paper width, mm: 58 (384 dots printable) or 80 (576) */
  width: 58 | 80;
  /** the printer starts in Kanji mode (GB18030), as Chinese models do */
  chinese?: boolean;
}

/** Character cells, dots: Epson's font A and B, and the Chinese fonts beside them. */
const CELL = { A: { w: 12, h: 24 }, B: { w: 9, h: 17 } } as const;
const KANJI_CELL = { A: { w: 24, h: 24 }, B: { w: 16, h: 16 } } as const;
/** ESC 2: about 3.75 mm at 8 dots/mm */
const DEFAULT_SPACING = 30;

/** ESC t n: the tables iconv-lite knows. */
const CODE_PAGES: Record<number, string> = { 0: "cp437", 2: "cp850", 3: "cp860", 4: "cp863", 5: "cp865", 16: "windows1252", 17: "cp866", 18: "cp852", 19: "cp858" };
const codePageCache = new Map<number, string>();

/**
 * One GB18030 character cell: the character its two or four bytes name,
 * or U+FFFD for bytes that name none (a trail byte out of range, a
 * four-byte code past U+10FFFF, E3 32 9A 35), which iconv-lite decodes
 * to several characters or to lone surrogates.
 */
function kanjiCharacter(raw: Uint8Array): string {
  const text = iconv.decode(Buffer.from(raw), "gb18030");
  const cp = text.codePointAt(0) ?? 0xfffd;
  return text.length === (cp > 0xffff ? 2 : 1) && (cp < 0xd800 || cp > 0xdfff) ? text : "\ufffd";
}

interface Style {
  font: "A" | "B";
  bold: boolean;
  underline: 0 | 1 | 2;
  scaleX: number;
  scaleY: number;
  invert: boolean;
}

/** The line being built: spans, the position on it, the alignment in force at its first character. */
interface Line {
  spans: PaperSpan[];
  x: number;
  align: PaperAlign;
  offset: number;
}

class Interpreter {
  readonly paper: Paper;
  #chineseDefault: boolean;
  #style!: Style;
  #kanjiStyle!: { doubleW: boolean; doubleH: boolean; underline: 0 | 1 | 2 };
  #align!: PaperAlign;
  #spacing!: number;
  #rightSpacing!: number;
  #codePage!: number;
  #kanji!: boolean;
  #leftMargin!: number;
  #printWidth!: number;
  #qr!: { model: number; size: number; ecc: "L" | "M" | "Q" | "H"; data: Uint8Array | undefined };
  #y = 0;
  #line: Line | undefined;

  constructor(options: InterpretOptions) {
    this.#chineseDefault = !!options.chinese;
    const dots = options.width === 58 ? 384 : 576;
    this.paper = { widthMm: options.width, dotsPerLine: dots, height: 0, items: [], realtime: [], problems: [] };
    this.#reset();
  }

  #reset(): void {
    this.#style = { font: "A", bold: false, underline: 0, scaleX: 1, scaleY: 1, invert: false };
    this.#kanjiStyle = { doubleW: false, doubleH: false, underline: 0 };
    this.#align = "left";
    this.#spacing = DEFAULT_SPACING;
    this.#rightSpacing = 0;
    this.#codePage = 0;
    this.#kanji = this.#chineseDefault;
    this.#leftMargin = 0;
    this.#printWidth = this.paper.dotsPerLine;
    this.#qr = { model: 2, size: 3, ecc: "L", data: undefined };
    this.#line = undefined;
  }

  run(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length) {
      const token = readToken(bytes, i, this.#kanji);
      if (!token) {
        this.#problem("ESCPOS_TRUNCATED", i, bytes.subarray(i, i + 16), "the stream ends inside a command");
        break;
      }
      this.#token(token, bytes);
      i += token.length;
    }
    if (this.#line?.spans.length) {
      const text = this.#line.spans.map((s) => s.text).join("");
      this.#problem("ESCPOS_UNPRINTED", this.#line.offset, new Uint8Array(0), text);
    }
    this.paper.height = this.#y;
    for (const item of this.paper.items) {
      if (item.type !== "image") continue;
      const qr = readQrFromRaster(Buffer.from(item.bits, "base64"), item.rowBytes, item.rows);
      if (qr !== undefined) item.qr = qr;
    }
  }

  #problem(code: ProblemCode, offset: number, bytes: Uint8Array, command: string): void {
    this.paper.problems.push({ offset, code, command, hex: hex(bytes.subarray(0, 16)) } satisfies PaperProblem);
  }

  #token(t: Token, bytes: Uint8Array): void {
    const raw = bytes.subarray(t.offset, t.offset + t.length);
    const p = t.params;
    switch (t.kind) {
      case "text":
        return this.#char(t, raw);
      case "unknown":
        return this.#problem("ESCPOS_UNKNOWN", t.offset, raw, t.name);
      case "realtime":
        this.paper.realtime.push({ offset: t.offset, command: t.name });
        return;
      case "control":
        return this.#control(t);
    }
    const bad = () => this.#problem("ESCPOS_PARAMETER", t.offset, raw, t.name);
    const notDrawn = () => this.#problem("ESCPOS_NOT_DRAWN", t.offset, raw, t.name);
    switch (t.name) {
      case "ESC @":
        return this.#reset();
      case "ESC !": {
        const n = p[0];
        Object.assign(this.#style, { font: n & 1 ? "B" : "A", bold: !!(n & 8), scaleY: n & 16 ? 2 : 1, scaleX: n & 32 ? 2 : 1, underline: n & 128 ? 1 : 0 });
        return;
      }
      case "ESC E":
      case "ESC G":
        this.#style.bold = (p[0] & 1) === 1;
        return;
      case "ESC -": {
        const n = p[0] >= 48 ? p[0] - 48 : p[0];
        if (n > 2) return bad();
        this.#style.underline = n as 0 | 1 | 2;
        return;
      }
      case "ESC M": {
        const n = p[0] >= 48 ? p[0] - 48 : p[0];
        if (n > 4) return bad();
        this.#style.font = n === 0 ? "A" : "B";
        return;
      }
      case "GS !": {
        const w = ((p[0] >> 4) & 7) + 1;
        const h = (p[0] & 7) + 1;
        if (p[0] & 0x88) return bad();
        Object.assign(this.#style, { scaleX: w, scaleY: h });
        return;
      }
      case "GS B":
        this.#style.invert = (p[0] & 1) === 1;
        return;
      case "ESC a": {
        const n = p[0] >= 48 ? p[0] - 48 : p[0];
        if (n > 2) return bad();
        this.#align = (["left", "center", "right"] as const)[n];
        return;
      }
      case "ESC t":
        this.#codePage = p[0];
        if (!(p[0] in CODE_PAGES)) this.#problem("ESCPOS_NOT_DRAWN", t.offset, raw, `ESC t ${p[0]}: a code page this interpreter has no table for`);
        return;
      case "FS &":
        this.#kanji = true;
        return;
      case "FS .":
        this.#kanji = false;
        return;
      case "FS !":
        Object.assign(this.#kanjiStyle, { doubleW: !!(p[0] & 4), doubleH: !!(p[0] & 8), underline: p[0] & 128 ? 1 : 0 });
        return;
      case "FS -": {
        const n = p[0] >= 48 ? p[0] - 48 : p[0];
        if (n > 2) return bad();
        this.#kanjiStyle.underline = n as 0 | 1 | 2;
        return;
      }
      case "ESC 2":
        this.#spacing = DEFAULT_SPACING;
        return;
      case "ESC 3":
        this.#spacing = p[0];
        return;
      case "ESC SP":
        this.#rightSpacing = p[0];
        return;
      case "GS L":
        this.#leftMargin = Math.min(p[0] + p[1] * 256, this.paper.dotsPerLine - 1);
        this.#printWidth = Math.min(this.#printWidth, this.paper.dotsPerLine - this.#leftMargin);
        return;
      case "GS W":
        this.#printWidth = Math.max(1, Math.min(p[0] + p[1] * 256, this.paper.dotsPerLine - this.#leftMargin));
        return;
      case "ESC $":
        this.#openLine(t.offset).x = Math.min(p[0] + p[1] * 256, this.#printWidth);
        return;
      case "ESC J":
        return this.#printLine(p[0]);
      case "ESC d":
        return this.#printLine(p[0] * this.#spacing);
      case "ESC p":
        this.paper.items.push({ type: "drawer", offset: t.offset, pin: (p[0] & 1) === 1 ? 5 : 2 });
        return;
      case "GS v 0":
        return this.#raster(t, raw);
      case "GS (":
        return this.#gsParen(t, raw);
      case "GS V":
        return this.#cut(t, raw);
      case "ESC i":
      case "ESC m":
        this.#lineFirst(t, raw);
        this.paper.items.push({ type: "cut", offset: t.offset, y: this.#y, partial: true });
        return;
      case "ESC *":
      case "GS *":
      case "GS /":
      case "GS k":
      case "ESC V":
      case "ESC {":
      case "ESC L":
      case "ESC FF":
      case "ESC (":
      case "FS (":
      case "FS p":
      case "GS 8":
        return notDrawn();
      default:
        // settings with no effect on the drawing (ESC =, ESC R, GS a, GS h, GS w, ...)
        return;
    }
  }

  #control(t: Token): void {
    switch (t.name) {
      case "LF":
      case "FF":
        return this.#printLine(this.#spacing);
      case "HT": {
        const line = this.#openLine(t.offset);
        const tab = CELL[this.#style.font].w * 8;
        line.x = Math.min(this.#printWidth, (Math.floor(line.x / tab) + 1) * tab);
        return;
      }
      default:
        // CR (no automatic line feed on a serial printer), CAN (page mode only)
        return;
    }
  }

  #openLine(offset: number): Line {
    this.#line ??= { spans: [], x: 0, align: this.#align, offset };
    return this.#line;
  }

  #char(t: Token, raw: Uint8Array): void {
    const kanji = t.length > 1;
    const text = kanji ? kanjiCharacter(raw) : this.#singleByte(raw[0]);
    const s = this.#style;
    const cell = kanji ? KANJI_CELL[s.font] : CELL[s.font];
    const scaleX = kanji && this.#kanjiStyle.doubleW ? Math.max(2, s.scaleX) : s.scaleX;
    const scaleY = kanji && this.#kanjiStyle.doubleH ? Math.max(2, s.scaleY) : s.scaleY;
    const width = cell.w * scaleX + this.#rightSpacing;
    let line = this.#openLine(t.offset);
    if (line.x + width > this.#printWidth && line.spans.length) {
      // the line is full: the printer prints it and goes on with the next
      this.#printLine(this.#spacing);
      line = this.#openLine(t.offset);
    }
    const underline = kanji && this.#kanjiStyle.underline ? this.#kanjiStyle.underline : s.underline;
    const last = line.spans[line.spans.length - 1];
    const same = last && last.x + last.width === line.x && last.font === s.font && last.bold === s.bold && last.underline === underline && last.scaleX === scaleX && last.scaleY === scaleY && last.invert === s.invert && last.height === cell.h * scaleY;
    if (same) {
      last.text += text;
      last.width += width;
    } else {
      line.spans.push({ text, x: line.x, width, height: cell.h * scaleY, font: s.font, bold: s.bold, underline, scaleX, scaleY, invert: s.invert });
    }
    line.x += width;
  }

  #singleByte(b: number): string {
    const name = CODE_PAGES[this.#codePage];
    if (!name) return b < 0x80 ? String.fromCharCode(b) : "\ufffd";
    let table = codePageCache.get(this.#codePage);
    if (!table) {
      table = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), name);
      codePageCache.set(this.#codePage, table);
    }
    return table[b] ?? "\ufffd";
  }

  /** Prints the line buffer (if any) and moves the paper `feed` dots, or the line's height if taller. */
  #printLine(feed: number): void {
    const line = this.#line;
    this.#line = undefined;
    if (!line || !line.spans.length) {
      this.#y += feed;
      return;
    }
    const used = Math.max(...line.spans.map((s) => s.x + s.width));
    const height = Math.max(...line.spans.map((s) => s.height));
    const shift = this.#leftMargin + (line.align === "center" ? Math.floor((this.#printWidth - used) / 2) : line.align === "right" ? this.#printWidth - used : 0);
    for (const s of line.spans) s.x += Math.max(0, shift);
    this.paper.items.push({ type: "text", offset: line.offset, y: this.#y, height, align: line.align, text: line.spans.map((s) => s.text).join(""), spans: line.spans });
    this.#y += Math.max(feed, height);
  }

  /** Images and cuts take effect at the start of a line; a pending line is printed first, as best effort. */
  #lineFirst(t: Token, raw: Uint8Array): void {
    if (!this.#line?.spans.length) return;
    this.#problem("ESCPOS_MID_LINE", t.offset, raw, t.name);
    this.#printLine(this.#spacing);
  }

  #alignedX(width: number): number {
    const room = this.#printWidth - width;
    const x = this.#align === "center" ? Math.floor(room / 2) : this.#align === "right" ? room : 0;
    return this.#leftMargin + Math.max(0, x);
  }

  /** GS v 0 m xL xH yL yH d1...dk */
  #raster(t: Token, raw: Uint8Array): void {
    const p = t.params;
    const m = p[0] >= 48 ? p[0] - 48 : p[0];
    if (m > 3) return this.#problem("ESCPOS_PARAMETER", t.offset, raw, t.name);
    this.#lineFirst(t, raw);
    const rowBytes = p[1] + p[2] * 256;
    const rows = p[3] + p[4] * 256;
    const data = p.subarray(5);
    const width = rowBytes * 8 * (m & 1 ? 2 : 1);
    const height = rows * (m & 2 ? 2 : 1);
    if (rowBytes === 0 || rows === 0) return this.#problem("ESCPOS_PARAMETER", t.offset, raw, t.name);
    if (width > this.paper.dotsPerLine) this.#problem("ESCPOS_PARAMETER", t.offset, raw, `${t.name} wider than the paper`);
    const x = this.#alignedX(width);
    const last = this.paper.items[this.paper.items.length - 1];
    if (last?.type === "image" && last.x === x && last.rowBytes === rowBytes && last.width === width && last.height / last.rows === height / rows && last.y + last.height === this.#y) {
      // images sent in bands print as one
      last.bits = Buffer.concat([Buffer.from(last.bits, "base64"), data]).toString("base64");
      last.rows += rows;
      last.height += height;
    } else {
      this.paper.items.push({ type: "image", offset: t.offset, y: this.#y, x, width, height, rowBytes, rows, bits: Buffer.from(data).toString("base64") });
    }
    this.#y += height;
  }

  /** GS ( k: 2D symbols; cn 49 is QR Code (functions 165, 167, 169, 180, 181) */
  #gsParen(t: Token, raw: Uint8Array): void {
    const p = t.params;
    const fnFamily = raw[2];
    if (fnFamily !== 0x6b) return this.#problem("ESCPOS_NOT_DRAWN", t.offset, raw, `GS ( ${String.fromCharCode(fnFamily)}`);
    const cn = p[2];
    const fn = p[3];
    if (cn !== 49) return this.#problem("ESCPOS_NOT_DRAWN", t.offset, raw, `GS ( k cn=${cn}`);
    const bad = () => this.#problem("ESCPOS_PARAMETER", t.offset, raw, `GS ( k fn=${fn}`);
    switch (fn) {
      case 65:
        if (p[4] < 49 || p[4] > 51) return bad();
        this.#qr.model = p[4] - 48;
        return;
      case 67:
        if (p[4] < 1 || p[4] > 16) return bad();
        this.#qr.size = p[4];
        return;
      case 69:
        if (p[4] < 48 || p[4] > 51) return bad();
        this.#qr.ecc = (["L", "M", "Q", "H"] as const)[p[4] - 48];
        return;
      case 80:
        if (t.length < 8) return bad();
        this.#qr.data = p.slice(5);
        return;
      case 81:
        return this.#printQr(t, raw);
      default:
        return;
    }
  }

  #printQr(t: Token, raw: Uint8Array): void {
    const data = this.#qr.data;
    if (!data || data.length === 0) return this.#problem("ESCPOS_PARAMETER", t.offset, raw, "GS ( k fn=81 with no data stored");
    this.#lineFirst(t, raw);
    let modules: number;
    try {
      const symbol = qrcode(0, this.#qr.ecc);
      symbol.addData(String.fromCharCode(...data), "Byte");
      symbol.make();
      modules = symbol.getModuleCount();
    } catch {
      return this.#problem("ESCPOS_PARAMETER", t.offset, raw, "GS ( k fn=81: the stored data does not fit a QR Code");
    }
    const size = modules * this.#qr.size;
    this.paper.items.push({
      type: "qr",
      offset: t.offset,
      y: this.#y,
      x: this.#alignedX(size),
      size,
      data: new TextDecoder().decode(data),
      hex: hex(data),
      ecc: this.#qr.ecc,
      moduleSize: this.#qr.size,
      model: this.#qr.model,
      version: (modules - 17) / 4,
    });
    this.#y += size;
  }

  /** GS V m / GS V m n */
  #cut(t: Token, raw: Uint8Array): void {
    const m = t.params[0];
    const n = t.params.length > 1 ? t.params[1] : 0;
    const partial = [1, 49, 66, 98, 104].includes(m);
    if (![0, 48, 1, 49, 65, 66, 97, 98, 103, 104].includes(m)) return this.#problem("ESCPOS_PARAMETER", t.offset, raw, t.name);
    this.#lineFirst(t, raw);
    this.#y += n;
    this.paper.items.push({ type: "cut", offset: t.offset, y: this.#y, partial });
  }
}

/** The data of a QR code drawn as a raster image (the encoder's fallback), if jsQR finds one. */
function readQrFromRaster(data: Uint8Array, rowBytes: number, rows: number): string | undefined {
  const width = rowBytes * 8;
  if (width < 21 || rows < 21 || width * rows > 1_000_000 || data.length < rowBytes * rows) return undefined;
  const margin = 8;
  const w = width + 2 * margin;
  const h = rows + 2 * margin;
  const rgba = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < width; x++) {
      if (!(data[y * rowBytes + (x >> 3)] & (0x80 >> (x & 7)))) continue;
      const at = ((y + margin) * w + x + margin) * 4;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = 0;
    }
  }
  const found = jsQR(rgba, w, h, { inversionAttempts: "dontInvert" });
  return found ? new TextDecoder().decode(Uint8Array.from(found.binaryData)) : undefined;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join("");
}

/**
 * The paper an ESC/POS byte stream prints: text lines (in Unicode, with
 * their styles and alignment), raster images, QR codes with their data,
 * cuts, drawer pulses; real-time commands; and every command it could not
 * read, with its offset. Any bytes at all give a paper, never an exception.
 * @throws EscPosPaperError `ESCPOS_OPTIONS` (width not 58 or 80), `ESCPOS_INPUT` (not a Uint8Array)
 */
export function interpretEscPos(bytes: Uint8Array, options: InterpretOptions): Paper {
  if (!(bytes instanceof Uint8Array)) throw new EscPosPaperError("ESCPOS_INPUT", "the ESC/POS stream must be a Uint8Array");
  if (options?.width !== 58 && options?.width !== 80) throw new EscPosPaperError("ESCPOS_OPTIONS", `paper width ${String(options?.width)} mm: 58 or 80`);
  const interpreter = new Interpreter(options);
  interpreter.run(bytes);
  return interpreter.paper;
}
