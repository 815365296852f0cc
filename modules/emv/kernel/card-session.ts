import { isXsposError } from "../../core/error.ts";
import { encodeCommand, encodeResponse, type CommandApdu, type ResponseApdu } from "../../iso7816/apdu.ts";
import type { ApduTransport } from "../../iso7816/transport.ts";
import type { ApduTrace } from "./ports.ts";
import { KernelStop, terminate } from "./stop.ts";

/** Where a short command's data field starts: CLA INS P1 P2 Lc. */
const SHORT_DATA_AT = 5;

/**
 * The kernel's one way to the card: sends commands through the transport,
 * hands each exchange to the trace, and turns a card that left or a
 * reader that failed into the end of the transaction rather than an
 * exception.
 */
export class CardSession {
  #transport: ApduTransport;
  #trace: ApduTrace | undefined;
  #removed = false;
  #waiting: (() => void)[] = [];
  #unsubscribe: () => void;

  constructor(transport: ApduTransport, trace?: ApduTrace) {
    this.#transport = transport;
    this.#trace = trace;
    this.#unsubscribe = transport.subscribe({
      onRemoved: () => {
        this.#removed = true;
        const waiting = this.#waiting.splice(0);
        for (let i = 0; i < waiting.length; i++) waiting[i]();
      },
    });
  }

  /** Stops listening to the transport. */
  close(): void {
    this.#unsubscribe();
    this.#waiting.length = 0;
  }

  /** Ends the transaction with "card removed" when the card is no longer there. */
  checkPresent(): void {
    if (this.#removed || !this.#transport.present) throw new KernelStop("card-removed");
  }

  /**
   * Sends one command and returns the card's response, whatever its status
   * word.
   * @param redact - the data field is a PIN block: the trace gets zeros instead
   */
  async transmit(command: CommandApdu | Uint8Array, redact = false): Promise<ResponseApdu> {
    this.checkPresent();
    const bytes = command instanceof Uint8Array ? command : encodeCommand(command);
    let response: ResponseApdu;
    try {
      response = await this.#transport.transmit(bytes);
    } catch (e) {
      if (!isXsposError(e)) throw e;
      this.#trace?.({ command: traced(bytes, redact), redacted: redact, error: e.code });
      if (e.code === "CARD_REMOVED" || this.#removed || !this.#transport.present) throw new KernelStop("card-removed");
      terminate("card-io", `the reader could not exchange the command: ${e.code}`);
    }
    this.#trace?.({ command: traced(bytes, redact), response: encodeResponse(response), redacted: redact });
    return response;
  }

  /**
   * Waits for a port (PIN entry, application choice), ending the
   * transaction with "card removed" if the card leaves first. The port's
   * own work is not stopped: the terminal hears of the removal too.
   */
  whilePresent<T>(promise: Promise<T>): Promise<T> {
    this.checkPresent();
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      // the first of the port's answer and the card's removal settles the promise; the other is ignored
      const finish = <V>(settle: (value: V) => void, value: V) => {
        if (settled) return;
        settled = true;
        const at = this.#waiting.indexOf(wake);
        if (at >= 0) this.#waiting.splice(at, 1);
        settle(value);
      };
      const wake = () => finish(reject, new KernelStop("card-removed"));
      this.#waiting.push(wake);
      promise.then(
        (value) => finish(resolve, value),
        (error: unknown) => finish(reject, error),
      );
    });
  }
}

/** The command as the trace may see it. */
function traced(bytes: Uint8Array, redact: boolean): Uint8Array {
  const copy = bytes.slice();
  if (redact) copy.fill(0, SHORT_DATA_AT);
  return copy;
}
