/**
 * hosts/node/unifont.ts: the raster fallback's glyphs read at run time
 * from Debian's unifont package (`make test` installs it when missing).
 * The glyphs are checked against the installed file's own lines, decoded
 * here with Buffer, never against glyphs kept in the project.
 */
import test from "ava";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { isXsposError } from "../../modules/core/error.ts";
import { PROFILE_58MM } from "../../modules/escpos/profile.ts";
import { LABELS } from "../../modules/receipt/labels.ts";
import { rasterText } from "../../modules/receipt/raster-text.ts";
import { loadUnifont, UNIFONT_PATHS } from "../../hosts/node/unifont.ts";
import { MERCHANT } from "../modules/receipt/fixtures.ts";

/** The installed file, read here on its own (the package installs the plain .hex; a .gz is read too). */
const FILE = UNIFONT_PATHS.find((p) => existsSync(p)) ?? UNIFONT_PATHS[0];
const text = (FILE.endsWith(".gz") ? gunzipSync(readFileSync(FILE)) : readFileSync(FILE)).toString("latin1");

/** The line of a code point in the installed unifont.hex. */
function lineOf(cp: number): string {
  const key = `\n${cp.toString(16).toUpperCase().padStart(4, "0")}:`;
  const at = text.indexOf(key);
  if (at < 0) throw new Error(`no line for ${cp.toString(16)} in ${FILE}`);
  return text.slice(at + 1, text.indexOf("\n", at + 1));
}
const bytesOf = (line: string) => Uint8Array.from(Buffer.from(line.split(":")[1], "hex"));

const SAMPLE = { A: 0x41, yen: 0xa5, question: 0x3f, xiao: 0x6d88, fullwidthQuestion: 0xff1f };

test("loadUnifont reads Debian's unifont.hex: A, ¥, ? 8 dots wide, 消 and ？ 16, each the bytes of its line in the file", (t) => {
  const font = loadUnifont();
  for (const [name, cp] of Object.entries(SAMPLE)) t.deepEqual(font.glyph(cp), bytesOf(lineOf(cp)), name);
  t.is(font.glyph(SAMPLE.A)!.length, 16);
  t.is(font.glyph(SAMPLE.xiao)!.length, 32);
});

test("loadUnifont(codePoints) holds those glyphs and no other", (t) => {
  const font = loadUnifont([SAMPLE.A, SAMPLE.xiao]);
  t.deepEqual(font.glyph(SAMPLE.A), bytesOf(lineOf(SAMPLE.A)));
  t.deepEqual(font.glyph(SAMPLE.xiao), bytesOf(lineOf(SAMPLE.xiao)));
  t.is(font.glyph(0x42), undefined);
  t.is(font.glyph(SAMPLE.fullwidthQuestion), undefined);
});

test("the whole font draws every character of the Chinese labels and of the test merchant's name and address: nothing replaced", (t) => {
  const font = loadUnifont();
  const texts = [...Object.values(LABELS).map((l) => l.zh), MERCHANT.name, ...MERCHANT.address];
  for (const line of texts) t.is(rasterText(line, font, PROFILE_58MM.fontA, { lineHeight: 30 }).replaced, 0, line);
});

test("a gzipped .hex is read as the plain one (node:zlib)", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-unifont-"));
  try {
    const gz = join(dir, "unifont.hex.gz");
    writeFileSync(gz, gzipSync(`${lineOf(SAMPLE.A)}\n${lineOf(SAMPLE.xiao)}\n`));
    const font = loadUnifont(undefined, { paths: [join(dir, "missing.hex"), gz] });
    t.deepEqual(font.glyph(SAMPLE.A), bytesOf(lineOf(SAMPLE.A)), "the second path, the first missing");
    t.deepEqual(font.glyph(SAMPLE.xiao), bytesOf(lineOf(SAMPLE.xiao)));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("RECEIPT_GLYPHS when no file exists, saying to apt-get install unifont; for a .gz that is not gzip and a file without .hex lines", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-unifont-"));
  try {
    const missing = t.throws(() => loadUnifont(undefined, { paths: [join(dir, "unifont.hex"), join(dir, "unifont.hex.gz")] }));
    t.true(isXsposError(missing, "RECEIPT_GLYPHS"));
    t.regex(missing!.message, /apt-get install unifont/);
    writeFileSync(join(dir, "bad.hex.gz"), lineOf(SAMPLE.A));
    const notGzip = t.throws(() => loadUnifont(undefined, { paths: [join(dir, "bad.hex.gz")] }));
    t.true(isXsposError(notGzip, "RECEIPT_GLYPHS"));
    t.regex(notGzip!.message, /not gzip/);
    writeFileSync(join(dir, "empty.hex"), "no glyphs here\n");
    t.true(isXsposError(t.throws(() => loadUnifont(undefined, { paths: [join(dir, "empty.hex")] })), "RECEIPT_GLYPHS"));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
