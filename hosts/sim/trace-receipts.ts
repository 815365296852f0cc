import type { Log } from "../../modules/core/ports.ts";
import type { PrintResult, ReceiptJob, ReceiptPort } from "../../modules/terminal/ports.ts";
import { readToken } from "../escpos-paper/tokenize.ts";

/**
 * The receipts port of the simulator: each job goes to the ESC/POS
 * printer side as on the board (`printer`: PrinterReceipts on the virtual
 * printer), and what the virtual printer puts on paper is written to the
 * log as it prints, a line of the log per printed line ({@link paper},
 * the virtual printer's `onPrinted`). The reading is small: characters
 * (code page 437's ASCII part; other bytes as `?`), line feeds, `ESC d`
 * feeds, `ESC a` centring within `columns`, `GS ( k` as a `[QR code]`
 * line and `GS V` as the cut; every other command is skipped. It shows
 * what reached the paper, not what was meant to: a copy the printer
 * stopped shows as far as it got, then the printer's problem. Nothing of
 * the paper is kept but the line being printed: the board's heap holds
 * no paper, nor should the simulator's, whose heap is measured.
 */
export class TraceReceipts implements ReceiptPort {
  readonly #printer: ReceiptPort;
  readonly #log: Log;
  readonly #columns: number;
  #line = "";
  #center = false;

  constructor(options: { printer: ReceiptPort; log: Log; columns: number }) {
    this.#printer = options.printer;
    this.#log = options.log;
    this.#columns = options.columns;
  }

  print(job: ReceiptJob): Promise<PrintResult> {
    this.#log.write(`receipt: ${job.kind === "transaction" ? `${job.copy.toLowerCase()} copy` : `${job.kind} report`}`);
    this.#log.write(this.#rule());
    // a handler, not an async function awaiting the printer: that would hold its saved frame in the heap the simulator measures
    return this.#printer.print(job).then((result) => this.#printed(result));
  }

  #printed(result: PrintResult): PrintResult {
    if (this.#line) this.#end();
    if (!result.printed) this.#log.write(`receipt: stopped (${result.problem})`);
    return result;
  }

  /** Whole commands as they reach the paper, in order. */
  paper(commands: Uint8Array): void {
    const log = this.#log;
    for (let at = 0; at < commands.length; ) {
      const token = readToken(commands, at, false);
      if (!token) break;
      at += token.length;
      if (token.kind === "text") {
        const b = commands[token.offset];
        this.#line += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "?";
      } else if (token.name === "LF") this.#end();
      else if (token.name === "ESC d") for (let i = 0; i < token.params[0]; i++) this.#end();
      else if (token.name === "ESC a") this.#center = (token.params[0] & 0x0f) === 1;
      else if (token.name === "ESC @") this.#center = false;
      else if (token.name === "GS (" && commands[token.offset + 2] === 0x6b && token.params[2] === 0x31 && token.params[3] === 0x51) log.write("[QR code]");
      else if (token.name === "GS V") {
        if (this.#line) this.#end();
        log.write(this.#rule());
      }
    }
  }

  #rule(): string {
    return "=".repeat(this.#columns);
  }

  #end(): void {
    const line = this.#line;
    this.#log.write(this.#center ? " ".repeat(Math.max(0, Math.floor((this.#columns - line.length) / 2))) + line : line);
    this.#line = "";
  }
}
