/**
 * Bad input on the terminal's printing path (PrinterReceipts, the driver,
 * the virtual printer): a status byte of every value to every DLE EOT
 * query, a printer that answers nothing, and names, addresses, item names
 * and the host's response text of any length and any Unicode, on a
 * Chinese model and on a printer that draws Chinese from the host's
 * glyphs. Each ends in a print result (printed, or a printer problem the
 * terminal shows), never an exception.
 */
import test from "ava";
import fc from "fast-check";
import { decodeStatus, interruptReason } from "../../drivers/printer/status.ts";
import { loadGb18030Table, loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile } from "../../modules/escpos/profile.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { PrinterReceipts, type PrinterReceiptsOptions } from "../../modules/terminal/printer-receipts.ts";
import type { PrintResult, ReceiptJob } from "../../modules/terminal/ports.ts";
import { rig } from "../drivers/printer/rig.ts";
import { TRANSACTIONS } from "../modules/receipt/fixtures.ts";
import { receiptGlyphs } from "../support/receipt-glyphs.ts";
import { readPaper } from "../support/receipt-paper.ts";

const PROFILE = printerProfile(58, { chinese: true, chunkBytes: 512 });
const JOB: ReceiptJob = { kind: "transaction", copy: "CARDHOLDER", transaction: TRANSACTIONS.refund, reprint: false };
const XON = 0x11;
const XOFF = 0x13;

/** What the terminal is told for a status that stops a job (the driver's reason, as PrinterReceipts names it). */
const PROBLEM: Record<string, string> = { "paper-end": "PAPER_END", "cover-open": "COVER_OPEN", offline: "OFFLINE", "not-responding": "OFFLINE" };

/** One print through PrinterReceipts with the printer answering `answers[n - 1]` to DLE EOT n. */
async function printWithStatus(answers: number[] | "mute"): Promise<PrintResult> {
  const { printer, device, run, wait } = rig({}, { profile: PROFILE, pollMs: 50 });
  if (answers === "mute") device.mute = true;
  else device.answer = (n) => answers[n - 1];
  await wait(700);
  const receipts = new PrinterReceipts({ printer, profile: PROFILE, language: "both", gb: loadGbTable() });
  try {
    return await run(receipts.print(JOB));
  } finally {
    printer.close();
  }
}

/** The result a status calls for: printed when it is a ready status, else its problem. */
function expected(answers: number[]): PrintResult | undefined {
  // XON and XOFF are flow control under this profile, never status answers: the query goes unanswered
  if (answers.some((b) => b === XON || b === XOFF)) return undefined;
  const reason = interruptReason(decodeStatus(answers as [number, number, number, number]));
  return reason === undefined ? { printed: true } : { printed: false, problem: (PROBLEM[reason] ?? "ERROR") as "ERROR" };
}

test("every status byte 00-FF to each DLE EOT query (the others ready): printed exactly when the status is ready, else the status's problem", async (t) => {
  const ready = [0x16, 0x12, 0x12, 0x12];
  const wrong: string[] = [];
  for (let n = 0; n < 4; n++) {
    for (let v = 0; v < 256; v++) {
      const answers = ready.map((b, i) => (i === n ? v : b));
      const want = expected(answers);
      const got = await printWithStatus(answers);
      if (want === undefined ? got.printed : JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`DLE EOT ${n + 1} → ${v.toString(16)}: ${JSON.stringify(got)}`);
    }
  }
  t.deepEqual(wrong, []);
});

test("property: any four status bytes end in a print result, printed only for a ready status", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), async (answers) => {
      const got = await printWithStatus(answers);
      const want = expected(answers);
      return want === undefined ? !got.printed : JSON.stringify(got) === JSON.stringify(want);
    }),
    { numRuns: 150 },
  );
  t.pass();
});

test("a printer that answers nothing: not printed, OFFLINE, no exception", async (t) => {
  t.deepEqual(await printWithStatus("mute"), { printed: false, problem: "OFFLINE" });
});

const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: fc.constantFrom("中", "€", "¥", "\u{20000}", "😀", "\ud800", "\u0000", "\u001b", "\u200b", "\u0301", "한", " ", "A", "1"), maxLength: 300 }),
);

for (const [name, options] of [
  ["a Chinese model with GB18030's four-byte codes", { profile: PROFILE, gb: loadGb18030Table() }],
  ["a printer without a Chinese font, with the host's glyphs", { profile: printerProfile(58, { chunkBytes: 512 }), glyphs: receiptGlyphs() }],
] as [string, Omit<PrinterReceiptsOptions, "printer" | "language">][]) {
  test(`property, ${name}: any Unicode of any length as the merchant's name, address, item names and response text prints, every line within the paper`, async (t) => {
    await fc.assert(
      fc.asyncProperty(anyText, anyText, fc.array(anyText, { maxLength: 3 }), anyText, fc.constantFrom("en" as const, "zh" as const, "both" as const), async (merchant, address, items, response, language) => {
        const tx: ReceiptTransaction = {
          ...TRANSACTIONS.sale,
          merchant: { ...TRANSACTIONS.sale.merchant, name: merchant, address: [address] },
          items: items.map((n) => ({ name: n, quantity: 1, unitPrice: 100, lineTotal: 100 })),
          response: { code: "00", text: response },
        };
        const { printer, device, run, wait } = rig({ kanjiByDefault: false }, { profile: options.profile });
        const receipts = new PrinterReceipts({ printer, language, ...options });
        const r = await run(receipts.print({ kind: "transaction", copy: "MERCHANT", transaction: tx, reprint: false }));
        for (let i = 0; i < 1000 && device.buffered > 0; i++) await wait(100);
        printer.close();
        if (!r.printed) throw new Error(`not printed: ${r.problem}`);
        const paper = readPaper(Uint8Array.from(device.printed), options.profile);
        if (paper.paper.problems.length) throw new Error(JSON.stringify(paper.paper.problems));
        return paper.cuts === 1 && paper.lines.every((l) => l.right <= options.profile.dotsPerLine);
      }),
      { numRuns: 25 },
    );
    t.pass();
  });
}
