/**
 * The glyph font of the receipt's raster fallback on a desktop host: GNU
 * Unifont as Debian's `unifont` package installs it. The project ships
 * no glyphs; this reads them at run time (`apt-get install unifont`).
 * Debian's package is GPL-2+ with the GNU font embedding exception.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { ReceiptError } from "../../modules/receipt/error.ts";
import { glyphFontFromHex, type GlyphFont } from "../../modules/receipt/glyph-font.ts";

/**
 * Where the package puts the font, in the order they are tried:
 * 1:15.0.01 installs the plain .hex; a gzipped one is read as well.
 */
export const UNIFONT_PATHS: readonly string[] = ["/usr/share/unifont/unifont.hex", "/usr/share/unifont/unifont.hex.gz"];

/** Options of {@link loadUnifont}. */
export interface LoadUnifontOptions {
  /** files to try instead of {@link UNIFONT_PATHS}, the first that exists read (`.gz` gunzipped) */
  paths?: readonly string[];
}

/**
 * GNU Unifont's glyphs as the receipt module's {@link GlyphFont}: all of
 * them (some 57 000, a few MB of memory), or only `codePoints`.
 *
 * @throws ReceiptError `RECEIPT_GLYPHS` when no file exists (the message
 *   says to `apt-get install unifont`), or the file cannot be read, is not
 *   gzip data though named `.gz`, or holds no .hex line
 */
export function loadUnifont(codePoints?: Iterable<number>, options: LoadUnifontOptions = {}): GlyphFont {
  const paths = options.paths ?? UNIFONT_PATHS;
  const { path, bytes } = readFirst(paths);
  let text: string;
  try {
    text = (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("latin1");
  } catch {
    throw new ReceiptError("RECEIPT_GLYPHS", `${path} is not gzip data`);
  }
  const wanted = codePoints ? new Set(codePoints) : undefined;
  const lines: string[] = [];
  let seen = 0;
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 1) continue;
    seen++;
    // filtered before parsing: a few glyphs out of the whole font cost a few hundred Uint8Arrays, not 57 000
    if (!wanted || wanted.has(parseInt(line.slice(0, colon), 16))) lines.push(line);
  }
  if (seen === 0) throw new ReceiptError("RECEIPT_GLYPHS", `${path} holds no .hex glyph line`);
  return glyphFontFromHex(lines);
}

function readFirst(paths: readonly string[]): { path: string; bytes: Buffer } {
  for (const path of paths) {
    try {
      return { path, bytes: readFileSync(path) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new ReceiptError("RECEIPT_GLYPHS", `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? "error"})`);
    }
  }
  throw new ReceiptError("RECEIPT_GLYPHS", `GNU Unifont not found at ${paths.join(" or ")}: install Debian's unifont package (apt-get install unifont)`);
}
