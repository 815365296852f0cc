/**
 * Receipts as the terminal prints them: ReceiptJobs through
 * PrinterReceipts, the printer driver and the virtual printer, read back
 * by the interpreter (hosts/escpos-paper). What the terminal adds to the
 * receipt module's slip: the operator's number and the e-receipt link
 * from the configuration (SAMPLE_CONFIG), the response code's words in
 * the printer's language, the logo the host hands in, and on a printer
 * without a Chinese font, Chinese as raster images from the host's glyphs.
 */
import test from "ava";
import { validateTerminalConfig } from "../../modules/config/config.ts";
import { eReceiptLink } from "../../modules/config/receipt.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile, type PrinterProfile } from "../../modules/escpos/profile.ts";
import type { ReceiptImage } from "../../modules/receipt/document.ts";
import type { ReceiptLanguage } from "../../modules/receipt/labels.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { PrinterReceipts, type PrinterReceiptsOptions } from "../../modules/terminal/printer-receipts.ts";
import type { ReceiptJob } from "../../modules/terminal/ports.ts";
import type { PaperItem } from "../../hosts/escpos-paper/index.ts";
import { rig } from "../drivers/printer/rig.ts";
import { TRANSACTIONS, TOTALS } from "../modules/receipt/fixtures.ts";
import { receiptGlyphs } from "../support/receipt-glyphs.ts";
import { fieldValue, readPaper, type PrintedPaper } from "../support/receipt-paper.ts";
import { testCrypto } from "../support/crypto.ts";

const config = validateTerminalConfig(SAMPLE_CONFIG, testCrypto());
const gb = loadGbTable();

/** The fixture's sale as the terminal fills it: the host's code without words, the operator and the link from the configuration. */
const SALE: ReceiptTransaction = (() => {
  const { response: _, ...sale } = TRANSACTIONS.sale;
  const qr = eReceiptLink(config.receipt!.eReceiptUrl!, { terminalId: sale.merchant.terminalId, rrn: sale.rrn! })!;
  return { ...sale, operator: config.receipt!.operator!, response: { code: "00" }, qr };
})();
const LINK = "https://receipts.example.com/r/10023456/412706123456";

/** A 120 × 40 logo: a frame and a diagonal, so that its bytes are not uniform. */
const LOGO: ReceiptImage = (() => {
  const width = 120;
  const height = 40;
  const rowBytes = width / 8;
  const bits = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (y < 2 || y >= height - 2 || x < 2 || x >= width - 2 || x === 3 * y) bits[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { width, height, bits };
})();

/** Prints jobs through PrinterReceipts on the driver into the virtual printer, and reads the paper. */
async function printJobs(jobs: ReceiptJob[], options: Omit<PrinterReceiptsOptions, "printer">): Promise<PrintedPaper> {
  const { printer, device, run, wait } = rig({ kanjiByDefault: options.profile.kanjiByDefault }, { profile: options.profile });
  const receipts = new PrinterReceipts({ printer, ...options });
  for (const job of jobs) {
    const r = await run(receipts.print(job));
    if (!r.printed) throw new Error(`not printed: ${r.problem}`);
  }
  for (let i = 0; i < 10_000 && device.buffered > 0; i++) await wait(100);
  printer.close();
  return readPaper(Uint8Array.from(device.printed), options.profile);
}

const WORDS = {
  operator: ["OPERATOR NO.", "操作员号"],
  response: ["RESPONSE", "应答码"],
  approved: ["APPROVED", "交易成功"],
  totals: ["TOTALS REPORT", "交易汇总"],
} as const;
const say = (key: keyof typeof WORDS, language: ReceiptLanguage) => (language === "en" ? WORDS[key][0] : language === "zh" ? WORDS[key][1] : WORDS[key].join(" "));

function logoOf(paper: PrintedPaper, profile: PrinterProfile) {
  const images: PaperItem[] = paper.paper.items.filter((i) => i.type === "image" && i.qr === undefined);
  const first: PaperItem | undefined = paper.paper.items.find((i) => i.type !== "cut");
  return { images, first, centredX: (profile.dotsPerLine - LOGO.width) / 2 };
}

for (const width of [58, 80] as const) {
  const profile = printerProfile(width, { chinese: true, kanjiByDefault: false, chunkBytes: 512 });
  for (const language of ["en", "zh", "both"] as const) {
    test(`${width} mm Chinese model, ${language}: the operator, the response code with its words, the QR code's data the e-receipt link, the logo an image on top`, async (t) => {
      const paper = await printJobs([{ kind: "transaction", copy: "CARDHOLDER", transaction: SALE, reprint: false }], { profile, language, gb, logo: LOGO });
      t.deepEqual(paper.paper.problems, []);
      t.is(fieldValue(paper.lines, say("operator", language))?.value, "01");
      t.is(fieldValue(paper.lines, say("response", language))?.value, `00 ${say("approved", language)}`);
      t.deepEqual(paper.qr, [LINK]);
      const { images, first, centredX } = logoOf(paper, profile);
      t.is(images.length, 1, "one image: the logo");
      t.true(first === images[0], "the logo is the first thing printed");
      const logo = images[0];
      if (logo.type !== "image") return;
      t.like(logo, { width: LOGO.width, height: LOGO.height, rowBytes: LOGO.width / 8, rows: LOGO.height, x: centredX });
      t.deepEqual(new Uint8Array(Buffer.from(logo.bits, "base64")), LOGO.bits, "the logo's dots as sent");
      t.false(new TextDecoder("latin1").decode(paper.bytes).includes("6200000000000005"), "no full PAN in the bytes");
    });
  }

  test(`${width} mm: a totals report through PrinterReceipts carries the logo and the operator`, async (t) => {
    const paper = await printJobs([{ kind: "totals", report: { ...TOTALS, operator: "01" } }], { profile, language: "both", gb, logo: LOGO });
    t.true(paper.lines.some((l) => l.text.includes(say("totals", "both"))));
    t.is(fieldValue(paper.lines, say("operator", "both"))?.value, "01");
    t.is(logoOf(paper, profile).images.length, 1);
  });

  if (width === 58) {
    test("58 mm: an 80 mm logo (576 dots) is left out on 58 mm paper, and the receipt prints", async (t) => {
      const wide: ReceiptImage = { width: 576, height: 8, bits: new Uint8Array(72 * 8).fill(0xff) };
      const paper = await printJobs([{ kind: "transaction", copy: "CARDHOLDER", transaction: SALE, reprint: false }], { profile, language: "en", gb, logo: wide });
      t.is(logoOf(paper, profile).images.length, 0);
      t.is(fieldValue(paper.lines, "AMOUNT")?.value, "CNY 26.50");
    });
  }

  const plain = printerProfile(width, { chunkBytes: 512 });
  test(`${width} mm without a Chinese font, through PrinterReceipts with the host's glyphs: Chinese lines as GS v 0 images that read back as the fields`, async (t) => {
    const paper = await printJobs([{ kind: "transaction", copy: "MERCHANT", transaction: SALE, reprint: false }], { profile: plain, language: "both", glyphs: receiptGlyphs() });
    t.deepEqual(paper.paper.problems, []);
    t.true(paper.bytes.some((b, i) => b === 0x1d && paper.bytes[i + 1] === 0x76 && paper.bytes[i + 2] === 0x30), "GS v 0 in the stream");
    const card = fieldValue(paper.lines, "CARD NO. 卡号");
    t.is(card?.value, "620000******0005");
    t.true(card!.line.raster, "a line with Chinese is a raster image");
    t.is(fieldValue(paper.lines, "OPERATOR NO. 操作员号")?.value, "01");
    t.is(fieldValue(paper.lines, "RESPONSE 应答码")?.value, "00 APPROVED 交易成功");
    t.true(paper.lines.filter((l) => /[\u4e00-\u9fff]/.test(l.text)).every((l) => l.raster), "every line with Chinese is raster");
    t.deepEqual(paper.qr, [LINK]);
  });

  test(`${width} mm without a Chinese font and without glyphs: every line printed as text, Chinese as ?`, async (t) => {
    const paper = await printJobs([{ kind: "transaction", copy: "MERCHANT", transaction: SALE, reprint: false }], { profile: plain, language: "both" });
    t.false(paper.lines.some((l) => l.raster));
    t.is(fieldValue(paper.lines, "CARD NO. ??")?.value, "620000******0005");
  });
}

test("PrinterReceipts refuses a malformed logo when it is made (RECEIPT_FIELD), not at each receipt", (t) => {
  const { printer } = rig();
  const profile = printerProfile(80);
  for (const logo of [{ width: 0, height: 8, bits: new Uint8Array(0) }, { width: 577, height: 1, bits: new Uint8Array(73) }, { width: 16, height: 2, bits: new Uint8Array(3) }, { width: 8, height: 1, bits: [0] }]) {
    t.throws(() => new PrinterReceipts({ printer, profile, language: "en", logo: logo as ReceiptImage }), { code: "RECEIPT_FIELD" }, JSON.stringify(logo));
  }
  printer.close();
});

test("the configuration's receipt.logo (hex) goes to PrinterReceipts as it is and prints as its dots", async (t) => {
  const json = { ...structuredClone(SAMPLE_CONFIG), receipt: { ...SAMPLE_CONFIG.receipt, logo: { width: LOGO.width, height: LOGO.height, bits: Buffer.from(LOGO.bits).toString("hex") } } };
  const logo = validateTerminalConfig(json, testCrypto()).receipt!.logo!;
  const profile = printerProfile(80, { chinese: true, kanjiByDefault: false, chunkBytes: 512 });
  const paper = await printJobs([{ kind: "transaction", copy: "CARDHOLDER", transaction: SALE, reprint: false }], { profile, language: "en", gb, logo });
  const images = paper.paper.items.filter((i) => i.type === "image" && i.qr === undefined);
  t.is(images.length, 1);
  if (images[0]?.type === "image") t.deepEqual(new Uint8Array(Buffer.from(images[0].bits, "base64")), LOGO.bits);
});
