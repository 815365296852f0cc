import test from "ava";
import fc from "fast-check";
import { isXsposError } from "../../../modules/core/error.ts";
import { loadGbTable } from "../../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../../modules/escpos/profile.ts";
import { displayColumns } from "../../../modules/escpos/text-encoding.ts";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../../modules/receipt/build-report.ts";
import type { ReceiptDocument } from "../../../modules/receipt/document.ts";
import type { ReceiptLanguage } from "../../../modules/receipt/labels.ts";
import type { ReceiptLine } from "../../../modules/receipt/layout.ts";
import { measureFor, printReceipt, type ReceiptPrinter } from "../../../modules/receipt/render.ts";
import { TextMeasure } from "../../../modules/receipt/measure.ts";
import { wrapText } from "../../../modules/receipt/wrap.ts";
import type { ReceiptTransaction } from "../../../modules/receipt/transaction.ts";
import { SETTLEMENT, TOTALS, TRANSACTIONS } from "./fixtures.ts";
import { BOX_FONT } from "./hand-made-font.ts";

const gb = loadGbTable();
const CHINESE_58: ReceiptPrinter = { profile: printerProfile(58, { chinese: true }), gb };
const CHINESE_80: ReceiptPrinter = { profile: printerProfile(80, { chinese: true }), gb };
const LATIN_58: ReceiptPrinter = { profile: printerProfile(58) };
/** without a Chinese font, given glyphs drawn by hand: the raster fallback */
const RASTER_58: ReceiptPrinter = { profile: printerProfile(58), glyphs: BOX_FONT };
const RASTER_80_B: ReceiptPrinter = { profile: printerProfile(80), font: "B", glyphs: BOX_FONT };

const texts = (lines: ReceiptLine[]) => lines.flatMap((l) => (l.type === "text" ? [l.text] : []));
/** Columns as the encoder counts them on this printer (modules/escpos), or as the raster fallback draws them. */
const width = (text: string, printer: ReceiptPrinter) => (printer.glyphs && !printer.gb ? measureFor(printer).columns(text) : displayColumns(text, { chinese: !!printer.gb, gb: printer.gb }));

test("a field: label left, value right, the line exactly as wide as the paper in the encoder's count (a Chinese character two columns)", (t) => {
  const { lines } = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer" }), { ...CHINESE_58, language: "both" });
  const card = texts(lines).find((l) => l.startsWith("CARD NO. 卡号"))!;
  t.is(card, "CARD NO. 卡号   620000******0005");
  t.is(displayColumns(card, { chinese: true, gb }), 32);
  const amount = lines.find((l) => l.type === "text" && l.text.startsWith("AMOUNT 金额"));
  t.deepEqual(amount, { type: "text", text: "AMOUNT 金额            CNY 26.50", align: "left", bold: true, tall: true });
});

test("a field that does not fit one line: the label, then the value right-aligned", (t) => {
  const { lines } = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer" }), { ...CHINESE_58, language: "both" });
  const all = texts(lines);
  const at = all.indexOf("DATE/TIME 日期时间");
  t.true(at > 0);
  t.is(all[at + 1], "             2024/05/06 14:03:27");
});

for (const [name, printer] of [["58 mm Chinese model", CHINESE_58], ["80 mm Chinese model", CHINESE_80], ["58 mm without Chinese font or glyphs", LATIN_58], ["58 mm raster fallback", RASTER_58]] as const) {
  for (const language of ["en", "zh", "both"] as const) {
    test(`${name}, ${language}: no laid-out line of any receipt or report is wider than the paper`, (t) => {
      const columns = printer.profile.paperWidthMm === 58 ? 32 : 48;
      const docs: ReceiptDocument[] = [...Object.values(TRANSACTIONS).map((tx) => buildReceipt(tx, { copy: "merchant", mark: "duplicate" })), buildTotalsReport(TOTALS), buildSettlementReport(SETTLEMENT)];
      for (const doc of docs) {
        for (const line of texts(printReceipt(doc, { ...printer, language }).lines)) t.true(width(line, printer) <= columns, line);
      }
    });
  }
}

test("80 mm: items in four columns, a long name wrapped in its column", (t) => {
  const all = texts(printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer" }), { ...CHINESE_80, language: "en" }).lines);
  const at = all.findIndex((l) => l.startsWith("ITEM"));
  t.deepEqual(all.slice(at, at + 5), [
    "ITEM                      QTY    PRICE    AMOUNT",
    "Latte 拿铁                  2 CNY 9.50 CNY 19.00",
    "Blueberry muffin with       1 CNY 7.50  CNY 7.50",
    "extra blueberries and a",
    "crumble topping 蓝莓松饼",
  ]);
});

test("58 mm: each item's name on its own lines, then quantity × price and the line total", (t) => {
  const all = texts(printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer" }), { ...CHINESE_58, language: "zh" }).lines);
  const at = all.indexOf("Latte 拿铁");
  t.deepEqual(all.slice(at, at + 5), ["Latte 拿铁", "  2 x CNY 9.50         CNY 19.00", "Blueberry muffin with extra", "blueberries and a crumble", "topping 蓝莓松饼"]);
});

test("items whose numbers leave no room for the name in columns are laid out one under the other, nothing cut", (t) => {
  const tx: ReceiptTransaction = { ...TRANSACTIONS.sale, items: [{ name: "Gold bar", quantity: 123456.789, unitPrice: 999_999_999_999, lineTotal: 999_999_999_999 }] };
  const all = texts(printReceipt(buildReceipt(tx, { copy: "customer" }), { ...CHINESE_80, language: "en" }).lines);
  const at = all.indexOf("Gold bar");
  t.deepEqual(all.slice(at, at + 3), ["Gold bar", "  123456.789 x CNY 9,999,999,999.99", "                            CNY 9,999,999,999.99"]);
});

test("wrapping breaks at spaces, Chinese between any two characters, and drops the spaces at a break", (t) => {
  const measure = new TextMeasure(true, gb);
  t.deepEqual(wrapText("one two three four", 9, measure), ["one two", "three", "four"]);
  t.deepEqual(wrapText("本人确认以上交易", 6, measure), ["本人确", "认以上", "交易"]);
  t.deepEqual(wrapText("abcdefghij", 4, measure), ["abcd", "efgh", "ij"]);
  t.deepEqual(wrapText("", 4, measure), [""]);
});

test("merchant copy with a signature: the signature line and the cardholder agreement in both languages", (t) => {
  const all = texts(printReceipt(buildReceipt(TRANSACTIONS.refund, { copy: "merchant" }), { ...CHINESE_58, language: "both" }).lines);
  t.true(all.includes("CARDHOLDER SIGNATURE 持卡人签名:"));
  t.true(all.includes("_".repeat(32)));
  t.deepEqual(all.slice(all.indexOf("I ACKNOWLEDGE SATISFACTORY")).slice(0, 5), ["I ACKNOWLEDGE SATISFACTORY", "RECEIPT OF RELATIVE", "GOODS/SERVICES", "本人确认以上交易，同意将其记入本", "卡账户"]);
  const customer = texts(printReceipt(buildReceipt(TRANSACTIONS.refund, { copy: "customer" }), { ...CHINESE_58, language: "both" }).lines);
  t.false(customer.includes("CARDHOLDER SIGNATURE 持卡人签名:"), "the customer's copy has no room to sign");
  t.true(customer.includes("I ACKNOWLEDGE SATISFACTORY"));
});

test("RECEIPT_OPTIONS for a language or font that does not exist", (t) => {
  const doc = buildReceipt(TRANSACTIONS.sale, { copy: "merchant" });
  t.true(isXsposError(t.throws(() => printReceipt(doc, { ...CHINESE_58, language: "fr" as ReceiptLanguage })), "RECEIPT_OPTIONS"));
  t.true(isXsposError(t.throws(() => printReceipt(doc, { ...CHINESE_58, font: "C" as "A", language: "en" })), "RECEIPT_OPTIONS"));
});

test("property: names of any length and any Unicode print on every printer, each line within the paper, never an exception", (t) => {
  const text = fc.oneof(fc.string({ unit: "binary", maxLength: 120 }), fc.string({ unit: "grapheme", maxLength: 60 }), fc.string({ unit: fc.constantFrom("中", "文", "é", " ", "\u0000", "\u001b", "😀", "\ud800", "한", "¥", "€", "\t"), maxLength: 200 }));
  const printers = [CHINESE_58, CHINESE_80, LATIN_58, RASTER_58, RASTER_80_B, { ...CHINESE_80, font: "B" as const }];
  fc.assert(
    fc.property(text, fc.array(text, { maxLength: 4 }), fc.constantFrom(...printers), fc.constantFrom("en", "zh", "both") as fc.Arbitrary<ReceiptLanguage>, (name, items, printer, language) => {
      const tx: ReceiptTransaction = {
        ...TRANSACTIONS.sale,
        merchant: { ...TRANSACTIONS.sale.merchant, name, address: [name] },
        items: items.map((n) => ({ name: n, quantity: 1, unitPrice: 100, lineTotal: 100 })),
        chip: { aid: "A000000333010101", label: name },
        response: { code: "00", text: name },
      };
      const printed = printReceipt(buildReceipt(tx, { copy: "merchant" }), { ...printer, language });
      const columns = printer.profile.paperWidthMm === 58 ? (printer.font === "B" ? 42 : 32) : printer.font === "B" ? 64 : 48;
      return printed.job.bytes.length > 0 && texts(printed.lines).every((line) => width(line, printer) <= columns);
    }),
    { numRuns: 150 },
  );
  t.pass();
});
