/**
 * The receipt glyphs as a device keeps them in flash: fixed records of
 * 36 bytes (code point, width, glyph) read in place by glyphFontFromBytes.
 */
import test from "ava";
import { glyphFontFromBytes, GLYPH_RECORD_BYTES } from "../../../modules/receipt/glyph-font.ts";

/** Three records built by hand: "A" (8 dots), "中" (16 dots), U+20000 (16 dots), ascending. */
function records(): Uint8Array {
  const out = new Uint8Array(3 * GLYPH_RECORD_BYTES);
  const put = (i: number, cp: number, wide: number, fill: number) => {
    const at = i * GLYPH_RECORD_BYTES;
    out.set([cp >> 16, (cp >> 8) & 0xff, cp & 0xff, wide], at);
    out.fill(fill, at + 4, at + 4 + 16 * wide);
  };
  put(0, 0x41, 1, 0x18);
  put(1, 0x4e2d, 2, 0x81);
  put(2, 0x20000, 2, 0xff);
  return out;
}

test("glyphFontFromBytes: each code point's glyph as a view of its record, 16 bytes for 8 dots and 32 for 16; other code points none", (t) => {
  const bytes = records();
  const font = glyphFontFromBytes(bytes);
  t.is(font.size, 3);
  const a = font.glyph(0x41)!;
  t.is(a.length, 16);
  t.true(a.every((b) => b === 0x18));
  t.is(a.buffer, bytes.buffer, "not copied");
  t.is(font.glyph(0x4e2d)!.length, 32);
  t.true(font.glyph(0x20000)!.every((b) => b === 0xff));
  for (const cp of [0x40, 0x42, 0x4e2c, 0x1ffff, 0x20001, -1]) t.is(font.glyph(cp), undefined, cp.toString(16));
});

test("glyphFontFromBytes: an empty resource has no glyph; a record of another width is no glyph", (t) => {
  t.is(glyphFontFromBytes(new Uint8Array(0)).glyph(0x41), undefined);
  const bytes = records();
  bytes[3] = 3;
  t.is(glyphFontFromBytes(bytes).glyph(0x41), undefined);
});
