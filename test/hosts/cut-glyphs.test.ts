/**
 * The device's receipt and screen glyphs, cut at build time from Debian's
 * unifont (tools/cut-glyphs.ts): every character the set names is in the
 * records with Unifont's own glyph, the labels' Chinese is among them,
 * and so is every character the Chinese display catalogue can show.
 */
import { readFileSync } from "node:fs";
import test from "ava";
import { renderLines } from "../../modules/display/render.ts";
import { glyphFontFromBytes } from "../../modules/receipt/glyph-font.ts";
import { LABELS } from "../../modules/receipt/labels.ts";
import { loadUnifont } from "../../hosts/node/unifont.ts";
import { SCREEN_GEOMETRY } from "../../hosts/esp32/screen-geometry.ts";
import { deviceReceiptCharacters, glyphRecords, literalText } from "../../tools/cut-glyphs.ts";
import { ALL_SAMPLES } from "../modules/display/samples.ts";

const characters = deviceReceiptCharacters();
const unifont = loadUnifont(characters);
const cut = glyphFontFromBytes(glyphRecords(unifont, characters));

/** Characters of `text` the cut has no glyph for, each once. */
function uncut(text: string): string[] {
  return [...new Set([...text].filter((ch) => !cut.glyph(ch.codePointAt(0)!)))];
}

test("the cut holds each character of the set with Unifont's glyph, read back by glyphFontFromBytes", (t) => {
  t.is(cut.size, characters.filter((cp) => unifont.glyph(cp)).length);
  for (const cp of characters) t.deepEqual(cut.glyph(cp), unifont.glyph(cp), `U+${cp.toString(16)}`);
  for (const ch of LABELS.settlementReport.zh + LABELS.agreement.zh + "€₩") t.truthy(cut.glyph(ch.codePointAt(0)!), ch);
});

test("every character of catalogue-zh.ts outside its comments has a glyph in the cut", (t) => {
  const source = readFileSync(new URL("../../modules/display/catalogue-zh.ts", import.meta.url), "utf8");
  // comments out (the file's strings hold no // or /*): what is left is code and the catalogue's text
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  t.true(code.includes("请刷卡或插卡"), "the catalogue's text is still there");
  t.deepEqual(uncut(code.replace(/\s/g, "")), [], "white space aside (line breaks are not drawn)");
});

test("every sample message rendered in Chinese and bilingual, at 2×16, 4×20 and the board's screen, has a glyph for each character the catalogue wrote", (t) => {
  let rows = 0;
  for (const message of ALL_SAMPLES) {
    // what the arguments bring (a card's application label, a keyed value) is the card's text, not the catalogue's
    const argumentText = JSON.stringify({ ...message, id: "" });
    for (const mode of ["zh", "zh+en"] as const) {
      for (const geometry of [{ kind: "character", rows: 2, columns: 16 } as const, { kind: "character", rows: 4, columns: 20 } as const, SCREEN_GEOMETRY]) {
        for (const page of renderLines(message, mode, geometry)) {
          for (const row of page) {
            rows++;
            t.deepEqual(uncut([...row].filter((ch) => !argumentText.includes(ch)).join("")), [], `${message.id} ${mode}: ${row}`);
          }
        }
      }
    }
  }
  t.true(rows > 1000);
});

test("literalText takes the strings and the fixed parts of templates, not the comments nor the code", (t) => {
  t.is(literalText('// 注释\n/** 说明 */\nconst a = "请插卡";\nconst b = (n: number) => `还可输入${n}次`;\n'), "请插卡还可输入次");
});
