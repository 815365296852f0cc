import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { AtParser } from "./at-parser.ts";
import { ModemError } from "./error.ts";

/** What a command returned before its final OK. */
export interface AtResponse {
  lines: string[];
  data?: Uint8Array;
}

interface Pending {
  command: string;
  /** the command without its arguments, for messages */
  name: string;
  timeoutMs: number;
  /** response lines start with this (`+CSQ:` for `AT+CSQ`); others are unsolicited */
  prefix: string;
  data?: Uint8Array;
  /** the final line that ends it besides OK (`SEND OK` for data sends) */
  final?: string;
  lines: string[];
  raw?: Uint8Array;
  timer?: TimerId;
  resolve: (r: AtResponse) => void;
  reject: (e: Error) => void;
}

/** The extended or ampersand command a line sends (`+CSQ` of `AT+CSQ`) */
const COMMAND_NAME = /^AT([+&][A-Z0-9]+)/i;
/** A bare final or intermediate result code (`OK`, `NO CARRIER`) */
const RESULT_CODE = /^[A-Z ]+$/;

/**
 * AT commands over a serial port (3GPP TS 27.007 syntax): one command at
 * a time, its response lines collected until OK or an error, unsolicited
 * result codes handed to `onUrc`, the `> ` prompt answered with the
 * command's data, announced data lengths read as raw bytes.
 */
export class AtChannel {
  #write: (bytes: Uint8Array) => void;
  #clock: Clock;
  #parser: AtParser;
  #queue: Pending[] = [];
  #active: Pending | undefined;
  #rawPrefix: string | undefined;
  onUrc: ((line: string) => void) | undefined;

  /**
   * @param write - writes bytes to the modem
   * @param rawPrefix - a response line of the form `<prefix> <n>` announces n raw bytes (e.g. `+QIRD:`)
   */
  constructor(write: (bytes: Uint8Array) => void, clock: Clock, rawPrefix?: string) {
    this.#write = write;
    this.#clock = clock;
    this.#rawPrefix = rawPrefix;
    this.#parser = new AtParser({
      onLine: (line) => this.#line(line),
      onPrompt: () => this.#prompt(),
      onRaw: (bytes) => {
        if (this.#active) this.#active.raw = bytes;
      },
    });
  }

  /** Bytes from the modem. */
  receive(bytes: Uint8Array): void {
    this.#parser.push(bytes);
  }

  /**
   * Sends `command` and resolves with its response lines.
   * @param options.data - sent after the `> ` prompt (socket sends)
   * @throws ModemError `MODEM_AT_ERROR` (with the CME code), `MODEM_TIMEOUT`
   */
  command(command: string, options: { timeoutMs?: number; data?: Uint8Array; final?: string } = {}): Promise<AtResponse> {
    return new Promise((resolve, reject) => {
      const extended = COMMAND_NAME.exec(command)?.[1] ?? "";
      this.#queue.push({
        command,
        name: command.split("=")[0],
        timeoutMs: options.timeoutMs ?? 5000,
        prefix: extended ? extended.replace("&", "+") + ":" : "\u0000",
        data: options.data,
        final: options.final,
        lines: [],
        resolve,
        reject,
      });
      if (!this.#active) this.#next();
    });
  }

  /** Rejects every command waiting (the port is closing). */
  abort(reason: Error): void {
    const all = this.#active ? [this.#active].concat(this.#queue) : this.#queue;
    this.#active = undefined;
    this.#queue = [];
    for (let i = 0; i < all.length; i++) {
      const p = all[i];
      if (p.timer !== undefined) this.#clock.clear(p.timer);
      p.reject(reason);
    }
  }

  #next(): void {
    const p = this.#queue.shift();
    this.#active = p;
    if (!p) return;
    p.timer = this.#clock.set(() => this.#finish(new ModemError("MODEM_TIMEOUT", `no answer to ${p.name} within ${p.timeoutMs} ms`)), p.timeoutMs);
    this.#write(ascii(p.command + "\r"));
  }

  #finish(result: AtResponse | Error): void {
    const p = this.#active;
    if (!p) return;
    if (p.timer !== undefined) this.#clock.clear(p.timer);
    this.#active = undefined;
    if (result instanceof Error) p.reject(result);
    else p.resolve(result);
    this.#next();
  }

  #prompt(): void {
    const p = this.#active;
    if (p?.data) this.#write(p.data);
  }

  #line(line: string): void {
    const p = this.#active;
    if (p) {
      if (line === (p.final ?? "OK")) return this.#finish({ lines: p.lines, ...(p.raw ? { data: p.raw } : {}) });
      if (line === "ERROR" || line === "SEND FAIL" || line.startsWith("+CME ERROR:") || line.startsWith("+CMS ERROR:")) {
        return this.#finish(new ModemError("MODEM_AT_ERROR", `${p.name} answered ${line}`));
      }
      if (p.final && line === "OK") return;
      if (line.startsWith(p.prefix) || (!line.startsWith("+") && !RESULT_CODE.test(line))) {
        p.lines.push(line);
        if (this.#rawPrefix && line.startsWith(this.#rawPrefix)) {
          const n = Number(line.slice(this.#rawPrefix.length).trim().split(",")[0]);
          if (Number.isInteger(n) && n >= 0) this.#parser.expectRaw(n);
        }
        return;
      }
    }
    this.onUrc?.(line);
  }
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0x7f);
}
