import type { BenchCase } from "../case.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printTime } from "../../modules/escpos/print-time.ts";
import { printerProfile, type PrinterProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import type { GlyphFont } from "../../modules/receipt/glyph-font.ts";
import { maskPanForReceipt } from "../../modules/receipt/masked-pan.ts";
import { isWide } from "../../modules/receipt/measure.ts";
import { printReceipt, type ReceiptPrinter } from "../../modules/receipt/render.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";

const NARROW_BOX = Uint8Array.from({ length: 16 }, (_, row) => (row === 2 || row === 13 ? 0x7e : row > 2 && row < 13 ? 0x42 : 0));
const WIDE_BOX = Uint8Array.from({ length: 32 }, (_, i) => (i >> 1 === 2 || i >> 1 === 13 ? (i & 1 ? 0xfc : 0x3f) : i >> 1 > 2 && i >> 1 < 13 ? (i & 1 ? 0x04 : 0x20) : 0));

const BLANK = new Uint8Array(16);

/**
 * The raster fallback's glyphs, drawn by hand: a box for every character
 * but the space (blank, as in any font), 16 dots wide for an East Asian
 * wide one, 8 for the others. A raster line's bytes depend on how many
 * glyphs it holds and their widths, and its drawing time on that and on
 * its blank cells, not on the glyphs' shapes, so this gives a real font's
 * figures without one: the project ships no glyphs, and on XS there is
 * no file to read Unifont from.
 */
const BOX_GLYPHS: GlyphFont = { glyph: (cp) => (cp === 0x20 ? BLANK : isWide(cp) ? WIDE_BOX : NARROW_BOX) };

/** A chip sale with PIN, four items, cash and change, and an e-receipt QR code. */
const SALE: ReceiptTransaction = {
  merchant: { name: "XSPOS 演示商店", address: ["88 Century Avenue, Pudong", "上海市浦东新区世纪大道88号"], merchantId: "898310048161234", terminalId: "10023456" },
  operator: "01",
  when: { epochMs: Date.UTC(2024, 4, 6, 6, 3, 27), offsetMinutes: 480 },
  type: "sale",
  scheme: "unionpay",
  pan: maskPanForReceipt("6200000000000005"),
  entryMode: "chip",
  chip: { aid: "A000000333010101", label: "UnionPay Debit", tvr: "0000048000", tsi: "E800", cryptogram: "8E1FA5C23B7D0946", cryptogramType: "TC" },
  amount: 5250,
  currency: { code: "CNY", exponent: 2 },
  items: [
    { name: "Latte 拿铁", quantity: 2, unitPrice: 950, lineTotal: 1900 },
    { name: "Blueberry muffin 蓝莓松饼", quantity: 1, unitPrice: 750, lineTotal: 750 },
    { name: "Sparkling water 苏打水 500 ml", quantity: 2, unitPrice: 600, lineTotal: 1200 },
    { name: "Sandwich 三明治", quantity: 1, unitPrice: 1400, lineTotal: 1400 },
  ],
  subtotal: 5250,
  cash: { tendered: 10000, change: 4750 },
  authCode: "123456",
  rrn: "412706123456",
  batch: "000012",
  trace: "000123",
  invoice: "000123",
  response: { code: "00", text: "APPROVED" },
  cvm: "pin",
  qr: "https://example.com/r/10023456/000123",
};

function receiptCase(name: string, what: string, printer: () => ReceiptPrinter & { profile: PrinterProfile }): BenchCase {
  const print = (p: ReceiptPrinter) => printReceipt(buildReceipt(SALE, { copy: "customer" }), { ...p, language: "both" });
  return {
    name,
    unit: `customer receipt of a chip sale with 4 items, cash and a QR code, English and Chinese: build, layout and ESC/POS encoding, ${what}`,
    setup() {
      const p = printer();
      return () => print(p).job.bytes.length;
    },
    figures() {
      const p = printer();
      const { job, lines } = print(p);
      const time = printTime({ bytes: job.bytes.length, dotLines: job.dotLines, cuts: job.cuts }, p.profile);
      return {
        lines: lines.length,
        bytes: job.bytes.length,
        dotLines: job.dotLines,
        baud: p.profile.baud,
        transmitMs: Math.round(time.transmitMs),
        printMs: Math.round(time.printMs),
        printTotalMs: Math.round(time.totalMs),
        printTotalUs: Math.round(time.totalMs * 1000),
      };
    },
    // the computation as a share of the modeled time the printer takes for the same receipt: at most 1 %
    // here leaves it well under the printing time on an ESP32, some 20 to 50 times slower than this machine
    reference: { figure: "printTotalUs", targetPercent: 1 },
  };
}

export const RECEIPT_CASES: BenchCase[] = [
  receiptCase("receipt.customer58", "58 mm Chinese model (GB18030), 115 200 bit/s", () => ({ profile: printerProfile(58, { chinese: true }), gb: loadGbTable() })),
  receiptCase("receipt.raster58", "58 mm printer without a Chinese font (Chinese lines as raster images, glyphs drawn by hand), 115 200 bit/s", () => ({ profile: printerProfile(58), glyphs: BOX_GLYPHS })),
];
