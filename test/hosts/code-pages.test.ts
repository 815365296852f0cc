/**
 * The profile's code page, both ways, against iconv-lite (which the
 * encoder does not run on: its tables are generated from it, and the
 * interpreter decodes with it on its own): the committed tables are
 * iconv-lite's, the encoder's bytes for every character of each page are
 * iconv-lite's under ESC t with Epson's page number, and the interpreter
 * reads them back as the characters.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { codePageFromBytes, CODE_PAGE_NUMBERS, loadCodePage, type CodePageName } from "../../modules/escpos/code-page.ts";
import { encodeEscPos } from "../../modules/escpos/escpos-encoder.ts";
import { EscPosError } from "../../modules/escpos/error.ts";
import { PC858_HIGH } from "../../modules/escpos/pc858-table.ts";
import { PC866_HIGH } from "../../modules/escpos/pc866-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { encodeText } from "../../modules/escpos/text-encoding.ts";
import { interpretEscPos } from "../../hosts/escpos-paper/index.ts";
import { codePageBytes, codePageHigh } from "../../tools/gen-printer-tables.ts";

const PAGES: CodePageName[] = ["cp437", "cp858", "cp866"];
const texts = (bytes: Uint8Array) => interpretEscPos(bytes, { width: 80 }).items.filter((i) => i.type === "text").map((i) => (i as { text: string }).text);

test("the committed tables of code pages 858 and 866 (.ts and the .bin flash resources) are what iconv-lite gives for bytes 80-FF", (t) => {
  t.is(PC858_HIGH, codePageHigh("cp858"));
  t.is(PC866_HIGH, codePageHigh("cp866"));
  for (const page of PAGES) {
    const bin = readFileSync(new URL(`../../modules/escpos/${page}-table.bin`, import.meta.url));
    t.is(Buffer.from(bin).toString("hex"), Buffer.from(codePageBytes(page)).toString("hex"), `${page}-table.bin`);
    t.is(bin.length, 256);
  }
});

test("ESC t n with the Epson ESC/POS Command Reference's page numbers: 0 PC437, 17 PC866, 19 PC858", (t) => {
  t.deepEqual({ ...CODE_PAGE_NUMBERS }, { cp437: 0, cp866: 17, cp858: 19 });
  for (const page of PAGES) {
    const job = encodeEscPos([], { profile: printerProfile(58, { codePage: page }) });
    t.is(Buffer.from(job.bytes).toString("hex"), `1b401b74${CODE_PAGE_NUMBERS[page].toString(16).padStart(2, "0")}`, page);
  }
});

for (const page of PAGES) {
  test(`${page}: every character of bytes 80-FF encodes as iconv-lite encodes it, the flash table and the module's agree, and the interpreter reads the line back`, (t) => {
    const high = codePageHigh(page);
    const fromBin = codePageFromBytes(page, readFileSync(new URL(`../../modules/escpos/${page}-table.bin`, import.meta.url)));
    const module = loadCodePage(page);
    for (const ch of high) {
      const cp = ch.codePointAt(0)!;
      t.is(module.byteOf(cp), iconv.encode(ch, page)[0], `U+${cp.toString(16)}`);
      t.is(fromBin.byteOf(cp), module.byteOf(cp));
    }
    const line = `Total ${high}`;
    const encoded = encodeText(line, { chinese: false, codePage: module });
    t.is(Buffer.from(encoded.bytes).toString("hex"), iconv.encode(line, page).toString("hex"));
    t.is(encoded.replaced, 0);
    // four lines of 32 characters: each fits the 48 columns of 80 mm paper
    const lines = [0, 32, 64, 96].map((at) => [...high].slice(at, at + 32).join(""));
    const job = encodeEscPos(lines.map((text) => ({ type: "text" as const, text })), { profile: printerProfile(80, { codePage: page }) });
    t.deepEqual(texts(job.bytes), lines);
  });
}

test("€ is D5 in code page 858 (IBM CCSID 858: 850 with the euro sign in place of the dotless i), ? in 437; Д is 84 in 866", (t) => {
  const euro = encodeEscPos([{ type: "text", text: "12,50 €" }], { profile: printerProfile(58, { codePage: "cp858" }) });
  t.is(Buffer.from(euro.bytes).toString("hex"), "1b401b7413" + "31322c353020d5" + "0a");
  t.deepEqual(texts(euro.bytes), ["12,50 €"]);
  const q = encodeText("€", { chinese: false, codePage: loadCodePage("cp437") });
  t.is(Buffer.from(q.bytes).toString("hex"), "3f");
  t.is(q.replaced, 1);
  t.is(Buffer.from(encodeText("Д", { chinese: false, codePage: loadCodePage("cp866") }).bytes).toString("hex"), "84");
});

test("a profile naming another code page is PRINTER_PROFILE; a table of another page than the profile's is PRINT_COMMAND", (t) => {
  t.is(t.throws(() => printerProfile(58, { codePage: "cp1252" as CodePageName }), { instanceOf: EscPosError })!.code, "PRINTER_PROFILE");
  const e = t.throws(() => encodeEscPos([], { profile: printerProfile(58, { codePage: "cp858" }), codePage: loadCodePage("cp866") }), { instanceOf: EscPosError });
  t.is(e!.code, "PRINT_COMMAND");
});
