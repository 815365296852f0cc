/**
 * A sale's two receipts (merchant and customer copies, 58 mm, English)
 * through PrinterReceipts, the printer driver and the virtual printer,
 * with the paper running out at every byte of the merchant copy's print
 * data and at both ends and every fifth byte of the customer copy's:
 * whatever the byte, the paper holds exactly one whole copy of each receipt, every
 * other piece strictly a start of a copy, and every copy printed again
 * after an interruption marked REPRINT.
 */
import test from "ava";
import { printerProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import { maskPanForReceipt } from "../../modules/receipt/masked-pan.ts";
import { printReceipt } from "../../modules/receipt/render.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import type { ReceiptJob } from "../../modules/terminal/ports.ts";
import { interpretEscPos, type PaperItem } from "../../hosts/escpos-paper/index.ts";
import { rig } from "../drivers/printer/rig.ts";

const PROFILE = printerProfile(58, { chunkBytes: 64 });

/** A chip sale; the host's auth code AB-123 has a hyphen (DE38 is printable text, and the journal keeps it so). */
const SALE: ReceiptTransaction = {
  merchant: { name: "XSPOS TEST SHOP", merchantId: "XSPOS0000000001", terminalId: "TID00001" },
  when: { epochMs: Date.UTC(2026, 10, 25, 23, 30, 5), offsetMinutes: 120 },
  type: "sale",
  scheme: "visa",
  // Visa test card 4761739001010010 (Visa's published test PAN) masked
  pan: maskPanForReceipt("4761739001010010"),
  entryMode: "chip",
  chip: { aid: "A0000000031010", label: "VISA CREDIT", tvr: "0000008000", tsi: "E800", cryptogram: "8E1FA5C23B7D0946", cryptogramType: "TC" },
  amount: 1250,
  currency: { code: "EUR", exponent: 2 },
  authCode: "AB-123",
  rrn: "000000000101",
  batch: "000001",
  trace: "000002",
  invoice: "000001",
  response: { code: "00" },
  cvm: "pin",
};

function bytesOf(copy: "merchant" | "customer", reprint: boolean): Uint8Array {
  return printReceipt(buildReceipt(SALE, { copy, ...(reprint ? { mark: "reprint" as const } : {}) }), { profile: PROFILE, language: "en" }).job.bytes;
}

function pieces(items: PaperItem[]): PaperItem[][] {
  const out: PaperItem[][] = [];
  let current: PaperItem[] = [];
  for (const item of items) {
    current.push(item);
    if (item.type === "cut") {
      out.push(current);
      current = [];
    }
  }
  if (current.length) out.push(current);
  return out;
}

/** A piece as text: its items without stream offsets or heights (a piece's position on the roll differs). */
function shape(items: PaperItem[]): string[] {
  return items.map((item) => {
    const { offset: _o, ...rest } = item as PaperItem & { y?: number };
    delete (rest as { y?: number }).y;
    return JSON.stringify(rest);
  });
}

const WHOLE = {
  merchant: shape(pieces(interpretEscPos(bytesOf("merchant", false), { width: 58 }).items)[0]),
  merchantReprint: shape(pieces(interpretEscPos(bytesOf("merchant", true), { width: 58 }).items)[0]),
  customer: shape(pieces(interpretEscPos(bytesOf("customer", false), { width: 58 }).items)[0]),
  customerReprint: shape(pieces(interpretEscPos(bytesOf("customer", true), { width: 58 }).items)[0]),
};

/** Which whole copy a piece is, or "partial" when it is a strict start of one (ended by the cut of resume), or "garbage". */
function classify(piece: string[]): string {
  for (const [name, whole] of Object.entries(WHOLE)) if (piece.length === whole.length && piece.every((x, i) => x === whole[i])) return name;
  const body = piece.slice(0, -1);
  const cut = piece.at(-1);
  for (const whole of Object.values(WHOLE)) {
    if (body.length < whole.length - 1 && cut === whole.at(-1) && body.every((x, i) => x === whole[i])) return "partial";
  }
  return "garbage";
}

/** Prints both copies, loading paper and trying again (marked REPRINT) after each interruption; returns the jobs the terminal would have sent. */
async function printSale(paperOutAt: number) {
  const { printer, device, run, wait } = rig({ paperOutAt }, { profile: PROFILE });
  const receipts = new PrinterReceipts({ printer, profile: PROFILE, language: "en" });
  const sent: ReceiptJob[] = [];
  for (const copy of ["MERCHANT", "CARDHOLDER"] as const) {
    let job: ReceiptJob = { kind: "transaction", copy, transaction: SALE, reprint: false };
    for (let attempt = 0; attempt < 3; attempt++) {
      sent.push(job);
      const r = await run(receipts.print(job));
      if (r.printed) break;
      device.loadPaper();
      await wait(1100);
      job = { ...job, reprint: true };
    }
  }
  return { paper: interpretEscPos(Uint8Array.from(device.printed), { width: 58 }), device, sent };
}

test("the receipt of a host auth code with a hyphen prints it as the journal keeps it", async (t) => {
  const { paper } = await printSale(1_000_000);
  const text = paper.items.filter((i) => i.type === "text").map((i) => (i as { text: string }).text).join("\n");
  t.regex(text, /AB-123/);
});

test("paper out at every byte of the merchant copy and sampled bytes of the customer copy of a 58 mm sale receipt: exactly one whole copy of each, interrupted pieces strictly partial, reprints marked", async (t) => {
  const merchant = bytesOf("merchant", false).length;
  const customer = bytesOf("customer", false).length;
  // every print-data position of the merchant copy; in the customer copy, its first and last 16 bytes and every 5th byte between (run time); then one past the end
  const positions: number[] = [];
  for (let p = 0; p <= merchant + customer; p++) {
    const c = p - merchant;
    if (c < 16 || c >= customer - 16 || c % 5 === 0) positions.push(p);
  }
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const p of positions) {
    const { paper, sent } = await printSale(p);
    const kinds = pieces(paper.items).map((piece) => classify(shape(piece)));
    const wholeMerchant = kinds.filter((k) => k === "merchant" || k === "merchantReprint").length;
    const wholeCustomer = kinds.filter((k) => k === "customer" || k === "customerReprint").length;
    const reprinted = sent.filter((j) => j.kind === "transaction" && j.reprint).length;
    const marked = kinds.filter((k) => k.endsWith("Reprint")).length;
    const ok = paper.problems.length === 0 && wholeMerchant === 1 && wholeCustomer === 1 && !kinds.includes("garbage") &&
      kinds.filter((k) => k === "partial").length === marked && marked <= reprinted;
    seen.add(kinds.join(","));
    if (!ok) failures.push(`paper out at ${p}: ${kinds.join(", ")}; problems ${JSON.stringify(paper.problems)}`);
    if (failures.length > 3) break;
  }
  t.deepEqual(failures, []);
  t.deepEqual([...seen].sort(), ["merchant,customer", "merchant,partial,customerReprint", "partial,merchantReprint,customer"]);
});

test("paper out on the merchant copy's final cut: the cut is sent again, not the copy (one whole unmarked merchant copy)", async (t) => {
  const merchant = bytesOf("merchant", false);
  // the copy ends with GS V 66 n (feed and partial cut): the paper ends on its first byte
  t.deepEqual([...merchant.subarray(-4, -2)], [0x1d, 0x56]);
  const { paper, sent } = await printSale(merchant.length - 4);
  t.deepEqual(pieces(paper.items).map((piece) => classify(shape(piece))), ["merchant", "customer"]);
  t.deepEqual(sent.map((j) => j.kind === "transaction" && [j.copy, j.reprint]), [["MERCHANT", false], ["MERCHANT", true], ["CARDHOLDER", false]], "the terminal asked again; the driver only cut");
});
