/**
 * A virtual ESC/POS thermal printer behind a virtual UART, for the printer
 * driver's tests and the simulator. It answers the real-time commands as
 * it receives them (DLE EOT 1-4 with its status, DLE DC4 fn=8 by clearing
 * its buffers), even inside another command's data as a real printer
 * does; its print engine takes whole commands from the receive buffer,
 * paced when asked (bytes a millisecond, or the printing-time model of a
 * profile), keeps what reaches the paper, and answers GS r 1 when it
 * reaches it in the buffer (Epson ESC/POS Command Reference, "GS r": the
 * command is executed in sequence, after the data before it). Faults: paper that runs out at a given
 * byte, an open cover, a mute or garbage-speaking printer, a slow engine
 * whose buffer fills and sends XOFF.
 */
import type { Clock } from "../../modules/core/ports.ts";
import { printTime } from "../../modules/escpos/print-time.ts";
import type { PrinterProfile } from "../../modules/escpos/profile.ts";
import { readToken, type Token } from "../escpos-paper/tokenize.ts";

export interface VirtualPrinterConfig {
  /**
   * The paper ends at this byte of print data (the bytes the engine
   * prints, real-time commands between commands left out): the command
   * that holds that byte and everything after it stay in the buffer.
   */
  paperOutAt?: number;
  /** XON/XOFF flow control (default true) */
  xonXoff?: boolean;
  /** receive buffer size (default 4096 bytes) */
  bufferBytes?: number;
  /** XOFF when this many bytes or fewer are free (default 256); XON when half the buffer is free */
  xoffMargin?: number;
  /** the engine prints this many bytes a millisecond on `clock` (default: as soon as they arrive) */
  printBytesPerMs?: number;
  /** the engine takes each command the time the printing-time model gives it on this profile (paper feed at its speed, cuts), on `clock` */
  pace?: PrinterProfile;
  /** the device clock, for a paced engine or line */
  clock?: Clock;
  /** line speed on `clock`, bit/s, 10 bits a byte (default: bytes arrive on the next turn) */
  baud?: number;
  /** bytes the UART's transmit FIFO takes: the count `onWritable` reports (default 128) */
  txFifo?: number;
  /** understands DLE DC4 fn=8 (default true) */
  clearBuffers?: boolean;
  /** Kanji mode after power-on and ESC @ (a Chinese model) */
  kanjiByDefault?: boolean;
  /** keeps every byte received in `received` and each status query's position in `queryPositions`, for the tests (default true; false for a simulator that runs for hours) */
  record?: boolean;
  /** each command as it reaches the paper; with it, `printed` stays empty (the simulator's heap keeps no paper) */
  onPrinted?: (command: Uint8Array) => void;
}

const XON = 0x11;
const XOFF = 0x13;
const CLEAR = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];

/** The printer's mechanism and firmware, shared by the serial instances a driver opens. */
export class VirtualPrinterDevice {
  /** every byte received, in order */
  readonly received: number[] = [];
  /** the print data that reached the paper (whole commands, real-time commands between commands left out) */
  readonly printed: number[] = [];
  /** the print-data position (bytes printed so far) at each DLE EOT the engine met between commands */
  readonly queryPositions: number[] = [];
  /** bytes lost because the buffer was full */
  overflow = 0;
  /** status queries answered */
  answered = 0;
  /** XOFF bytes sent */
  xoffs = 0;
  /** DLE DC4 fn=8 carried out */
  clears = 0;
  /** GS r 1 queries answered (each once the data before it printed) */
  printedAnswers = 0;
  /** ms the engine spent printing, on `clock`, when paced by a profile */
  busyMs = 0;
  paperOutAt: number | undefined;
  paperEnd = false;
  coverOpen = false;
  nearEnd = false;
  cutterError = false;
  /** the head is too hot (an automatically recoverable error) */
  overheat = false;
  /** the drawer kick-out connector's pin 3 reads high */
  drawerHigh = false;
  /** answers nothing at all */
  mute = false;
  /** when set, answers each DLE EOT n with what this returns instead of its status */
  answer: ((n: number) => number) | undefined;
  readonly config: VirtualPrinterConfig;
  #buffer: number[] = [];
  #position = 0;
  #kanji: boolean;
  #rt: number[] = [];
  #xoffSent = false;
  #engineTimer: unknown;
  #port: { send(bytes: number[]): void } | undefined;

  constructor(config: VirtualPrinterConfig) {
    this.config = config;
    this.paperOutAt = config.paperOutAt;
    this.#kanji = !!config.kanjiByDefault;
  }

  /** Bytes waiting in the receive buffer. */
  get buffered(): number {
    return this.#buffer.length;
  }

  /** The status byte for DLE EOT n (Epson ESC/POS Command Reference, "DLE EOT"). */
  statusByte(n: number): number {
    const error = this.cutterError || this.overheat;
    const offline = this.paperEnd || this.coverOpen || error;
    switch (n) {
      case 1:
        return 0x12 | (this.drawerHigh ? 0x04 : 0) | (offline ? 0x08 : 0);
      case 2:
        return 0x12 | (this.coverOpen ? 0x04 : 0) | (this.paperEnd ? 0x20 : 0) | (error ? 0x40 : 0);
      case 3:
        return 0x12 | (this.cutterError ? 0x08 : 0) | (this.overheat ? 0x40 : 0);
      default:
        return 0x12 | (this.nearEnd || this.paperEnd ? 0x0c : 0) | (this.paperEnd ? 0x60 : 0);
    }
  }

  /** A new roll: printing goes on with what the buffer holds. */
  loadPaper(): void {
    this.paperEnd = false;
    this.paperOutAt = undefined;
    this.#run();
  }

  openCover(): void {
    this.coverOpen = true;
  }

  closeCover(): void {
    this.coverOpen = false;
    this.#run();
  }

  /** @internal the serial port the driver opened */
  attach(port: { send(bytes: number[]): void } | undefined): void {
    this.#port = port;
  }

  /** @internal bytes off the line */
  receive(bytes: Uint8Array): void {
    for (const b of bytes) {
      if (this.config.record ?? true) this.received.push(b);
      if (this.#buffer.length < (this.config.bufferBytes ?? 4096)) this.#buffer.push(b);
      else this.overflow++;
      this.#realtime(b);
    }
    this.#flow();
    this.#run();
  }

  #send(bytes: number[]): void {
    if (!this.mute) this.#port?.send(bytes);
  }

  /** Real-time commands act on receipt, wherever they stand in the stream. */
  #realtime(b: number): void {
    const rt = this.#rt;
    rt.push(b);
    if (rt.length > CLEAR.length) rt.shift();
    const n = rt.length;
    if (n >= 3 && rt[n - 3] === 0x10 && rt[n - 2] === 0x04 && b >= 1 && b <= 4) {
      this.answered++;
      this.#send([this.answer ? this.answer(b) & 0xff : this.statusByte(b)]);
      rt.length = 0;
      return;
    }
    if ((this.config.clearBuffers ?? true) && n === CLEAR.length && rt.every((v, i) => v === CLEAR[i])) {
      rt.length = 0;
      this.#buffer = [];
      this.clears++;
      this.#send([0x37, 0x25, 0x00]);
      this.#flow();
    }
  }

  #flow(): void {
    if (!(this.config.xonXoff ?? true)) return;
    const size = this.config.bufferBytes ?? 4096;
    const free = size - this.#buffer.length;
    if (!this.#xoffSent && free <= (this.config.xoffMargin ?? 256)) {
      this.#xoffSent = true;
      this.xoffs++;
      this.#send([XOFF]);
    } else if (this.#xoffSent && free >= size / 2) {
      this.#xoffSent = false;
      this.#send([XON]);
    }
  }

  /** The print engine: whole commands from the buffer to the paper while paper and cover allow. */
  #run(): void {
    const { clock, printBytesPerMs, pace } = this.config;
    if (clock && pace) {
      if (this.#engineTimer !== undefined) return;
      // each command takes its modelled time before the next one starts
      const next = this.#print(1);
      if (next > 0) {
        this.busyMs += next;
        this.#engineTimer = clock.set(() => {
          this.#engineTimer = undefined;
          this.#run();
        }, next);
      }
      return;
    }
    if (clock && printBytesPerMs) {
      if (this.#engineTimer === undefined && this.#buffer.length) {
        this.#engineTimer = clock.set(() => {
          this.#engineTimer = undefined;
          this.#print(Math.max(1, Math.round(printBytesPerMs * 10)));
          this.#run();
        }, 10);
      }
      return;
    }
    this.#print(Infinity);
  }

  /** Modelled time of one command on the paced profile: paper fed by it, a cut. */
  #cost(token: Token): number {
    const p = this.config.pace!;
    let dotLines = 0;
    let cuts = 0;
    if (token.name === "LF") dotLines = p.lineSpacingDots;
    else if (token.name === "ESC d") dotLines = token.params[0] * p.lineSpacingDots;
    else if (token.name === "ESC J") dotLines = token.params[0];
    else if (token.name === "GS v 0") dotLines = token.params[3] + token.params[4] * 256;
    else if (token.name === "GS V") cuts = 1;
    return printTime({ bytes: 0, dotLines, cuts }, p).printMs;
  }

  /**
   * Prints up to `budget` bytes of whole commands (`budget` 1 with a paced
   * profile: one command that takes time); returns the modelled time of
   * the last command printed (0 when none took time or none could print).
   */
  #print(budget: number): number {
    let used = 0;
    let took = 0;
    const bytes = Uint8Array.from(this.#buffer);
    let at = 0;
    while (used < budget && at < bytes.length && !this.paperEnd && !this.coverOpen) {
      const token = readToken(bytes, at, this.#kanji);
      if (!token) break; // the rest of the command has not arrived
      if (token.kind === "realtime") {
        if (token.name === "DLE EOT" && (this.config.record ?? true)) this.queryPositions.push(this.#position);
        at += token.length;
        continue;
      }
      if (token.name === "GS r") {
        // in sequence: everything before it is on paper
        at += token.length;
        this.printedAnswers++;
        const n = token.params[0];
        this.#send([n === 1 || n === 49 ? (this.nearEnd ? 0x03 : 0) : 0]);
        continue;
      }
      if (this.paperOutAt !== undefined && this.#position + token.length > this.paperOutAt) {
        this.paperEnd = true;
        break;
      }
      if (this.config.onPrinted) this.config.onPrinted(bytes.subarray(at, at + token.length));
      else for (let i = 0; i < token.length; i++) this.printed.push(bytes[at + i]);
      at += token.length;
      this.#position += token.length;
      used += token.length;
      if (token.name === "FS &") this.#kanji = true;
      else if (token.name === "FS .") this.#kanji = false;
      else if (token.name === "ESC @") this.#kanji = !!this.config.kanjiByDefault;
      if (this.config.pace) {
        took = this.#cost(token);
        if (took > 0) break;
        used = 0; // commands that take no time go on at once
      }
    }
    this.#buffer.splice(0, at);
    this.#flow();
    return took;
  }
}

/**
 * A virtual printer and the ECMA-419 serial class that reaches it. The
 * class calls `onWritable(count)` with the room in its transmit FIFO and
 * throws "output full" when `write` is given more, as Moddable's serial
 * does; bytes reach the printer a turn later (or after their line time on
 * `clock` at `baud`), and its answers come back through `onReadable`.
 */
export function virtualPrinter(config: VirtualPrinterConfig = {}) {
  const device = new VirtualPrinterDevice(config);
  const instances: VirtualPrinterSerial[] = [];
  const fifo = config.txFifo ?? 128;
  /** when the line has carried everything written so far (bytes go one after another) */
  let lineFreeAt = 0;
  const later = (fn: () => void, ms: number) => {
    const clock = config.clock;
    if (!clock || !config.baud) return void Promise.resolve().then(fn);
    lineFreeAt = Math.max(lineFreeAt, clock.now()) + ms;
    clock.set(fn, lineFreeAt - clock.now());
  };

  class VirtualPrinterSerial {
    options: Record<string, unknown>;
    closed = false;
    /** writes refused for asking more than onWritable allowed */
    refused = 0;
    /** the transmit FIFO: a ring of `fifo` bytes, `#count` of them from `#first` not yet on the line's far end */
    readonly #ring = new Uint8Array(fifo);
    #first = 0;
    #count = 0;
    /** bytes of the FIFO the line is carrying now, one write's: they reach the printer together when their line time has passed */
    #carrying = 0;
    /** the lengths of the writes waiting in the FIFO behind the one carried, in order: each reaches the printer at its own time, as it would on the line */
    readonly #waiting: number[] = [];
    readonly #carried = () => this.#delivered();
    #out: number[] = [];
    #onReadable: ((count: number) => void) | undefined;
    #onWritable: ((count: number) => void) | undefined;

    constructor(options: { onReadable?: (count: number) => void; onWritable?: (count: number) => void } & Record<string, unknown>) {
      this.options = options;
      this.#onReadable = options.onReadable;
      this.#onWritable = options.onWritable;
      instances.push(this);
      device.attach({ send: (bytes) => this.#answer(bytes) });
      // an empty transmit FIFO reports itself, as the UART's interrupt does
      void Promise.resolve().then(() => !this.closed && this.#onWritable?.(fifo - this.#count));
    }

    write(bytes: ArrayBuffer | Uint8Array): void {
      if (this.closed) throw new Error("closed");
      const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      if (data.length > fifo - this.#count) {
        this.refused++;
        throw new Error("output full");
      }
      if (data.length === 0) return;
      // into the ring, as a UART's FIFO takes them: no copy nor timer per write (the simulator's heap is measured)
      const ring = this.#ring;
      for (let i = 0, at = (this.#first + this.#count) % fifo; i < data.length; i++, at = at + 1 === fifo ? 0 : at + 1) ring[at] = data[i];
      this.#count += data.length;
      this.#waiting.push(data.length);
      if (this.#carrying === 0) this.#carry();
    }

    /** The line takes the next write in the FIFO: it reaches the printer after its line time. */
    #carry(): void {
      this.#carrying = this.#waiting.shift()!;
      later(this.#carried, config.baud ? (this.#carrying * 10 * 1000) / config.baud : 0);
    }

    #delivered(): void {
      if (this.closed) return;
      const n = this.#carrying;
      const data = new Uint8Array(n);
      for (let i = 0, at = this.#first; i < n; i++, at = at + 1 === fifo ? 0 : at + 1) data[i] = this.#ring[at];
      this.#first = (this.#first + n) % fifo;
      this.#count -= n;
      this.#carrying = 0;
      device.receive(data);
      this.#onWritable?.(fifo - this.#count);
      if (this.#waiting.length > 0 && this.#carrying === 0) this.#carry();
    }

    read(): ArrayBuffer | undefined {
      if (!this.#out.length) return undefined;
      const chunk = Uint8Array.from(this.#out.splice(0, this.#out.length));
      return chunk.buffer as ArrayBuffer;
    }

    close(): void {
      this.closed = true;
      device.attach(undefined);
    }

    #answer(bytes: number[]): void {
      this.#out.push(...bytes);
      void Promise.resolve().then(() => !this.closed && this.#out.length && this.#onReadable?.(this.#out.length));
    }
  }

  return { Serial: VirtualPrinterSerial, instances, device };
}
