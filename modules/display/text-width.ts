/**
 * Display width of text, in columns of the narrow font.
 *
 * The displays this firmware drives have two fixed-width fonts: a narrow
 * one (8×16 dots) holding printable ASCII and a wide one (16×16), GB2312
 * style, holding everything else. So a character is one column when it is
 * printable ASCII and two otherwise: every East Asian Wide or Fullwidth
 * character of UAX #11, and also the ambiguous ones (Greek, Cyrillic, ×,
 * €), which a GB2312 font draws full width. Width is counted per code
 * point, so a character outside the BMP (a surrogate pair) is one wide
 * character, not two.
 */

/** Columns taken by one code point: 1 for printable ASCII, 2 for anything else. */
export function charWidth(codePoint: number): 1 | 2 {
  return codePoint >= 0x20 && codePoint <= 0x7e ? 1 : 2;
}

/** Code units the code point takes in a string: 2 for a surrogate pair. */
function unitsOf(codePoint: number): 1 | 2 {
  return codePoint > 0xffff ? 2 : 1;
}

/** Columns taken by `text`. */
export function textWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    width += charWidth(cp);
    i += unitsOf(cp);
  }
  return width;
}

/**
 * True when `text` holds a control character (C0, DEL, C1) or a line or
 * paragraph separator, which no display row can show.
 */
export function hasControl(text: string): boolean {
  // all of them are in the BMP: code units are enough
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/**
 * The longest start of `text` that fits in `columns`, and the rest. A wide
 * character that would straddle the limit goes whole to the rest: no
 * character is ever split.
 */
export function splitAtWidth(text: string, columns: number): [head: string, rest: string] {
  let width = 0;
  let end = 0;
  while (end < text.length) {
    const cp = text.codePointAt(end)!;
    const w = charWidth(cp);
    if (width + w > columns) break;
    width += w;
    end += unitsOf(cp);
  }
  return [text.slice(0, end), text.slice(end)];
}
