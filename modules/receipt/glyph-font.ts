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
