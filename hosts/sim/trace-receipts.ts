import type { Log } from "../../modules/core/ports.ts";
import type { PrintResult, ReceiptJob, ReceiptPort } from "../../modules/terminal/ports.ts";
import { readToken } from "../escpos-paper/tokenize.ts";

/**
 * The receipts port of the simulator: each job goes to the ESC/POS
 * printer side as on the board (`printer`: PrinterReceipts on the virtual
 * printer), then what the virtual printer put on paper since the last
 * job is read back and written to the log, a line of the log per printed
 * line. The reading is small: characters (code page 437's ASCII part;
 * other bytes as `?`), line feeds, `ESC d` feeds, `ESC a` centring
 * within `columns`, `GS ( k` as a `[QR code]` line and `GS V` as the cut;
 * every other command is skipped. It shows what reached the paper, not
 * what was meant to: a copy the printer stopped shows as far as it got.
 * The paper read is torn off (the virtual printer keeps all it printed,
 * for the tests: a simulator that runs for hours would keep it in its
 * heap).
 */
export class TraceReceipts implements ReceiptPort {
  readonly #printer: ReceiptPort;
  readonly #paper: { readonly printed: number[] };
  readonly #log: Log;
  readonly #columns: number;

  constructor(options: { printer: ReceiptPort; paper: { readonly printed: number[] }; log: Log; columns: number }) {
    this.#printer = options.printer;
    this.#paper = options.paper;
    this.#log = options.log;
    this.#columns = options.columns;
  }

  async print(job: ReceiptJob): Promise<PrintResult> {
    const result = await this.#printer.print(job);
    this.#log.write(`receipt: ${job.kind === "transaction" ? `${job.copy.toLowerCase()} copy` : `${job.kind} report`}${result.printed ? "" : `, stopped (${result.problem})`}`);
    this.#trace();
    return result;
  }

  #trace(): void {
    const bytes = Uint8Array.from(this.#paper.printed);
    this.#paper.printed.length = 0;
    const log = this.#log;
    const rule = "=".repeat(this.#columns);
    let line = "";
    let center = false;
    const end = () => {
      log.write(center ? " ".repeat(Math.max(0, Math.floor((this.#columns - line.length) / 2))) + line : line);
      line = "";
    };
    log.write(rule);
    for (let at = 0; at < bytes.length; ) {
      const token = readToken(bytes, at, false);
      if (!token) break;
      at += token.length;
      if (token.kind === "text") {
        const b = bytes[token.offset];
        line += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : "?";
      } else if (token.name === "LF") end();
      else if (token.name === "ESC d") for (let i = 0; i < token.params[0]; i++) end();
      else if (token.name === "ESC a") center = (token.params[0] & 0x0f) === 1;
      else if (token.name === "GS (" && bytes[token.offset + 2] === 0x6b && token.params[2] === 0x31 && token.params[3] === 0x51) log.write("[QR code]");
      else if (token.name === "GS V") {
        if (line) end();
        log.write(rule);
      }
    }
    if (line) end();
  }
}
