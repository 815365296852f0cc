import test from "ava";
import fc from "fast-check";
import iconv from "iconv-lite";
import { isXsposError } from "../../modules/core/error.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { encodeEscPos, type PrintCommand, type TextStyle } from "../../modules/escpos/escpos-encoder.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile, PROFILE_58MM } from "../../modules/escpos/profile.ts";
import { interpretEscPos, paperToSvg, type Paper, type PaperItem } from "../../hosts/escpos-paper/index.ts";

const gb = loadGbTable();
const paper80 = (hex: string, chinese = false) => interpretEscPos(fromHex(hex), { width: 80, chinese });
const texts = (paper: Paper) => paper.items.filter((i) => i.type === "text").map((i) => (i as { text: string }).text);

// Byte sequences built by hand from the Epson ESC/POS Command Reference, independently of the encoder.

test("ESC a 1, ESC E 1, text, LF: a centred bold line (ESC a, ESC E, LF pages)", (t) => {
  const p = paper80("1B40" + "1B6101" + "1B4501" + "544F54414C" + "0A");
  t.is(p.items.length, 1);
  const line = p.items[0] as Extract<PaperItem, { type: "text" }>;
  t.like(line, { type: "text", text: "TOTAL", align: "center", y: 0, height: 24 });
  t.like(line.spans[0], { bold: true, font: "A", x: (576 - 5 * 12) / 2, width: 60 });
  t.is(p.height, 30, "the default line spacing");
});

test("GB18030 in Kanji mode (FS &): D6 D0 CE C4 is 中文; four-byte 81 30 81 30 is U+0080, 95 32 82 36 is U+20000", (t) => {
  // GB 2312 row/cell 5448 and 4636 (Unihan kGB0) + A0A0; GB 18030-2005: the four-byte area starts
  // at 81 30 81 30 = U+0080 and the supplementary planes at 90 30 81 30 = U+10000, so U+20000 = 95 32 82 36
  t.deepEqual(texts(paper80("1C26" + "D6D0CEC4" + "0A" + "81308130" + "95328236" + "0A")), ["中文", "\u0080\u{20000}"]);
  t.deepEqual(texts(paper80("D6D00A", true)), ["中"], "a Chinese model starts in Kanji mode");
  t.deepEqual(texts(paper80("1C2E" + "8283" + "0A", true)), ["éâ"], "FS . back to code page 437");
});

test("code page 437 (ESC t 0): 82 is é, 9C is £, AB is ½ (IBM code page 437 chart)", (t) => {
  t.deepEqual(texts(paper80("1B7400" + "829CAB" + "0A")), ["é£½"]);
});

test("GS ! 11h doubles width and height; GS B 1 inverts; ESC - 2 underlines; ESC M 1 selects font B", (t) => {
  const p = paper80("1D2111" + "41" + "1D2100" + "1D4201" + "1B2D02" + "1B4D01" + "42" + "0A");
  const line = p.items[0] as Extract<PaperItem, { type: "text" }>;
  t.is(line.height, 48);
  t.like(line.spans[0], { text: "A", scaleX: 2, scaleY: 2, width: 24, height: 48 });
  t.like(line.spans[1], { text: "B", font: "B", invert: true, underline: 2, width: 9, height: 17 });
});

test("GS v 0 (raster bit image): 1 byte × 2 rows", (t) => {
  // GS v 0 m xL xH yL yH d1 d2: m 0, x 1 byte, y 2 rows
  const p = paper80("1D7630" + "00" + "0100" + "0200" + "F00F");
  t.like(p.items[0], { type: "image", width: 8, height: 2, rowBytes: 1, rows: 2, bits: Buffer.from([0xf0, 0x0f]).toString("base64") });
  t.is(p.height, 2);
});

test("GS ( k: QR model 2, size 5, level M, store \"ABC\", print (functions 165, 167, 169, 180, 181)", (t) => {
  const p = paper80("1D286B0400314132001D286B03003143051D286B03003145311D286B06003150304142431D286B0300315130");
  t.like(p.items[0], { type: "qr", data: "ABC", model: 2, moduleSize: 5, ecc: "M", version: 1, size: 21 * 5 });
});

test("GS V cuts: 0 and 48 full, 1 and 49 partial, 66 n partial after n dots", (t) => {
  const cuts = paper80("1D5600" + "1D5630" + "1D5601" + "1D5631" + "1D564214").items;
  t.deepEqual(cuts.map((c) => (c as { partial: boolean }).partial), [false, false, true, true, true]);
  t.is((cuts[4] as { y: number }).y, 20);
});

test("feeds: ESC d 3 is three line spacings, ESC J 10 ten dots, ESC 3 n sets the spacing", (t) => {
  t.is(paper80("1B6403").height, 90);
  t.is(paper80("1B4A0A").height, 10);
  t.is(paper80("1B3340" + "0A0A").height, 128);
});

test("a line longer than the paper wraps", (t) => {
  t.deepEqual(texts(paper80(Buffer.from("x".repeat(50)).toString("hex") + "0A")), ["x".repeat(48), "xx"]);
});

test("what it cannot read is listed with its offset: an unknown ESC, a stray control byte, a command cut short, text never fed", (t) => {
  const p = paper80("41" + "1B07" + "0A" + "01" + "42" + "1D76300010");
  t.deepEqual(
    p.problems.map(({ offset, code, command }) => ({ offset, code, command })),
    [
      { offset: 1, code: "ESCPOS_UNKNOWN", command: "ESC 07" },
      { offset: 4, code: "ESCPOS_UNKNOWN", command: "byte 01" },
      { offset: 6, code: "ESCPOS_TRUNCATED", command: "the stream ends inside a command" },
      { offset: 5, code: "ESCPOS_UNPRINTED", command: "B" },
    ],
  );
  t.deepEqual(texts(p), ["A"]);
});

test("real-time commands (DLE EOT, DLE DC4) are listed and print nothing", (t) => {
  const p = paper80("100401" + "41" + "10140801031401060208" + "0A");
  t.deepEqual(p.realtime, [{ offset: 0, command: "DLE EOT" }, { offset: 4, command: "DLE DC4" }]);
  t.deepEqual(texts(p), ["A"]);
});

test("bad options are EscPosPaperError, not a crash", (t) => {
  t.true(isXsposError(t.throws(() => interpretEscPos(new Uint8Array(1), { width: 76 as 80 })), "ESCPOS_OPTIONS"));
  t.true(isXsposError(t.throws(() => interpretEscPos("1B40" as unknown as Uint8Array, { width: 80 })), "ESCPOS_INPUT"));
});

// Round trips: the encoder's bytes read back by the interpreter.

const CHINESE = printerProfile(80, { chinese: true });

test("round trip: styled and aligned lines, Chinese through GB18030, a cut", (t) => {
  const bytes = encodeEscPos(
    [
      { type: "text", text: "商店 XSPOS", align: "center", style: { bold: true, width: 2, height: 2 } },
      { type: "text", text: "合计 12.50 元", align: "right", style: { underline: 1 } },
      { type: "text", text: "Café £3", style: { font: "B", invert: true } },
      { type: "cut" },
    ],
    { profile: CHINESE, gb },
  ).bytes;
  const p = interpretEscPos(bytes, { width: 80 });
  t.deepEqual(p.problems, []);
  t.deepEqual(texts(p), ["商店 XSPOS", "合计 12.50 元", "Café £3"]);
  const [a, b, c, cut] = p.items as Extract<PaperItem, { type: "text" }>[];
  t.like(a, { align: "center", height: 48 });
  t.like(a.spans[0], { bold: true, scaleX: 2, scaleY: 2 });
  t.like(b, { align: "right" });
  t.like(b.spans[0], { underline: 1 });
  t.like(c.spans[0], { font: "B", invert: true });
  t.like(cut, { type: "cut", partial: true });
});

test("round trip: a QR code with UTF-8 data, natively (GS ( k) and as a raster the interpreter reads back", (t) => {
  const data = "https://pay.example/r/000123?付款=12.50";
  const native = interpretEscPos(encodeEscPos([{ type: "qr", data, ecc: "Q", moduleSize: 5 }], { profile: CHINESE }).bytes, { width: 80 });
  t.like(native.items[0], { type: "qr", data, ecc: "Q", moduleSize: 5, model: 2 });
  const raster = interpretEscPos(encodeEscPos([{ type: "qr", data, ecc: "Q", align: "center" }], { profile: printerProfile(58, { qr: false }) }).bytes, { width: 58 });
  t.is(raster.items.length, 1, "the bands print as one image");
  t.like(raster.items[0], { type: "image", qr: data });
});

test("round trip: a raster image keeps its bits, size and alignment", (t) => {
  const bits = Uint8Array.from({ length: 3 * 100 }, (_, i) => (i * 29) & 0xff);
  const p = interpretEscPos(encodeEscPos([{ type: "image", width: 24, height: 100, bits, align: "right" }], { profile: PROFILE_58MM }).bytes, { width: 58 });
  t.like(p.items[0], { type: "image", x: 384 - 24, width: 24, height: 100, bits: Buffer.from(bits).toString("base64") });
});

/** Characters of the GB2312 region as iconv-lite decodes them: row A1-F7, cell A1-FE. */
const gbChar = fc
  .record({ row: fc.integer({ min: 0xb0, max: 0xd7 }), cell: fc.integer({ min: 0xa1, max: 0xf9 }) })
  .map(({ row, cell }) => iconv.decode(Buffer.from([row, cell]), "gb18030"));
const latinChar = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
const pc437Char = fc.integer({ min: 0x80, max: 0xfe }).map((b) => iconv.decode(Buffer.from([b]), "cp437"));
const line = fc.record({
  text: fc.oneof(fc.array(fc.oneof(latinChar, pc437Char), { maxLength: 20 }), fc.array(fc.oneof(latinChar, gbChar), { maxLength: 10 })).map((a) => a.join("")),
  align: fc.constantFrom("left" as const, "center" as const, "right" as const),
  style: fc.record({ bold: fc.boolean(), underline: fc.constantFrom(0 as const, 1 as const, 2 as const), width: fc.integer({ min: 1, max: 2 }), height: fc.integer({ min: 1, max: 8 }), font: fc.constantFrom("A" as const, "B" as const), invert: fc.boolean() }),
});

test("property: any lines of Latin, code page 437 and GB2312 text read back with their text, alignment and style", (t) => {
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
      const commands: PrintCommand[] = lines.map((l) => ({ type: "text", ...l }));
      const p = interpretEscPos(encodeEscPos(commands, { profile: CHINESE, gb }).bytes, { width: 80 });
      const printed = p.items.filter((i): i is Extract<PaperItem, { type: "text" }> => i.type === "text");
      const expected = lines.filter((l) => l.text.length > 0);
      if (printed.length !== expected.length || p.problems.length) return false;
      return expected.every((l, i) => {
        const got = printed[i];
        const s: TextStyle = l.style;
        return got.text === l.text && got.align === l.align && got.spans.every((span) => span.bold === s.bold && span.underline === s.underline && span.scaleX === s.width && span.scaleY === s.height && span.font === s.font && span.invert === s.invert);
      });
    }),
    { numRuns: 200 },
  );
  t.pass();
});

/** Bytes that look like commands more often than random bytes do. */
const escposish = fc
  .array(
    fc.oneof(
      fc.uint8Array({ maxLength: 8 }),
      fc.tuple(fc.constantFrom(0x1b, 0x1d, 0x1c, 0x10), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 12 })).map(([a, b, rest]) => Uint8Array.from([a, b, ...rest])),
      fc.tuple(fc.constantFrom("1D7630", "1D286B", "1D56", "1C26", "1B40"), fc.uint8Array({ maxLength: 40 })).map(([head, rest]) => Uint8Array.from([...fromHex(head), ...rest])),
    ),
    { maxLength: 40 },
  )
  .map((parts) => Uint8Array.from(parts.flatMap((p) => [...p])));

test("property: any bytes give a paper and a drawing, never an exception", (t) => {
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 2000 }), escposish), fc.constantFrom(58 as const, 80 as const), fc.boolean(), (bytes, width, chinese) => {
      const p = interpretEscPos(bytes, { width, chinese });
      const svg = paperToSvg(p);
      return svg.startsWith("<svg") && svg.endsWith("</svg>") && p.height >= 0 && p.items.every((i) => i.offset >= 0 && i.offset < bytes.length);
    }),
    { numRuns: 400 },
  );
  t.pass();
});

test("the SVG is the roll's width, to scale, and escapes what the text holds", (t) => {
  const p = interpretEscPos(encodeEscPos([{ type: "text", text: "<b>&\"" }, { type: "cut" }], { profile: PROFILE_58MM }).bytes, { width: 58 });
  const svg = paperToSvg(p);
  t.regex(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="58mm" height="[0-9.]+mm" viewBox="0 0 464 /);
  t.true(svg.includes("&lt;b&gt;&amp;&quot;"));
  t.true(svg.includes("partial cut"));
});
