/**
 * What the configuration and the journal's data change on the paper,
 * read back by the interpreter (hosts/escpos-paper): the amount style
 * (`receipt.amounts`) through PrinterReceipts, a code page with € on a
 * printer without a Chinese font, the settlement report's host response
 * and net total, a product's Chinese name on both widths, and a receipt
 * without a card.
 */
import test from "ava";
import { validateTerminalConfig } from "../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile, type PrinterProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { printReceipt } from "../../modules/receipt/render.ts";
import type { ReceiptLanguage } from "../../modules/receipt/labels.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import type { BatchTotals } from "../../modules/journal/totals.ts";
import { PrinterReceipts, type PrinterReceiptsOptions } from "../../modules/terminal/printer-receipts.ts";
import type { ReceiptJob } from "../../modules/terminal/ports.ts";
import { settlementReport, totalsReport } from "../../modules/terminal/receipt-data.ts";
import { CURRENCIES } from "../../modules/terminal/currency.ts";
import { TRANSACTIONS, TOTALS } from "../modules/receipt/fixtures.ts";
import { fieldValue, readPaper, type PrintedPaper } from "../support/receipt-paper.ts";
import { testCrypto } from "../support/crypto.ts";

const gb = loadGbTable();

/** PrinterReceipts on a driver that keeps the bytes it is given, read back by the interpreter. */
async function printJobs(jobs: ReceiptJob[], options: Omit<PrinterReceiptsOptions, "printer">): Promise<PrintedPaper> {
  const sent: number[] = [];
  const printer = {
    print: async (job: { bytes: Uint8Array }) => {
      sent.push(...job.bytes);
      return { state: "done" as const };
    },
    resume: async () => ({ copy: "ended" as const }),
    reset: async () => {},
  };
  const receipts = new PrinterReceipts({ printer, ...options });
  for (const job of jobs) if (!(await receipts.print(job)).printed) throw new Error("not printed");
  return readPaper(Uint8Array.from(sent), options.profile);
}

const sale = (tx: Partial<ReceiptTransaction> = {}): ReceiptJob => ({ kind: "transaction", copy: "CARDHOLDER", transaction: { ...TRANSACTIONS.sale, ...tx }, reprint: false });
const amountsOf = (json: unknown) => validateTerminalConfig({ ...structuredClone(SAMPLE_CONFIG), receipt: { amounts: json } }, testCrypto()).receipt!.amounts!;

test("amount style from the configuration: code with decimal comma and point groups (CNY 1.234,50), and symbol after the number in code page 858 (1.234,50 €)", async (t) => {
  const chinese = printerProfile(80, { chinese: true });
  const byDefault = await printJobs([sale({ amount: 123450 })], { profile: chinese, language: "en", gb });
  t.is(fieldValue(byDefault.lines, "AMOUNT")?.value, "CNY 1,234.50", "no style configured: the code and en-US separators");
  const code = await printJobs([sale({ amount: 123450 })], { profile: chinese, language: "en", gb, amounts: amountsOf({ style: "code", decimal: "," }) });
  t.is(fieldValue(code.lines, "AMOUNT")?.value, "CNY 1.234,50");
  t.is(fieldValue(code.lines, "CASH")?.value, "CNY 50,00");
  const euro = printerProfile(58, { codePage: "cp858" });
  const eur = { code: "EUR", exponent: 2 };
  const symbol = await printJobs([sale({ amount: 123450, currency: eur, items: [], subtotal: 123450 })], { profile: euro, language: "en", amounts: amountsOf({ style: "symbol", decimal: ",", group: ".", symbolAfter: true }) });
  t.is(fieldValue(symbol.lines, "AMOUNT")?.value, "1.234,50 €");
  t.true(symbol.bytes.includes(0xd5), "€ sent as D5, its byte in code page 858");
  t.is(fieldValue(symbol.lines, "CASH")?.value, "50,00 €");
});

/** The batch as the journal totals it: 3 UnionPay debits of 100.00 and a credit of 20.00; a Visa credit of 50.00. */
const BATCH = {
  batch: 7,
  debits: 3,
  credits: 2,
  debitsMinor: 30000,
  creditsMinor: 7000,
  byType: {
    sale: { count: 3, amountMinor: 30000 }, offline: { count: 0, amountMinor: 0 }, refund: { count: 2, amountMinor: 7000 }, void: { count: 0, amountMinor: 0 },
    preauth: { count: 0, amountMinor: 0 }, preauthCompletion: { count: 0, amountMinor: 0 }, preauthCancel: { count: 0, amountMinor: 0 },
  },
  byScheme: { unionpay: { debits: 3, credits: 1, debitsMinor: 30000, creditsMinor: 2000 }, visa: { debits: 0, credits: 1, debitsMinor: 0, creditsMinor: 5000 } },
} as unknown as BatchTotals;
const EXTRAS = { merchant: TOTALS.merchant, currency: CURRENCIES.CNY, when: TOTALS.when };

for (const [language, words] of [["en", { response: "RESPONSE", total: "TOTAL", approved: "APPROVED", reconcile: "RECONCILE ERROR" }], ["zh", { response: "应答码", total: "合计", approved: "交易成功", reconcile: "对账不平" }]] as const) {
  /** the value of the TOTAL line (not the TOTALS REPORT title) */
  const totalOf = (paper: PrintedPaper) => paper.lines.find((l) => l.text.startsWith(`${words.total} `))?.text.slice(words.total.length).trim();
  test(`settlement report, ${language}: the host's response code with its words, and the net total (debits less credits, a scheme below zero printed with a minus)`, async (t) => {
    const profile = printerProfile(58, { chinese: true });
    const balanced = await printJobs([{ kind: "settlement", report: settlementReport(BATCH, true, EXTRAS) }], { profile, language, gb });
    t.is(fieldValue(balanced.lines, words.response)?.value, `00 ${words.approved}`);
    t.is(totalOf(balanced), "CNY 230.00");
    t.true(balanced.lines.some((l) => l.text.includes("-CNY 50.00")), "Visa's net is a credit");
    const uploaded = await printJobs([{ kind: "settlement", report: settlementReport(BATCH, false, EXTRAS) }], { profile, language, gb });
    t.is(fieldValue(uploaded.lines, words.response)?.value, `95 ${words.reconcile}`);
    const totals = await printJobs([{ kind: "totals", report: totalsReport(BATCH, EXTRAS) }], { profile, language, gb });
    t.is(totalOf(totals), "CNY 230.00");
    t.is(fieldValue(totals.lines, words.response), undefined, "a totals report has no host response");
  });
}

const NAME = "珍珠奶茶 Bubble tea with extra pearls";
for (const width of [58, 80] as const) {
  for (const language of ["zh", "both"] as const satisfies readonly ReceiptLanguage[]) {
    test(`${width} mm, ${language}: a product's Chinese name prints whole, in GB18030 on a Chinese model, wrapped within the paper`, (t) => {
      const profile: PrinterProfile = printerProfile(width, { chinese: true });
      const item = { name: NAME, quantity: 2, unitPrice: 2800, lineTotal: 5600 };
      const { job } = printReceipt(buildReceipt({ ...TRANSACTIONS.sale, items: [item], subtotal: 5600, amount: 5600, cash: undefined }, { copy: "customer" }), { profile, language, gb });
      const paper = readPaper(job.bytes, profile);
      const text = paper.lines.map((l) => l.text).join("\n");
      for (const word of ["珍珠奶茶", "Bubble", "pearls"]) t.true(text.includes(word), word);
      t.true(paper.lines.every((l) => l.right <= profile.dotsPerLine), "every line within the paper");
      t.true(text.includes("CNY 56.00"));
    });
  }
}

test("a receipt without a card (no PAN, no entry mode): no card lines and no cardholder verification line; a card receipt without its PAN is RECEIPT_PAN", (t) => {
  const { pan: _p, entryMode: _e, scheme: _s, chip: _c, ...cash } = TRANSACTIONS.sale;
  const profile = printerProfile(80, { chinese: true });
  const paper = readPaper(printReceipt(buildReceipt({ ...cash, cvm: "none" }, { copy: "customer" }), { profile, language: "en", gb }).job.bytes, profile);
  const text = paper.lines.map((l) => l.text).join("\n");
  for (const label of ["CARD NO.", "CARD TYPE", "ENTRY MODE", "PIN VERIFIED", "NO CARDHOLDER VERIFICATION"]) t.false(text.includes(label), label);
  t.is(fieldValue(paper.lines, "AMOUNT")?.value, "CNY 26.50");
  t.false(text.includes("000000"), "no made-up card number");
  const { pan: _, ...noPan } = TRANSACTIONS.sale;
  t.throws(() => buildReceipt(noPan as ReceiptTransaction, { copy: "customer" }), { code: "RECEIPT_PAN" });
});
