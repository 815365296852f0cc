/**
 * The device's receipt glyphs, cut at build time from Debian's unifont
 * (tools/cut-glyphs.ts): every character the set names is in the records
 * with Unifont's own glyph, and the labels' Chinese is among them.
 */
import test from "ava";
import { glyphFontFromBytes } from "../../modules/receipt/glyph-font.ts";
import { LABELS } from "../../modules/receipt/labels.ts";
import { loadUnifont } from "../../hosts/node/unifont.ts";
import { deviceReceiptCharacters, glyphRecords } from "../../tools/cut-glyphs.ts";

test("the cut holds each character of the set with Unifont's glyph, read back by glyphFontFromBytes", (t) => {
  const characters = deviceReceiptCharacters();
  const unifont = loadUnifont(characters);
  const font = glyphFontFromBytes(glyphRecords(unifont, characters));
  t.is(font.size, characters.filter((cp) => unifont.glyph(cp)).length);
  for (const cp of characters) t.deepEqual(font.glyph(cp), unifont.glyph(cp), `U+${cp.toString(16)}`);
  for (const ch of LABELS.settlementReport.zh + LABELS.agreement.zh + "€₩") t.truthy(font.glyph(ch.codePointAt(0)!), ch);
});
