import { isCodePageName, type CodePageName } from "./code-page.ts";
import { EscPosError } from "./error.ts";

/** A character font of the printer: cell size in dots. */
export interface FontCell {
  width: number;
  height: number;
}

/**
 * What the driver and the encoder need to know about one printer model.
 * The two stock profiles are {@link PROFILE_58MM} and {@link PROFILE_80MM};
 * {@link printerProfile} derives one with changes.
 */
export interface PrinterProfile {
  /** paper roll width */
  paperWidthMm: 58 | 80;
  /** printable dots a line (48 mm or 72 mm at 8 dots/mm) */
  dotsPerLine: number;
  /** head resolution, dots per mm (203 dpi heads: 8) */
  dotsPerMm: number;
  /** font A (12 × 24) and font B (9 × 17) */
  fontA: FontCell;
  fontB: FontCell;
  /** default line spacing (ESC 2), in dots */
  lineSpacingDots: number;
  /**
   * the character code table single-byte text goes out in, selected with
   * ESC t n at the start of each job: `cp437` (n 0), `cp858` (n 19, with €)
   * or `cp866` (n 17, Cyrillic)
   */
  codePage: CodePageName;
  /** a Chinese model: GB18030 in Kanji mode (FS & on, FS . off) */
  chinese: boolean;
  /** Kanji mode is on after power-on and ESC @ (Chinese models usually) */
  kanjiByDefault: boolean;
  /** prints QR codes itself (GS ( k); otherwise the encoder sends them as raster images */
  qr: boolean;
  /** what GS V does on this model */
  cutter: "partial" | "full" | "none";
  /** XON/XOFF (the printer sends 13h when its buffer fills, 11h when it empties), RTS/CTS, or none */
  flowControl: "xon-xoff" | "hardware" | "none";
  /** understands DLE DC4 fn=8 (clear buffers, answered 37 25 00) */
  clearBuffers: boolean;
  /** UART speed, bit/s (8N1: 10 bits a byte) */
  baud: number;
  /** paper speed while printing, mm/s */
  speedMmPerS: number;
  /** time the cutter takes, ms */
  cutMs: number;
  /** the driver sends a job in chunks of about this many bytes, a status query after each */
  chunkBytes: number;
  /** the tallest raster command the encoder sends (taller images go in bands) */
  maxRasterRows: number;
}

const COMMON = {
  dotsPerMm: 8,
  fontA: { width: 12, height: 24 },
  fontB: { width: 9, height: 17 },
  lineSpacingDots: 30,
  codePage: "cp437",
  chinese: false,
  kanjiByDefault: false,
  qr: true,
  cutter: "partial",
  flowControl: "xon-xoff",
  clearBuffers: true,
  baud: 115_200,
  speedMmPerS: 80,
  cutMs: 400,
  chunkBytes: 256,
  maxRasterRows: 48,
} as const;

/** 58 mm paper: 384 dots, 32 characters of font A, 42 of font B. */
export const PROFILE_58MM: PrinterProfile = Object.freeze({ ...COMMON, paperWidthMm: 58, dotsPerLine: 384 });

/** 80 mm paper: 576 dots, 48 characters of font A, 64 of font B. */
export const PROFILE_80MM: PrinterProfile = Object.freeze({ ...COMMON, paperWidthMm: 80, dotsPerLine: 576 });

/**
 * A stock profile with changes (a Chinese model, no QR, another speed...).
 * @throws EscPosError `PRINTER_PROFILE` for values the driver cannot work with
 */
export function printerProfile(width: 58 | 80, changes: Partial<PrinterProfile> = {}): PrinterProfile {
  const base = width === 58 ? PROFILE_58MM : width === 80 ? PROFILE_80MM : undefined;
  if (!base) throw new EscPosError("PRINTER_PROFILE", `paper width ${String(width)} mm: 58 or 80`);
  const p = { ...base, ...changes };
  checkProfile(p);
  return Object.freeze(p);
}

/** @throws EscPosError `PRINTER_PROFILE` */
export function checkProfile(p: PrinterProfile): void {
  const positive = (name: keyof PrinterProfile) => {
    const v = p[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new EscPosError("PRINTER_PROFILE", `profile ${name} must be a positive number`);
  };
  const positiveFields = ["dotsPerLine", "dotsPerMm", "lineSpacingDots", "baud", "speedMmPerS", "chunkBytes", "maxRasterRows"] as const;
  for (let i = 0; i < positiveFields.length; i++) {
    const k = positiveFields[i];
    positive(k);
  }
  if (p.dotsPerLine % 8 !== 0 || p.dotsPerLine > 65535 * 8) throw new EscPosError("PRINTER_PROFILE", "profile dotsPerLine must be a multiple of 8");
  if (p.maxRasterRows > 2303) throw new EscPosError("PRINTER_PROFILE", "profile maxRasterRows is at most 2303 (GS v 0)");
  if (!isCodePageName(p.codePage)) throw new EscPosError("PRINTER_PROFILE", "profile codePage must be cp437, cp858 or cp866");
  if (p.lineSpacingDots > 255) throw new EscPosError("PRINTER_PROFILE", "profile lineSpacingDots is at most 255 (ESC 3)");
}

/** Characters a line holds in a font at normal width (32/42 on 58 mm, 48/64 on 80 mm). */
export function charsPerLine(p: PrinterProfile, font: "A" | "B"): number {
  return Math.floor(p.dotsPerLine / (font === "A" ? p.fontA : p.fontB).width);
}
