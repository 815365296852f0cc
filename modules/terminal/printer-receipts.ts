import { isXsposError } from "../core/error.ts";
import type { PrinterProblem } from "../display/message.ts";
import type { GbTable } from "../escpos/gb-table.ts";
import type { PrinterProfile } from "../escpos/profile.ts";
import { buildReceipt } from "../receipt/build-receipt.ts";
import { buildSettlementReport } from "../receipt/build-report.ts";
import type { ReceiptLanguage } from "../receipt/labels.ts";
import { printReceipt } from "../receipt/render.ts";
import type { PrintResult, ReceiptJob, ReceiptPort } from "./ports.ts";

/**
 * The printer driver as the receipts need it: structurally the
 * `EscPosPrinter` of drivers/printer (a module does not import a driver).
 */
export interface ReceiptPrinterDriver {
  print(job: { id: string; bytes: Uint8Array }): Promise<{ state: "printing" | "done" | "interrupted"; reason?: string; uncut?: boolean }>;
  /** ends an interrupted copy, so the next one prints from its start */
  resume(): Promise<void>;
}

/** Options of {@link PrinterReceipts}. */
export interface PrinterReceiptsOptions {
  printer: ReceiptPrinterDriver;
  profile: PrinterProfile;
  language: ReceiptLanguage;
  /** the GB18030 table of a Chinese model */
  gb?: GbTable;
}

const PROBLEMS: Readonly<Record<string, PrinterProblem>> = { "paper-end": "PAPER_END", "cover-open": "COVER_OPEN", offline: "OFFLINE" };

/**
 * The terminal's {@link ReceiptPort} on a printer driver: each job becomes
 * a receipt document (modules/receipt), ESC/POS bytes (modules/escpos),
 * and a print job; an interrupted copy is ended with `resume()` (a cut)
 * before the next one, which prints from its start. A copy the driver
 * reports `uncut` (whole on paper, only its final feed and cut missing)
 * is not printed again: the cut of `resume()` completes it, and asking
 * for that copy again reports it printed.
 */
export class PrinterReceipts implements ReceiptPort {
  readonly #o: PrinterReceiptsOptions;
  #interrupted = false;
  /** the copy whose text is whole on paper and waits for its cut */
  #uncut: string | undefined;
  #count = 0;

  constructor(options: PrinterReceiptsOptions) {
    this.#o = options;
  }

  async print(job: ReceiptJob): Promise<PrintResult> {
    const doc = job.kind === "transaction"
      ? buildReceipt(job.transaction, { copy: job.copy === "MERCHANT" ? "merchant" : "customer", ...(job.reprint ? { mark: "reprint" as const } : {}) })
      : buildSettlementReport(job.report);
    const { job: encoded } = printReceipt(doc, { profile: this.#o.profile, language: this.#o.language, ...(this.#o.gb ? { gb: this.#o.gb } : {}) });
    const id = job.kind === "transaction" ? `${job.transaction.trace}-${job.copy.toLowerCase()}` : `settlement-${job.report.batch}`;
    try {
      if (this.#interrupted) {
        await this.#o.printer.resume();
        this.#interrupted = false;
        const uncut = this.#uncut;
        this.#uncut = undefined;
        if (uncut === id) return { printed: true };
      }
      const state = await this.#o.printer.print({ id: `${id}-${++this.#count}`, bytes: encoded.bytes });
      if (state.state === "done") return { printed: true };
      this.#interrupted = true;
      this.#uncut = state.uncut ? id : undefined;
      return { printed: false, problem: PROBLEMS[state.reason ?? ""] ?? "ERROR" };
    } catch (e) {
      if (!isXsposError(e)) throw e;
      return { printed: false, problem: e.code === "PRINTER_NOT_READY" ? "OFFLINE" : "ERROR" };
    }
  }
}
