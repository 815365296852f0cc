/**
 * A sale's two receipts (merchant and customer copies) through
 * PrinterReceipts, the printer driver and the virtual printer, on a
 * printer that buffers what the line brings (4 KB) and prints it slower
 * (4 bytes a ms), with the paper running out at every byte of both
 * copies' print data: whatever the byte, the paper holds exactly one
 * whole copy of each receipt, read back with the interpreter. Two
 * printers: one that clears its buffer on recovery (DLE DC4 fn=8; every
 * other piece is strictly a start of a copy, and every copy printed again
 * after an interruption is marked REPRINT), one that cannot (it prints
 * the rest of its buffer once paper is back and the driver sends the rest
 * of the copy after it: one copy, no reprint). Also a Chinese receipt
 * with a QR code on a 58 mm Chinese model, a session that starts after a
 * reboot interrupted a copy, and a scan of every byte sent to the printer
 * for the card's secrets.
 */
import test from "ava";
import { loadGbTable } from "../../modules/escpos/gb-table.ts";
import { printerProfile, type PrinterProfile } from "../../modules/escpos/profile.ts";
import { buildReceipt } from "../../modules/receipt/build-receipt.ts";
import type { ReceiptLanguage } from "../../modules/receipt/labels.ts";
import { maskPanForReceipt } from "../../modules/receipt/masked-pan.ts";
import { printReceipt } from "../../modules/receipt/render.ts";
import { responseText } from "../../modules/receipt/response-text.ts";
import type { ReceiptTransaction } from "../../modules/receipt/transaction.ts";
import { PrinterReceipts } from "../../modules/terminal/printer-receipts.ts";
import type { ReceiptJob } from "../../modules/terminal/ports.ts";
import { EscPosPrinter } from "../../drivers/printer/escpos-printer.ts";
import { virtualPrinter, type VirtualPrinterConfig } from "../../hosts/desktop/virtual-printer.ts";
import { VirtualClock } from "../../modules/core/virtual-clock.ts";
import { interpretEscPos, type PaperItem } from "../../hosts/escpos-paper/index.ts";
import { rig } from "../drivers/printer/rig.ts";

/** The printer buffers and prints slower than the line (115200 bit/s: 11.5 bytes a ms): a copy is on the line in about 50 ms, on paper in about 150. */
const PACED: VirtualPrinterConfig = { bufferBytes: 4096, printBytesPerMs: 4 };
/** the driver polls the status every 100 ms (the sweeps' run time) */
const POLL_MS = 100;

/** The ESC @ each session starts with (PrinterReceipts resets the printer before its first job): print data before the first copy. */
const RESET = 2;

interface Variant {
  name: string;
  profile: PrinterProfile;
  printer: VirtualPrinterConfig;
  language: ReceiptLanguage;
  chinese: boolean;
  sale: ReceiptTransaction;
}
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


/** A Chinese receipt with a QR code (an e-receipt link), the model printing GB18030 and drawing the QR code itself. */
const SALE_ZH: ReceiptTransaction = { ...SALE, qr: "https://pay.example/r/000002" };

const CLEARING = printerProfile(58, { chunkBytes: 64 });
const KEEPING = printerProfile(58, { chunkBytes: 64, clearBuffers: false });
const CHINESE = printerProfile(58, { chinese: true, chunkBytes: 64 });
const GB = loadGbTable();

const VARIANTS: Record<string, Variant> = {
  clearing: { name: "a printer that clears its buffer", profile: CLEARING, printer: PACED, language: "en", chinese: false, sale: SALE },
  keeping: { name: "a printer that keeps its buffer", profile: KEEPING, printer: { ...PACED, clearBuffers: false }, language: "en", chinese: false, sale: SALE },
  chinese: { name: "a Chinese model, a Chinese receipt with a QR code", profile: CHINESE, printer: PACED, language: "zh", chinese: true, sale: SALE_ZH },
};

/** A copy as PrinterReceipts prints it: the response code with its words in the receipt's language. */
function bytesOf(v: Variant, copy: "merchant" | "customer", reprint: boolean): Uint8Array {
  const printed: ReceiptTransaction = { ...v.sale, response: { code: "00", text: responseText("00", v.language) } };
  return printReceipt(buildReceipt(printed, { copy, ...(reprint ? { mark: "reprint" as const } : {}) }), { profile: v.profile, language: v.language, ...(v.chinese ? { gb: GB } : {}) }).job.bytes;
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

const wholes = new Map<Variant, Record<string, string[]>>();
function wholeCopies(v: Variant): Record<string, string[]> {
  let w = wholes.get(v);
  if (!w) {
    const one = (copy: "merchant" | "customer", reprint: boolean) => shape(pieces(interpretEscPos(bytesOf(v, copy, reprint), { width: 58, chinese: v.chinese }).items)[0]);
    w = { merchant: one("merchant", false), merchantReprint: one("merchant", true), customer: one("customer", false), customerReprint: one("customer", true) };
    wholes.set(v, w);
  }
  return w;
}

/** Which whole copy a piece is, or "partial" when it is a strict start of one (ended by the cut of resume), or "garbage". */
function classify(v: Variant, piece: string[]): string {
  const whole = wholeCopies(v);
  for (const [name, w] of Object.entries(whole)) if (piece.length === w.length && piece.every((x, i) => x === w[i])) return name;
  const body = piece.slice(0, -1);
  const cut = piece.at(-1);
  for (const w of Object.values(whole)) {
    if (body.length < w.length - 1 && cut === w.at(-1) && body.every((x, i) => x === w[i])) return "partial";
  }
  return "garbage";
}

/** Prints both copies, loading paper and trying again (marked REPRINT, as the terminal asks) after each interruption; returns the jobs the terminal would have sent. */
async function printSale(v: Variant, paperOutAt: number) {
  const { printer, device, run, wait } = rig({ ...v.printer, paperOutAt }, { profile: v.profile, pollMs: POLL_MS });
  const receipts = new PrinterReceipts({ printer, profile: v.profile, language: v.language, ...(v.chinese ? { gb: GB } : {}) });
  const sent: ReceiptJob[] = [];
  for (const copy of ["MERCHANT", "CARDHOLDER"] as const) {
    let job: ReceiptJob = { kind: "transaction", copy, transaction: v.sale, reprint: false };
    for (let attempt = 0; attempt < 3; attempt++) {
      sent.push(job);
      const r = await run(receipts.print(job));
      if (r.printed) break;
      device.loadPaper();
      await wait(POLL_MS + 50);
      job = { ...job, reprint: true };
    }
  }
  return { paper: interpretEscPos(Uint8Array.from(device.printed), { width: 58, chinese: v.chinese }), device, sent };
}

/** The card's secrets no byte sent to the printer may hold (the sale's card: Visa's published test PAN 4761739001010010). */
const SECRETS = ["4761739001010010", "4761739001010010=", "476173900101001", "1234", "D2812"].map((s) => Buffer.from(s, "latin1"));
const BCD_PAN = Buffer.from("4761739001010010", "hex");
function leaks(received: number[]): string[] {
  const hay = Buffer.from(received);
  return [...SECRETS, BCD_PAN].filter((s) => hay.includes(s)).map((s) => s.toString("hex"));
}

/**
 * Paper out at each of `positions` (print data: the session's ESC @, then the merchant copy, then the customer copy):
 * the failures found, and the kinds of paper seen.
 */
async function sweep(v: Variant, positions: number[]) {
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const p of positions) {
    const { paper, sent, device } = await printSale(v, p);
    const kinds = pieces(paper.items).map((piece) => classify(v, shape(piece)));
    const wholeMerchant = kinds.filter((k) => k === "merchant" || k === "merchantReprint").length;
    const wholeCustomer = kinds.filter((k) => k === "customer" || k === "customerReprint").length;
    const reprinted = sent.filter((j) => j.kind === "transaction" && j.reprint).length;
    const marked = kinds.filter((k) => k.endsWith("Reprint")).length;
    const leaked = leaks(device.received);
    const ok = paper.problems.length === 0 && wholeMerchant === 1 && wholeCustomer === 1 && !kinds.includes("garbage") &&
      kinds.filter((k) => k === "partial").length === marked && marked <= reprinted && leaked.length === 0;
    seen.add(kinds.join(","));
    if (!ok) failures.push(`paper out at ${p}: ${kinds.join(", ")}; problems ${JSON.stringify(paper.problems)}; leaks ${leaked.join(" ")}`);
    if (failures.length > 3) break;
  }
  return { failures, seen: [...seen].sort() };
}

test("the receipt of a host auth code with a hyphen prints it as the journal keeps it", async (t) => {
  const { paper } = await printSale(VARIANTS.clearing, 1_000_000);
  const text = paper.items.filter((i) => i.type === "text").map((i) => (i as { text: string }).text).join("\n");
  t.regex(text, /AB-123/);
});

const every = (n: number) => Array.from({ length: n + 1 }, (_, i) => i);

/** The sweep in slices of this many positions, one test each (the runner hears of progress as each ends). */
const SLICE = 200;

// paper out on the session's ESC @ stops the reset before any copy: the merchant copy is then printed as a reprint after a blank cut
const KINDS = {
  clearing: ["merchant,customer", "merchant,partial,customerReprint", "partial,merchantReprint,customer"],
  keeping: ["merchant,customer", "partial,merchantReprint,customer"],
};

for (const key of ["clearing", "keeping"] as const) {
  const v = VARIANTS[key];
  const total = RESET + bytesOf(v, "merchant", false).length + bytesOf(v, "customer", false).length;
  const seen = new Set<string>();
  let slices = 0;
  for (let from = 0; from <= total; from += SLICE) {
    const to = Math.min(total, from + SLICE - 1);
    const what =
      key === "clearing"
        ? "exactly one whole copy of each, interrupted pieces strictly partial, reprints marked"
        : "the rest of the copy prints after the paper is back: exactly one whole unmarked copy of each";
    test(`${v.name}, paced, paper out at every byte ${from} to ${to} of ${total} (the reset's ESC @, both copies of a 58 mm sale receipt): ${what}, no secret sent`, async (t) => {
      const r = await sweep(v, every(to).slice(from));
      for (const k of r.seen) seen.add(k);
      t.deepEqual(r.failures, []);
      for (const k of r.seen) t.true(KINDS[key].includes(k), k);
      if (++slices === Math.ceil((total + 1) / SLICE)) t.deepEqual([...seen].sort(), KINDS[key], "every outcome over the whole sweep");
    });
  }
}

test("a Chinese receipt with a QR code on a 58 mm Chinese model, paper out at every byte of the merchant copy and the first and last bytes of the customer copy: exactly one whole copy of each", async (t) => {
  const v = VARIANTS.chinese;
  const merchant = bytesOf(v, "merchant", false).length;
  const customer = bytesOf(v, "customer", false).length;
  const text = interpretEscPos(bytesOf(v, "merchant", false), { width: 58, chinese: true }).items;
  t.true(text.some((i) => i.type === "qr"), "the receipt holds a QR code");
  t.true(text.some((i) => i.type === "text" && /[\u4e00-\u9fff]/.test(i.text)), "the receipt holds Chinese text");
  const positions = every(RESET + merchant + customer).filter((p) => p <= RESET + merchant + 16 || p >= RESET + merchant + customer - 16);
  t.timeout(600_000);
  const { failures } = await sweep(v, positions);
  t.deepEqual(failures, []);
  t.log(`${positions.length} positions: all ${RESET + merchant} of the reset and the merchant copy, the customer copy's first 16 and last 17 of ${customer}`);
});

test("paper out on the merchant copy's final cut: the cut is sent again, not the copy (one whole unmarked merchant copy)", async (t) => {
  const v = VARIANTS.clearing;
  const merchant = bytesOf(v, "merchant", false);
  // the copy ends with GS V 66 n (feed and partial cut): the paper ends on its first byte
  t.deepEqual([...merchant.subarray(-4, -2)], [0x1d, 0x56]);
  const { paper, sent } = await printSale(v, RESET + merchant.length - 4);
  t.deepEqual(pieces(paper.items).map((piece) => classify(v, shape(piece))), ["merchant", "customer"]);
  t.deepEqual(sent.map((j) => j.kind === "transaction" && [j.copy, j.reprint]), [["MERCHANT", false], ["MERCHANT", true], ["CARDHOLDER", false]], "the terminal asked again; the driver only cut");
});

test("after a reboot that interrupted the merchant copy (the printer kept power and held the rest of it), the new session clears the buffer, cuts, and prints the copy again marked REPRINT: one whole copy of each, no secret sent", async (t) => {
  const v = VARIANTS.clearing;
  const clock = new VirtualClock();
  const vp = virtualPrinter({ clock, ...v.printer, paperOutAt: RESET + 300 });
  const run = <T>(work: Promise<T>) => clock.settle(work, 10);
  // the first session: the merchant copy stops at paper end; then the power goes (the driver closes with the copy unfinished)
  const first = new EscPosPrinter({ serial: { io: vp.Serial }, clock, profile: v.profile });
  const r1 = await run(new PrinterReceipts({ printer: first, profile: v.profile, language: "en" }).print({ kind: "transaction", copy: "MERCHANT", transaction: v.sale, reprint: false }));
  t.like(r1, { printed: false, problem: "PAPER_END" });
  first.close();
  // the printer still held the rest of the copy: the power went before the first session could clear it
  vp.device.receive(bytesOf(v, "merchant", false).subarray(400));
  t.true(vp.device.buffered > 0, "the printer holds the rest of the interrupted copy");
  // the second session: the journal holds the merchant copy as printing, so the terminal prints it again marked REPRINT;
  // the paper is still out, then loaded while the terminal waits
  const second = new EscPosPrinter({ serial: { io: vp.Serial }, clock, profile: v.profile });
  const receipts = new PrinterReceipts({ printer: second, profile: v.profile, language: "en" });
  const reprint: ReceiptJob = { kind: "transaction", copy: "MERCHANT", transaction: v.sale, reprint: true };
  t.like(await run(receipts.print(reprint)), { printed: false });
  t.is(vp.device.buffered, 0, "the reset cleared what the printer held");
  vp.device.loadPaper();
  await run(new Promise<void>((resolve) => clock.set(resolve, 1100)));
  t.deepEqual(await run(receipts.print(reprint)), { printed: true });
  t.deepEqual(await run(receipts.print({ kind: "transaction", copy: "CARDHOLDER", transaction: v.sale, reprint: false })), { printed: true });
  const paper = interpretEscPos(Uint8Array.from(vp.device.printed), { width: 58 });
  t.deepEqual(paper.problems, []);
  t.deepEqual(pieces(paper.items).map((piece) => classify(v, shape(piece))), ["partial", "merchantReprint", "customer"]);
  t.deepEqual(leaks(vp.device.received), []);
  second.close();
});

test("the secret scan finds a full PAN, a PIN and track data when they are sent to the printer", (t) => {
  t.deepEqual(leaks([...Buffer.from("x4761739001010010=2812y1234")]).length, 4);
  t.deepEqual(leaks([...BCD_PAN]), [BCD_PAN.toString("hex")]);
});
