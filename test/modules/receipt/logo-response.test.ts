/**
 * The logo (a 1-bit raster image, ESC/POS GS v 0) on receipts and reports,
 * and the response code's words.
 */
import test from "ava";
import { toHex } from "../../../modules/core/hex.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { printerProfile } from "../../../modules/escpos/profile.ts";
import { buildReceipt } from "../../../modules/receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../../../modules/receipt/build-report.ts";
import type { ReceiptImage } from "../../../modules/receipt/document.ts";
import { printReceipt } from "../../../modules/receipt/render.ts";
import { responseText } from "../../../modules/receipt/response-text.ts";
import { SETTLEMENT, TOTALS, TRANSACTIONS } from "./fixtures.ts";

/** 16 × 2: a bar and its inverse. */
const LOGO: ReceiptImage = { width: 16, height: 2, bits: Uint8Array.of(0xff, 0x00, 0x00, 0xff) };

test("the logo is the first block of a receipt, a totals report and a settlement report, then a blank line", (t) => {
  for (const doc of [buildReceipt(TRANSACTIONS.sale, { copy: "customer", logo: LOGO }), buildTotalsReport(TOTALS, { logo: LOGO }), buildSettlementReport(SETTLEMENT, { logo: LOGO })]) {
    t.deepEqual(doc.blocks.slice(0, 2), [{ kind: "image", image: LOGO }, { kind: "space", lines: 1 }], doc.kind);
  }
  t.not(buildReceipt(TRANSACTIONS.sale, { copy: "customer" }).blocks[0].kind, "image", "no logo, no image");
});

test("the logo prints centred as GS v 0 m=0, 2 bytes a row, 2 rows, its bytes as given (Epson ESC/POS, GS v 0)", (t) => {
  const { job } = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer", logo: LOGO }), { profile: printerProfile(58), language: "en" });
  // ESC a 1 (centre), GS v 0 0 xL=2 xH=0 yL=2 yH=0, then the data
  t.true(toHex(job.bytes).includes("1B6101" + "1D763000" + "02000200" + "FF0000FF"));
});

test("a logo wider than the paper is left out: a 576-dot logo on 58 mm paper (384 dots)", (t) => {
  const wide: ReceiptImage = { width: 576, height: 1, bits: new Uint8Array(72).fill(0xff) };
  const on58 = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer", logo: wide }), { profile: printerProfile(58), language: "en" });
  t.false(on58.commands.some((c) => c.type === "image"));
  const on80 = printReceipt(buildReceipt(TRANSACTIONS.sale, { copy: "customer", logo: wide }), { profile: printerProfile(80), language: "en" });
  t.is(on80.commands.filter((c) => c.type === "image").length, 1);
});

test("RECEIPT_FIELD for a logo that is no 1-bit image: a size out of range, bits of the wrong length or type", (t) => {
  const bad: unknown[] = [null, 7, { width: 0, height: 1, bits: new Uint8Array(0) }, { width: 8, height: 0, bits: new Uint8Array(0) }, { width: 1.5, height: 1, bits: new Uint8Array(1) }, { width: 577, height: 1, bits: new Uint8Array(73) }, { width: 8, height: 1025, bits: new Uint8Array(1025) }, { width: 9, height: 1, bits: new Uint8Array(1) }, { width: 8, height: 1, bits: [0xff] }];
  for (const logo of bad) t.true(isXsposError(t.throws(() => buildReceipt(TRANSACTIONS.sale, { copy: "customer", logo: logo as ReceiptImage })), "RECEIPT_FIELD"), JSON.stringify(logo));
});

test("response words: approvals (ISO 8583 DE39 00, 10; EMV Book 4 Annex A6 Y1, Y3) in each language", (t) => {
  t.is(responseText("00", "en"), "APPROVED");
  t.is(responseText("00", "zh"), "交易成功");
  t.is(responseText("00", "both"), "APPROVED 交易成功");
  t.is(responseText("10", "en"), "PARTIAL APPROVAL");
  t.is(responseText("Y1", "en"), "APPROVED OFFLINE");
  t.is(responseText("Y3", "zh"), "脱机批准");
});

test("response words: a decline says what the screen says (51 insufficient funds), a code without words gives none", (t) => {
  t.is(responseText("51", "en"), "INSUFFICIENT FUNDS");
  t.is(responseText("51", "zh"), "余额不足");
  t.is(responseText("51", "both"), "INSUFFICIENT FUNDS 余额不足");
  t.is(responseText("X9", "en"), undefined);
  t.is(responseText("toString", "en"), undefined);
});
