/**
 * Bitmap glyphs for text a printer has no font for (Chinese on a model
 * without one): 16 rows, 8 or 16 dots wide, in the line format of GNU
 * Unifont's .hex files ("4E2D:0100...", code point, colon, the rows in
 * hex, most significant bit leftmost). The project ships no glyphs: the
 * host passes a font (hosts/node `loadUnifont` reads Debian's unifont
 * package on a desktop; on the device, a resource in flash).
 */
export interface GlyphFont {
  /** The glyph of a code point: 16 bytes (8 dots wide) or 32 (16 wide), rows in order; undefined when the font has none. */
  glyph(codePoint: number): Uint8Array | undefined;
}

/** A .hex line: up to 6 hex digits of code point, a colon, 32 or 64 hex digits. */
const HEX_LINE = /^([0-9A-Fa-f]{1,6}):([0-9A-Fa-f]{32}|[0-9A-Fa-f]{64})$/;

/**
 * A font over .hex lines (any .hex font: Unifont, a subset of it, or
 * glyphs drawn by hand). Surrounding white space is ignored; lines that
 * are not a code point and 32 or 64 hex digits are skipped. A code point
 * given twice keeps its last glyph.
 */
export function glyphFontFromHex(lines: Iterable<string>): GlyphFont {
  const glyphs = new Map<number, Uint8Array>();
  for (const line of lines) {
    const m = HEX_LINE.exec(line.trim());
    if (!m) continue;
    const digits = m[2];
    const bits = new Uint8Array(digits.length / 2);
    for (let i = 0; i < bits.length; i++) bits[i] = parseInt(digits.slice(i * 2, i * 2 + 2), 16);
    glyphs.set(parseInt(m[1], 16), bits);
  }
  return { glyph: (cp) => glyphs.get(cp) };
}

/** Bytes of one record of {@link glyphFontFromBytes}: code point (3), width (1), glyph (32). */
export const GLYPH_RECORD_BYTES = 36;

/**
 * A font over its stored bytes, as tools/cut-glyphs.ts writes
 * `receipt-glyphs.bin` at build time: records of 36 bytes sorted by code
 * point, each the code point (3 bytes, big-endian), the glyph's width in
 * bytes a row (1: 8 dots, 16 bytes; 2: 16 dots, 32 bytes) and the glyph
 * (a narrow one followed by 16 zeros). The bytes are not copied: the
 * device passes a view of a flash resource, and each glyph is a view of
 * its record. A record whose width is neither 1 nor 2 is no glyph.
 */
export function glyphFontFromBytes(bytes: Uint8Array): GlyphFont & { readonly size: number } {
  const size = Math.floor(bytes.length / GLYPH_RECORD_BYTES);
  return {
    size,
    glyph(codePoint: number): Uint8Array | undefined {
      let lo = 0;
      let hi = size - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const at = mid * GLYPH_RECORD_BYTES;
        const cp = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
        if (cp === codePoint) {
          const wide = bytes[at + 3];
          return wide === 1 || wide === 2 ? bytes.subarray(at + 4, at + 4 + 16 * wide) : undefined;
        }
        if (cp < codePoint) lo = mid + 1;
        else hi = mid - 1;
      }
      return undefined;
    },
  };
}
