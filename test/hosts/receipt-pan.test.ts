/**
 * No receipt ever carries a full PAN: the bytes of every receipt type,
 * copy, mark, width, language and printer kind are scanned for each test
 * card's PAN in ASCII.
 */
import test from "ava";
import { encodeEscPos } from "../../modules/escpos/escpos-encoder.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../modules/receipt/build-report.ts";
import type { ReceiptDocument } from "../../modules/receipt/document.ts";
import { printReceipt, type ReceiptPrinter } from "../../modules/receipt/render.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { FULL_PANS, SETTLEMENT, TOTALS, TRANSACTIONS } from "../modules/receipt/fixtures.ts";
import { printThroughDriver } from "../support/receipt-paper.ts";
import { receiptGlyphs } from "../support/receipt-glyphs.ts";

const gb = loadGbTable();
const PANS = Object.values(FULL_PANS);
const ascii = (text: string) => Buffer.from(text, "latin1");

/** The full PANs found in the bytes. */
function pansIn(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes);
  return PANS.filter((pan) => buffer.includes(ascii(pan)));
}

const PRINTERS: [string, ReceiptPrinter][] = [
  ["58 mm Chinese", { profile: printerProfile(58, { chinese: true }), gb }],
  ["80 mm Chinese", { profile: printerProfile(80, { chinese: true }), gb }],
  ["58 mm raster fallback", { profile: printerProfile(58), glyphs: receiptGlyphs() }],
  ["80 mm raster fallback, font B", { profile: printerProfile(80), font: "B", glyphs: receiptGlyphs() }],
  ["58 mm without a Chinese font or glyphs", { profile: printerProfile(58) }],
];

/** Every free-text field given a full PAN: they must come out masked too. */
const LEAKY: ReceiptTransaction = {
  ...TRANSACTIONS.sale,
  merchant: { ...TRANSACTIONS.sale.merchant, name: `Shop ${FULL_PANS.visa}`, address: [FULL_PANS.mastercard] },
  items: [{ name: `Gift card ${FULL_PANS.jcb}`, quantity: 1, unitPrice: 100, lineTotal: 100 }],
  chip: { aid: "A000000333010101", label: FULL_PANS.amex },
  response: { code: "00", text: `APPROVED ${FULL_PANS.unionpay}` },
};

test("the scan finds a full PAN in bytes that hold one (the check can fail)", (t) => {
  const job = encodeEscPos([{ type: "text", text: `CARD ${FULL_PANS.visa}` }], { profile: printerProfile(58) });
  t.deepEqual(pansIn(job.bytes), [FULL_PANS.visa]);
});

test("no full PAN in the bytes of any receipt: every type, both copies, reprint and duplicate, both widths, every language, Chinese, raster and code page 437 printers, and free text given PANs", (t) => {
  const docs: [string, ReceiptDocument][] = [["totals", buildTotalsReport(TOTALS)], ["settlement", buildSettlementReport(SETTLEMENT)]];
  for (const tx of [...Object.values(TRANSACTIONS), LEAKY]) {
    for (const copy of ["merchant", "customer"] as const) {
      for (const mark of [undefined, "reprint", "duplicate"] as const) docs.push([`${tx.type} ${copy} ${mark ?? ""}`, buildReceipt(tx, { copy, mark })]);
    }
  }
  let scanned = 0;
  for (const [what, doc] of docs) {
    for (const [name, printer] of PRINTERS) {
      for (const language of ["en", "zh", "both"] as const) {
        const { job } = printReceipt(doc, { ...printer, language });
        t.deepEqual(pansIn(job.bytes), [], `${what}, ${name}, ${language}`);
        scanned++;
      }
    }
  }
  t.is(scanned, (2 + 8 * 2 * 3) * 5 * 3);
});

test("through the driver: no full PAN in what the printer received, and the masked PANs are what it printed", async (t) => {
  for (const tx of [TRANSACTIONS.sale, LEAKY]) {
    const out = await printThroughDriver(buildReceipt(tx, { copy: "merchant" }), { profile: printerProfile(58, { chinese: true }), gb, language: "both" });
    t.deepEqual(pansIn(out.bytes), []);
    const text = out.lines.map((l) => l.text).join("\n");
    t.true(text.includes("620000******0005"));
    if (tx === LEAKY) {
      for (const masked of ["Shop 424242******4242", "555555******4444", "356600******0505", "378282*****0005", "APPROVED 620000******0005"]) t.true(text.includes(masked), masked);
    }
  }
});
