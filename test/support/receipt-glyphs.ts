/**
 * The glyphs the host tests print a printer's raster fallback with, and
 * read its raster lines back against: GNU Unifont from Debian's unifont
 * package (hosts/node/unifont.ts), cut to what a receipt needs, as a
 * device's flash resource would be. The characters: printable ASCII,
 * Latin-1, the upper half of code page 437, the currency symbols of
 * modules/terminal, a few full-width forms and punctuation, and every
 * character of the Chinese labels. A merchant's own Chinese name is
 * mostly outside the set: the tests see it drawn with `？`.
 */
import { PC437_HIGH } from "../../modules/escpos/pc437-table.ts";
import type { GlyphFont } from "../../modules/receipt/glyph-font.ts";
import { LABELS } from "../../modules/receipt/labels.ts";
import { CURRENCIES } from "../../modules/terminal/currency.ts";
import { loadUnifont } from "../../hosts/node/unifont.ts";

/** Full-width forms, the replacement characters, and punctuation a Chinese address or name often holds. */
const EXTRA = "？￥￡￠￢￦！（），．：；、。“”‘’《》【】·—…￼�□";

function receiptCharacters(): number[] {
  const set = new Set<number>();
  const add = (text: string) => {
    for (const ch of text) set.add(ch.codePointAt(0)!);
  };
  for (let cp = 0x20; cp < 0x7f; cp++) set.add(cp);
  for (let cp = 0xa0; cp <= 0xff; cp++) set.add(cp);
  add(PC437_HIGH);
  for (const c of Object.values(CURRENCIES)) add(c.symbol);
  add(EXTRA);
  for (const label of Object.values(LABELS)) add(label.zh);
  return [...set].sort((a, b) => a - b);
}

/** The code points of the set, ascending. */
export const RECEIPT_CHARACTERS: readonly number[] = receiptCharacters();

let font: GlyphFont | undefined;

/** Unifont's glyphs of {@link RECEIPT_CHARACTERS}, read once. */
export function receiptGlyphs(): GlyphFont {
  font ??= loadUnifont(RECEIPT_CHARACTERS);
  return font;
}
