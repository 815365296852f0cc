import { isXsposError } from "../core/error.ts";
import type { PrinterProblem } from "../display/message.ts";
import type { CodePage } from "../escpos/code-page.ts";
import type { GbTable } from "../escpos/gb-table.ts";
import type { PrinterProfile } from "../escpos/profile.ts";
import { buildReceipt } from "../receipt/build-receipt.ts";
import { buildSettlementReport, buildTotalsReport } from "../receipt/build-report.ts";
import { checkImage } from "../receipt/check-field.ts";
import type { ReceiptDocument, ReceiptImage } from "../receipt/document.ts";
import type { GlyphFont } from "../receipt/glyph-font.ts";
import type { ReceiptLanguage } from "../receipt/labels.ts";
import { printReceipt } from "../receipt/render.ts";
import { responseText } from "../receipt/response-text.ts";
import type { ReceiptTransaction } from "../receipt/transaction.ts";
import type { AmountFormat } from "../receipt/money.ts";
import type { ReceiptAmounts } from "../config/types.ts";
import type { PrintResult, ReceiptJob, ReceiptPort } from "./ports.ts";

/**
 * The printer driver as the receipts need it: structurally the
 * `EscPosPrinter` of drivers/printer (a module does not import a driver).
 */
export interface ReceiptPrinterDriver {
  /** resolves `done` once the printer has printed the copy */
  print(job: { id: string; bytes: Uint8Array }): Promise<{ state: "printing" | "done" | "interrupted"; reason?: string; uncut?: boolean }>;
  /**
   * deals with an interrupted copy: `ended` (cut after what printed: print it again from its start), `complete`
   * (whole on paper now: do not print it again), `interrupted` (its rest stopped again)
   */
  resume(): Promise<{ copy: "complete" | "ended" | "interrupted"; reason?: string }>;
  /** puts the printer in a known state at the start of a session; with `cut`, ends what the last session left on the paper */
  reset(cut: boolean): Promise<void>;
}

/** Options of {@link PrinterReceipts}. */
export interface PrinterReceiptsOptions {
  printer: ReceiptPrinterDriver;
  profile: PrinterProfile;
  language: ReceiptLanguage;
  /** the GB18030 table of a Chinese model */
  gb?: GbTable;
  /** the table of the profile's code page when the host holds it (a flash resource); by default the module's */
  codePage?: CodePage;
  /**
   * Glyphs for a printer without a Chinese font (`profile.chinese`
   * false): the lines code page 437 cannot hold print as raster images
   * (GS v 0) drawn from them. A resource of the host: hosts/node
   * `loadUnifont` on a desktop, a flash resource on the device.
   */
  glyphs?: GlyphFont;
  /** the merchant's logo, a 1-bit raster image printed at the top of every receipt and report (left out on paper narrower than it) */
  logo?: ReceiptImage;
  /**
   * How amounts are written (configuration `receipt.amounts`): the
   * currency's code or symbol, and the separators. Default: the code
   * and en-US separators ("CNY 1,234.50").
   */
  amounts?: ReceiptAmounts;
}

/**
 * The receipt's {@link AmountFormat} for the configuration's amount
 * style: `code` gives "CNY 1.234,50" with these separators, `symbol`
 * "¥1.234,50", or "1.234,50 €" with `symbolAfter`.
 */
export function amountFormat(amounts: ReceiptAmounts): AmountFormat {
  return { style: amounts.style, locale: { decimal: amounts.decimal, group: amounts.group, pattern: amounts.symbolAfter ? "{n} {s}" : "{s}{n}" } };
}

/** The driver's reasons as the screen names them; a printer that does not answer is offline to the merchant. Any other reason (an error status, garbage, a stall) is ERROR. */
const PROBLEMS: Readonly<Record<string, PrinterProblem>> = { "paper-end": "PAPER_END", "cover-open": "COVER_OPEN", offline: "OFFLINE", "not-responding": "OFFLINE" };

function problemOf(reason: string | undefined): PrinterProblem {
  const r = reason ?? "";
  return Object.prototype.hasOwnProperty.call(PROBLEMS, r) ? PROBLEMS[r] : "ERROR";
}

/**
 * The terminal's {@link ReceiptPort} on a printer driver: each job becomes
 * a receipt document (modules/receipt), ESC/POS bytes (modules/escpos),
 * and a print job. A transaction's response code is printed with its
 * words ("00 APPROVED") in the printer's language. The first job of a
 * session resets the printer (buffers cleared where it can, ESC @); when
 * that job is a reprint (the journal found a copy `printing` or
 * `interrupted` at boot, which is why the terminal prints it again) the
 * reset also feeds and cuts, so that the reprint does not follow the
 * interrupted piece on the same paper. An interrupted copy is dealt
 * with by `resume()` before the next job: when the driver reports it
 * `complete` (its cut was all that was missing, or a printer that keeps
 * its buffer printed the rest of it), asking for that copy again reports
 * it printed; otherwise the copy prints again from its start.
 */
export class PrinterReceipts implements ReceiptPort {
  readonly #o: PrinterReceiptsOptions;
  readonly #amounts: AmountFormat | undefined;
  /** the copy interrupted last, waiting for the driver's `resume()` */
  #interrupted: string | undefined;
  /** the printer has been reset this session */
  #ready = false;
  #count = 0;

  /** @throws ReceiptError `RECEIPT_FIELD` for a logo that is no 1-bit image (a host's mistake, found before any receipt) */
  constructor(options: PrinterReceiptsOptions) {
    if (options.logo !== undefined) checkImage(options.logo, "logo");
    this.#o = options;
    this.#amounts = options.amounts ? amountFormat(options.amounts) : undefined;
  }

  async print(job: ReceiptJob): Promise<PrintResult> {
    const o = this.#o;
    const { job: encoded } = printReceipt(this.#document(job), { profile: o.profile, language: o.language, ...(o.gb ? { gb: o.gb } : {}), ...(o.glyphs ? { glyphs: o.glyphs } : {}), ...(o.codePage ? { codePage: o.codePage } : {}) });
    const id = job.kind === "transaction" ? `${job.transaction.trace}-${job.copy.toLowerCase()}` : `${job.kind}-${job.report.batch}`;
    try {
      if (!this.#ready) {
        await o.printer.reset(job.kind === "transaction" && job.reprint);
        this.#ready = true;
      }
      const interrupted = this.#interrupted;
      if (interrupted !== undefined) {
        const r = await o.printer.resume();
        if (r.copy === "interrupted") return { printed: false, problem: problemOf(r.reason) };
        this.#interrupted = undefined;
        if (r.copy === "complete" && interrupted === id) return { printed: true };
      }
      const state = await o.printer.print({ id: `${id}-${++this.#count}`, bytes: encoded.bytes });
      if (state.state === "done") return { printed: true };
      this.#interrupted = id;
      return { printed: false, problem: problemOf(state.reason) };
    } catch (e) {
      if (!isXsposError(e)) throw e;
      // a printer that cannot print yet says why (the driver's reason), as a stopped job does
      if (e.code !== "PRINTER_NOT_READY") return { printed: false, problem: "ERROR" };
      const reason = (e as { reason?: unknown }).reason;
      return { printed: false, problem: typeof reason === "string" ? problemOf(reason) : "OFFLINE" };
    }
  }

  /** The job as a document: the logo on top, amounts in the configured style, and the host's answer in words next to its code in the printer's language. */
  #document(job: ReceiptJob): ReceiptDocument {
    const common = { ...(this.#o.logo ? { logo: this.#o.logo } : {}), ...(this.#amounts ? { amounts: this.#amounts } : {}) };
    // a copy or a report printed again (after a printer problem or a power cut, or from the menu) is marked as a reprint
    const mark = job.reprint ? { mark: "reprint" as const } : {};
    if (job.kind === "settlement") return buildSettlementReport(this.#withWords(job.report), { ...common, ...mark });
    if (job.kind === "totals") return buildTotalsReport(job.report, { ...common, ...mark });
    const tx: ReceiptTransaction = job.transaction;
    return buildReceipt(this.#withWords(tx), { copy: job.copy === "MERCHANT" ? "merchant" : "customer", ...mark, ...common });
  }

  /** A transaction or settlement whose response code has no words yet, with the words for it. */
  #withWords<T extends { response?: { code: string; text?: string } }>(data: T): T {
    const code = data.response?.code;
    const words = data.response && data.response.text === undefined && typeof code === "string" ? responseText(code, this.#o.language) : undefined;
    return words ? { ...data, response: { code, text: words } } : data;
  }
}
