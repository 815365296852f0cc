/**
 * The board's screen (hosts/esp32 screen-geometry.ts, poco-display.ts):
 * every sample message, in each language mode, laid out by modules/display
 * on SCREEN_GEOMETRY and placed in glyph cells of the device's cut of
 * Unifont, fits the 320 px LCD without a cut and without a replacement
 * for what the catalogues wrote.
 */
import test from "ava";
import { gridOf } from "../../modules/display/geometry.ts";
import { renderLines } from "../../modules/display/render.ts";
import { glyphFontFromBytes } from "../../modules/receipt/glyph-font.ts";
import { layoutGlyphLine } from "../../modules/receipt/glyph-line.ts";
import { loadUnifont } from "../../hosts/node/unifont.ts";
import { LINE_PX, SCREEN_GEOMETRY } from "../../hosts/esp32/screen-geometry.ts";
import { deviceReceiptCharacters, glyphRecords } from "../../tools/cut-glyphs.ts";
import { ALL_SAMPLES } from "../modules/display/samples.ts";

const characters = deviceReceiptCharacters();
const font = glyphFontFromBytes(glyphRecords(loadUnifont(characters), characters));

test("the screen is 40 narrow columns (20 Chinese characters) by 10 rows of 24 px", (t) => {
  t.deepEqual(gridOf(SCREEN_GEOMETRY), { rows: 10, columns: 40 });
  t.is(LINE_PX * 10, SCREEN_GEOMETRY.heightPx);
});

test("every sample in en, zh, zh+en and en+zh: each row in glyph cells ends within 320 px, uncut, at the columns modules/display gave it", (t) => {
  let rows = 0;
  for (const message of ALL_SAMPLES) {
    // a card's label may hold characters the cut lacks (drawn as ？): only the catalogue's own text must have glyphs
    const argumentText = JSON.stringify({ ...message, id: "" });
    for (const mode of ["en", "zh", "zh+en", "en+zh"] as const) {
      for (const page of renderLines(message, mode, SCREEN_GEOMETRY)) {
        t.true(page.length <= 10, `${message.id} ${mode}: ${page.length} rows`);
        for (const row of page) {
          rows++;
          const line = layoutGlyphLine(row, font, SCREEN_GEOMETRY.widthPx);
          t.false(line.cut, `${message.id} ${mode}: ${row}`);
          // modules/display counts columns of 8 px: the glyph cells are the same columns
          let columns = 0;
          for (const ch of row) columns += ch.codePointAt(0)! <= 0x7e ? 1 : 2;
          t.is(line.width, columns * 8, `${message.id} ${mode}: ${row}`);
          const replaced = line.glyphs.filter((g) => g.replaced && !argumentText.includes(String.fromCodePoint(g.codePoint)));
          t.deepEqual(replaced.map((g) => String.fromCodePoint(g.codePoint)), [], `${message.id} ${mode}: ${row}`);
        }
      }
    }
  }
  t.true(rows > 1000);
});
