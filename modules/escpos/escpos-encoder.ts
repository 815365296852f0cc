/**
 * Print commands (plain data) to ESC/POS bytes. Command names and formats
 * are those of the Epson ESC/POS Command Reference; each is named where it
 * is sent.
 */
import { utf8Bytes } from "../core/utf8.ts";
import { EscPosError } from "./error.ts";
import { loadCodePage, type CodePage } from "./code-page.ts";
import type { GbTable } from "./gb-table.ts";
import type { PrinterProfile } from "./profile.ts";
import { encodeQr, QR_LEVELS, qrMaxBytes, qrVersionFor, type QrEcc } from "./qr.ts";
import { encodeText, type TextMode } from "./text-encoding.ts";

export type Align = "left" | "center" | "right";

/** How a line of text looks. Sizes are multipliers (GS !), 1 to 8. */
export interface TextStyle {
  bold?: boolean;
  /** 0 none, 1 one dot, 2 two dots (ESC -) */
  underline?: 0 | 1 | 2;
  width?: number;
  height?: number;
  /** A: 12 × 24 dots, B: 9 × 17 */
  font?: "A" | "B";
  /** white on black (GS B) */
  invert?: boolean;
}

/** One thing to print. Text lines end with a line feed; images and QR codes start on a new line. */
export type PrintCommand =
  | { type: "text"; text: string; style?: TextStyle; align?: Align }
  | { type: "feed"; lines?: number; dots?: number }
  /** 1 bit a dot, rows of ceil(width / 8) bytes, most significant bit leftmost, 1 black */
  | { type: "image"; width: number; height: number; bits: Uint8Array; align?: Align }
  /** `data` is sent as UTF-8; module size in dots (default 4), error correction (default M) */
  | { type: "qr"; data: string; moduleSize?: number; ecc?: QrEcc; align?: Align }
  /** partial cut unless the cutter only cuts fully; `feedDots` more paper first */
  | { type: "cut"; partial?: boolean; feedDots?: number }
  /** a pulse on the drawer kick-out connector, pin 2 (default) or 5 */
  | { type: "drawer"; pin?: 2 | 5 };

/** Options of {@link encodeEscPos}. */
export interface EncodeOptions {
  profile: PrinterProfile;
  /** Unicode to GB18030, for Chinese text on a Chinese model */
  gb?: GbTable;
  /**
   * The table of the profile's code page, when the host holds it (a
   * flash resource given to `codePageFromBytes`); by default the one
   * `loadCodePage(profile.codePage)` gives. It must be the profile's.
   */
  codePage?: CodePage;
}

/** Bytes for the printer and what the printing-time model needs. */
export interface EncodedJob {
  bytes: Uint8Array;
  /** dot lines of paper the job moves (text lines, feeds, images, symbols) */
  dotLines: number;
  cuts: number;
  /** characters the printer has no glyph for, printed as a question mark */
  replaced: number;
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const ALIGNS: readonly Align[] = ["left", "center", "right"];

/** What the encoder counts as it goes. */
interface Tally {
  dotLines: number;
  cuts: number;
  replaced: number;
}

/** ESC M n (font), ESC E n (emphasized), ESC - n (underline), GS ! n (character size), GS B n (reverse): a text line's style. */
const STYLE_COMMANDS = [[ESC, 0x4d], [ESC, 0x45], [ESC, 0x2d], [GS, 0x21], [GS, 0x42]];

interface State {
  align: number;
  /** the n of each of the {@link STYLE_COMMANDS} in force */
  style: number[];
  kanji: boolean;
}

class ByteSink {
  #buf: Uint8Array;
  length = 0;
  /** @param capacity - the bytes expected: a job sized well up front is never copied to grow */
  constructor(capacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, capacity));
  }
  push(...bytes: number[]): void {
    this.#room(bytes.length);
    // an indexed loop: XS runs for-of through the iterator protocol, a call a byte
    const buf = this.#buf;
    for (let i = 0; i < bytes.length; i++) buf[this.length++] = bytes[i];
  }
  append(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#buf.set(bytes, this.length);
    this.length += bytes.length;
  }
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }
  #room(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(this.#buf.length * 2, this.length + n));
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
  }
}

/**
 * Encodes print commands for a printer profile. The job starts with
 * ESC @ (initialize), ESC t n (the profile's code page) and, on a Chinese model,
 * FS . (Kanji mode off), so it does not depend on what was printed before.
 * @throws EscPosError `PRINT_COMMAND` for a command it cannot encode (an
 *   image of the wrong size or wider than the paper, QR data too long, a
 *   size multiplier out of range, an unknown command)
 */
export function encodeEscPos(commands: readonly PrintCommand[], options: EncodeOptions): EncodedJob {
  const profile = options.profile;
  const page = options.codePage ?? loadCodePage(profile.codePage ?? "cp437");
  if (page.name !== (profile.codePage ?? "cp437")) throw new EscPosError("PRINT_COMMAND", `code page table ${page.name} given for a profile in ${profile.codePage}`);
  const encodeOptions: EncodeOptions = { ...options, codePage: page };
  const out = new ByteSink(expectedBytes(commands));
  const state: State = { align: 0, style: [0, 0, 0, 0, 0], kanji: false };
  const job: Tally = { dotLines: 0, cuts: 0, replaced: 0 };
  // ESC t n: select character code table (n from the Epson table: 0 PC437, 17 PC866, 19 PC858)
  out.push(ESC, 0x40, ESC, 0x74, page.number);
  if (profile.chinese) out.push(FS, 0x2e);
  for (let index = 0; index < commands.length; index++) {
    const command = commands[index];
    const fail = (why: string) => new EscPosError("PRINT_COMMAND", `command ${index} (${String((command as { type?: unknown } | null)?.type)}): ${why}`);
    switch (command?.type) {
      case "text":
        text(command, out, state, encodeOptions, job, fail);
        break;
      case "feed":
        feed(command, out, profile, job, fail);
        break;
      case "image":
        setAlign(out, state, command.align, fail);
        checkImage(command, profile, fail);
        raster(out, command.width, command.height, command.bits, profile, job);
        break;
      case "qr":
        qr(command, out, state, profile, job, fail);
        break;
      case "cut":
        cut(command, out, profile, job, fail);
        break;
      case "drawer":
        // ESC p m t1 t2: pulse on t1 × 2 ms, off t2 × 2 ms
        out.push(ESC, 0x70, command.pin === 5 ? 1 : 0, 25, 250);
        break;
      default:
        throw fail("not a print command");
    }
  }
  return { bytes: out.bytes(), ...job };
}

type Fail = (why: string) => EscPosError;

/**
 * About the bytes a job takes: its images' bits (the bulk of a raster
 * receipt) and headers, up to four bytes a UTF-16 unit of text, room for
 * the commands. More is only a copy to grow.
 */
function expectedBytes(commands: readonly PrintCommand[]): number {
  let n = 64;
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i] as { type?: unknown; text?: unknown; bits?: unknown };
    if (c?.type === "image" && c.bits instanceof Uint8Array) n += c.bits.length + 64;
    else if (c?.type === "text" && typeof c.text === "string") n += 4 * c.text.length + 24;
    else n += 64;
  }
  return n;
}

function setAlign(out: ByteSink, state: State, align: Align | undefined, fail: Fail): void {
  const n = ALIGNS.indexOf(align ?? "left");
  if (n < 0) throw fail(`alignment ${String(align)}`);
  // ESC a n: takes effect at the start of a line, where every command here begins
  if (n !== state.align) out.push(ESC, 0x61, n);
  state.align = n;
}

function multiplier(value: number | undefined, name: string, fail: Fail): number {
  const v = value ?? 1;
  if (!Number.isInteger(v) || v < 1 || v > 8) throw fail(`${name} ${String(value)}: a whole multiplier from 1 to 8`);
  return v;
}

function text(command: { text: string; style?: TextStyle; align?: Align }, out: ByteSink, state: State, options: EncodeOptions, job: Tally, fail: Fail): void {
  if (typeof command.text !== "string") throw fail("text must be a string");
  const style = command.style ?? {};
  const width = multiplier(style.width, "width", fail);
  const height = multiplier(style.height, "height", fail);
  const underline = style.underline ?? 0;
  if (underline !== 0 && underline !== 1 && underline !== 2) throw fail(`underline ${String(underline)}: 0, 1 or 2`);
  const font = style.font === "B" ? 1 : 0;
  if (style.font !== undefined && style.font !== "A" && style.font !== "B") throw fail(`font ${String(style.font)}: A or B`);
  const profile = options.profile;
  const cell = font ? profile.fontB : profile.fontA;
  // alignment and style hold for every line of the text: set once, before its first
  setAlign(out, state, command.align, fail);
  const wanted = [font, style.bold ? 1 : 0, underline, ((width - 1) << 4) | (height - 1), style.invert ? 1 : 0];
  for (let i = 0; i < wanted.length; i++) if (wanted[i] !== state.style[i]) out.push(STYLE_COMMANDS[i][0], STYLE_COMMANDS[i][1], wanted[i]);
  state.style = wanted;
  const textLines = command.text.split("\n");
  for (let i = 0; i < textLines.length; i++) {
    const line = textLines[i];
    const encoded = encodeText(line, { chinese: profile.chinese, gb: options.gb, codePage: options.codePage });
    setKanji(out, state, encoded.mode);
    out.append(encoded.bytes);
    out.push(LF);
    job.replaced += encoded.replaced;
    const wraps = Math.max(1, Math.ceil((encoded.columns * cell.width * width) / profile.dotsPerLine));
    job.dotLines += wraps * Math.max(profile.lineSpacingDots, cell.height * height);
  }
}

function setKanji(out: ByteSink, state: State, mode: TextMode): void {
  const kanji = mode === "gb18030";
  if (kanji === state.kanji) return;
  out.push(FS, kanji ? 0x26 : 0x2e); // FS & / FS .: Kanji character mode on / off
  state.kanji = kanji;
}

function feed(command: { lines?: number; dots?: number }, out: ByteSink, profile: PrinterProfile, job: Tally, fail: Fail): void {
  const lines = command.lines ?? 0;
  const dots = command.dots ?? 0;
  const counts = [[lines, "lines"], [dots, "dots"]] as const;
  for (let i = 0; i < counts.length; i++) {
    const v = counts[i][0], name = counts[i][1];
    if (!Number.isInteger(v) || v < 0 || v > 10_000) throw fail(`${name} ${String(v)}: a whole number from 0 to 10000`);
  }
  // ESC d n: print and feed n lines; ESC J n: print and feed n dots (n at most 255 each)
  for (let left = lines; left > 0; left -= 255) out.push(ESC, 0x64, Math.min(left, 255));
  for (let left = dots; left > 0; left -= 255) out.push(ESC, 0x4a, Math.min(left, 255));
  job.dotLines += lines * profile.lineSpacingDots + dots;
}

function checkImage(command: { width: number; height: number; bits: Uint8Array }, profile: PrinterProfile, fail: Fail): void {
  const width = command.width;
  const height = command.height;
  const bits = command.bits;
  if (!Number.isInteger(width) || width < 1 || width > profile.dotsPerLine) throw fail(`width ${String(width)}: 1 to ${profile.dotsPerLine} dots`);
  if (!Number.isInteger(height) || height < 1 || height > 65_535) throw fail(`height ${String(height)}: 1 to 65535 dots`);
  if (!(bits instanceof Uint8Array) || bits.length !== Math.ceil(width / 8) * height) throw fail(`bits must hold ${Math.ceil(width / 8) * height} bytes (rows of ${Math.ceil(width / 8)})`);
}

/** GS v 0 m xL xH yL yH d1...dk (raster bit image), in bands of at most maxRasterRows rows. */
function raster(out: ByteSink, width: number, height: number, bits: Uint8Array, profile: PrinterProfile, job: Tally): void {
  const rowBytes = Math.ceil(width / 8);
  for (let y = 0; y < height; y += profile.maxRasterRows) {
    const rows = Math.min(profile.maxRasterRows, height - y);
    out.push(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8);
    out.append(bits.subarray(y * rowBytes, (y + rows) * rowBytes));
  }
  job.dotLines += height;
}

function qr(command: { data: string; moduleSize?: number; ecc?: QrEcc; align?: Align }, out: ByteSink, state: State, profile: PrinterProfile, job: Tally, fail: Fail): void {
  if (typeof command.data !== "string" || command.data.length === 0) throw fail("QR data must be a non-empty string");
  const ecc = command.ecc ?? "M";
  const level = QR_LEVELS.indexOf(ecc);
  if (level < 0) throw fail(`QR error correction ${String(ecc)}: L, M, Q or H`);
  const requested = command.moduleSize ?? 4;
  if (!Number.isInteger(requested) || requested < 1 || requested > 16) throw fail(`QR module size ${String(requested)}: 1 to 16 dots`);
  const data = utf8Bytes(command.data);
  if (data.length > qrMaxBytes(ecc)) throw fail(`QR data of ${data.length} bytes: at most ${qrMaxBytes(ecc)} at level ${ecc}`);
  setAlign(out, state, command.align, fail);
  if (profile.qr) {
    const modules = qrVersionFor(data.length, ecc) * 4 + 17;
    const size = Math.max(1, Math.min(requested, Math.floor(profile.dotsPerLine / modules)));
    // GS ( k, cn 49: fn 65 model 2, fn 67 module size, fn 69 error correction, fn 80 store, fn 81 print
    out.push(GS, 0x28, 0x6b, 4, 0, 49, 65, 50, 0);
    out.push(GS, 0x28, 0x6b, 3, 0, 49, 67, size);
    out.push(GS, 0x28, 0x6b, 3, 0, 49, 69, 48 + level);
    const p = data.length + 3;
    out.push(GS, 0x28, 0x6b, p & 0xff, p >> 8, 49, 80, 48);
    out.append(data);
    out.push(GS, 0x28, 0x6b, 3, 0, 49, 81, 48);
    job.dotLines += modules * size;
    return;
  }
  const symbol = encodeQr(data, ecc);
  const quiet = 4; // ISO/IEC 18004 quiet zone, in modules
  const span = symbol.size + 2 * quiet;
  const size = Math.max(1, Math.min(requested, Math.floor(profile.dotsPerLine / span)));
  const width = span * size;
  const rowBytes = Math.ceil(width / 8);
  const bits = new Uint8Array(rowBytes * width);
  for (let r = 0; r < symbol.size; r++) {
    for (let c = 0; c < symbol.size; c++) {
      if (!symbol.modules[r * symbol.size + c]) continue;
      for (let dy = 0; dy < size; dy++) {
        const row = (r + quiet) * size + dy;
        for (let dx = 0; dx < size; dx++) {
          const x = (c + quiet) * size + dx;
          bits[row * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
        }
      }
    }
  }
  raster(out, width, width, bits, profile, job);
}

function cut(command: { partial?: boolean; feedDots?: number }, out: ByteSink, profile: PrinterProfile, job: Tally, fail: Fail): void {
  const n = command.feedDots ?? 0;
  if (!Number.isInteger(n) || n < 0 || n > 255) throw fail(`feed before the cut ${String(n)}: 0 to 255 dots`);
  if (profile.cutter === "none") {
    // no cutter: feed the last line past the tear bar
    out.push(ESC, 0x64, 4);
    job.dotLines += 4 * profile.lineSpacingDots;
    return;
  }
  const partial = command.partial !== false && profile.cutter === "partial";
  // GS V m n, function B: feed to the cutting position plus n dots, then cut (66 partial, 65 full)
  out.push(GS, 0x56, partial ? 66 : 65, n);
  job.dotLines += n;
  job.cuts++;
}
