/**
 * The board's screen drawing (poco-display.ts) checked in the Moddable
 * simulator, which has no ILI9341: `PocoDisplay` draws into a commodetto
 * `BufferOut` of 320×240 given as its `screen`, with the build's
 * `receipt-glyphs.bin` as its resource (lcd-check/manifest.json); the
 * frame is read back and each pixel compared with what the glyph bits
 * `layoutGlyphLine` places say it should be. Traces the screen's lines,
 * the first rows as text art, and `lcd-check: pass` (or `fail`, with the
 * count of pixels that differ). README.md, "What has been run".
 */
import Bitmap from "commodetto/Bitmap";
import BufferOut from "commodetto/BufferOut";
import Resource from "Resource";
import { renderLines } from "../../modules/display/render.ts";
import { glyphFontFromBytes } from "../../modules/receipt/glyph-font.ts";
import { GLYPH_ROWS, layoutGlyphLine } from "../../modules/receipt/glyph-line.ts";
import { PocoDisplay } from "./poco-display.ts";
import { LINE_PX, SCREEN_GEOMETRY } from "./screen-geometry.ts";

const { widthPx: W, heightPx: H } = SCREEN_GEOMETRY;
const out = new BufferOut({ width: W, height: H, pixelFormat: Bitmap.RGB565LE });
// PocoDisplay draws on the global `screen`, as the board's set-up makes it
(globalThis as unknown as { screen: unknown }).screen = out;
const display = new PocoDisplay();

const money = { minor: 1250, currency: { code: "CNY", exponent: 2 } };
const lines = [
  ...renderLines({ id: "ENTER_PIN", amount: money, digits: 4 }, "zh+en", SCREEN_GEOMETRY)[0],
  // a narrow glyph (€) in a wide cell, a character the glyphs lack (한), 45 narrow glyphs cut at 40
  "中€A한",
  "X".repeat(45),
];
trace(`lcd-check: glyphs ${display.hasGlyphs ? "present" : "absent"}; lines ${JSON.stringify(lines)}\n`);
display.show(lines);

// what should be lit: the glyph bits where the layout places them, 4 rows into each 24 px row
const font = glyphFontFromBytes(new Uint8Array(new Resource("receipt-glyphs.bin")));
const top = (LINE_PX - GLYPH_ROWS) >> 1;
const expected = new Uint8Array(W * H);
for (let i = 0; i < lines.length; i++) {
  const glyphs = layoutGlyphLine(lines[i], font, W).glyphs;
  for (let j = 0; j < glyphs.length; j++) {
    const g = glyphs[j];
    const rowBytes = g.dots >> 3;
    for (let r = 0; r < GLYPH_ROWS; r++) {
      for (let c = 0; c < g.dots; c++) {
        if ((g.glyph[r * rowBytes + (c >> 3)] >> (7 - (c & 7))) & 1) expected[(i * LINE_PX + top + r) * W + g.glyphX + c] = 1;
      }
    }
  }
}
const pixels = new Uint16Array(out.bitmap.buffer);
let lit = 0;
let differ = 0;
for (let k = 0; k < W * H; k++) {
  // white is 0xFFFF and black 0 in RGB565; anything else is neither, so differs
  const on = pixels[k] === 0xffff ? 1 : pixels[k] === 0 ? 0 : 2;
  if (on === 1) lit++;
  if (on !== expected[k]) differ++;
}
for (let y = 0; y < 2 * LINE_PX; y++) {
  let row = "";
  for (let x = 0; x < 160; x++) row += pixels[y * W + x] ? "#" : ".";
  trace(`${row}\n`);
}
trace(`lcd-check: ${lit} pixels lit, ${differ} differ from the glyphs' placement\n`);
trace(`lcd-check: ${differ === 0 && lit > 0 ? "pass" : "fail"}\n`);
