/**
 * The printer's tables and glyphs as flash resources (manifest.json
 * `resources`): each is a `Resource` (a host buffer over the flash)
 * viewed by a Uint8Array, so no table is copied to RAM. The GB18030
 * tables for a Chinese model, the profile's code page, and for any other
 * model the receipt glyphs build/device/receipt-glyphs.bin holds (cut
 * from Unifont by tools/build.mjs; empty when the build machine had no
 * Unifont).
 */
import Resource from "Resource";
import type { Log } from "../../modules/core/ports.ts";
import { codePageFromBytes, type CodePage } from "../../modules/escpos/code-page.ts";
import { gbTableFromBytes, type GbTable } from "../../modules/escpos/gb-table.ts";
import type { PrinterProfile } from "../../modules/escpos/profile.ts";
import { glyphFontFromBytes, type GlyphFont } from "../../modules/receipt/glyph-font.ts";

const GLYPH_RESOURCE = "receipt-glyphs.bin";

/** What `PrinterReceipts` takes from flash for a profile. */
export interface PrinterResources {
  codePage: CodePage;
  gb?: GbTable;
  glyphs?: GlyphFont;
}

/** A flash resource's bytes, in place. */
function flash(name: string): Uint8Array {
  return new Uint8Array(new Resource(name));
}

/**
 * The glyphs in flash (manifest.json `resources`), cut from Unifont by
 * `npm run build`: the receipts' raster lines and the screen
 * (poco-display.ts) share them. An image built without Unifont has none
 * (a font of size 0).
 */
export function flashGlyphs(): GlyphFont & { readonly size: number } {
  return glyphFontFromBytes(Resource.exists(GLYPH_RESOURCE) ? flash(GLYPH_RESOURCE) : new Uint8Array(0));
}

/**
 * The tables and glyphs a profile prints with: the code page's table; on
 * a Chinese model the GB2312 region with GB18030's four-byte ranges; on
 * any other the receipt glyphs for its raster lines, when the image
 * carries some (the log says when it does not).
 */
export function printerResources(profile: PrinterProfile, log: Log): PrinterResources {
  const codePage = codePageFromBytes(profile.codePage, flash(`${profile.codePage}-table.bin`));
  if (profile.chinese) return { codePage, gb: gbTableFromBytes(flash("gb2312-table.bin"), flash("gb18030-ranges.bin")) };
  const glyphs = flashGlyphs();
  if (glyphs.size === 0) {
    log.write(`printer: no receipt glyphs in this image; what ${profile.codePage} lacks prints as ?`);
    return { codePage };
  }
  return { codePage, glyphs };
}
