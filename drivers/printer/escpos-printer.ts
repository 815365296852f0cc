import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { CommandWalker } from "./command-length.ts";
import { PrinterError } from "./error.ts";
import type { PrinterSerial, PrinterSerialClass } from "./io.ts";
import type { PrintJob, PrintJobState, ResumeResult } from "./print-job.ts";
import { checkProfile, PROFILE_80MM, type PrinterProfile } from "../../modules/escpos/profile.ts";
import { printTime } from "../../modules/escpos/print-time.ts";
import { decodeStatus, interruptReason, sameStatus, type InterruptReason, type PrinterStatus } from "./status.ts";

/** Options of {@link EscPosPrinter}. */
export interface EscPosPrinterOptions {
  /** the UART: constructed with `format: "buffer"`, `onReadable`, `onWritable` */
  serial: { io: PrinterSerialClass } & Record<string, unknown>;
  clock: Clock;
  /** the printer model (default: 80 mm, XON/XOFF, QR, partial cut) */
  profile?: PrinterProfile;
  /** called each time the status changes */
  onStatus?: (status: PrinterStatus) => void;
  /** called when a job starts, is interrupted or is done: what the journal keeps */
  onJob?: (state: PrintJobState) => void;
  /** status poll period while no job is sending (default 1000 ms) */
  pollMs?: number;
  /** how long the printer has to answer a status query (default 500 ms) */
  responseTimeoutMs?: number;
  /** how long flow control may hold a job inside a command before the job is given up (default 5000 ms) */
  stallMs?: number;
}

const XON = 0x11;
const XOFF = 0x13;
const DLE = 0x10;
const EOT = 0x04;
/** DLE DC4 fn=8: clear buffers (real-time); answered 37 25 00 */
const CLEAR_BUFFERS = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];
const CLEAR_RESPONSE = [0x37, 0x25, 0x00];
/** What ends an interrupted copy: ESC @, then GS V 66 0 / GS V 65 0 (feed to the cutter and cut), or ESC d 4 without a cutter. */
const END_OF_COPY: Record<PrinterProfile["cutter"], number[]> = {
  partial: [0x1b, 0x40, 0x1d, 0x56, 66, 0],
  full: [0x1b, 0x40, 0x1d, 0x56, 65, 0],
  none: [0x1b, 0x40, 0x1b, 0x64, 4],
};

/**
 * GS r 1, transmit paper sensor status (Epson ESC/POS Command Reference,
 * "GS r": unlike DLE EOT it is executed when the data before it in the
 * receive buffer has been processed, so its answer comes only once that
 * data is printed). The answer's bits 4 and 7 are fixed to 0, where every
 * DLE EOT answer has bit 4 set: the two cannot be mixed up.
 */
const PRINTED_QUERY = [0x1d, 0x72, 0x01];
const PRINTED_FIXED_MASK = 0x90;

/** The rest of a job to print, as the printing-time model sees it: a time-out for the printer's in-sequence answer. */
function modelledMs(bytes: Uint8Array, from: number, to: number, profile: PrinterProfile): number {
  let dotLines = Math.ceil(((to - from) * 8) / profile.dotsPerLine);
  let cuts = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if (b === 0x0a) dotLines += profile.lineSpacingDots;
    else if (b === 0x1b && bytes[i + 1] === ESC_D && i + 2 < to) dotLines += bytes[i + 2] * profile.lineSpacingDots;
    else if (b === 0x1d && bytes[i + 1] === GS_V) cuts++;
  }
  return printTime({ bytes: to - from, dotLines, cuts }, profile).totalMs;
}

const ESC_D = 0x64;
const GS_V = 0x56;
/** GS V function B (feed, then cut) and function A (cut) parameters */
const CUT_B = [65, 66, 97, 98];
const CUT_A = [0, 1, 48, 49];

/**
 * Where a job's final feed and cut start: a trailing GS V m n (m 65, 66,
 * 97, 98), GS V m (m 0, 1, 48, 49) or ESC d n, with one ESC d n feed
 * before a cut, when a command starts there; the job's length otherwise.
 */
function finalCutAt(bytes: Uint8Array, kanjiByDefault: boolean): number {
  const n = bytes.length;
  const at = (i: number, a: number, b: number) => i >= 0 && bytes[i] === a && bytes[i + 1] === b;
  let tail: number;
  let cut = true;
  if (at(n - 4, 0x1d, GS_V) && CUT_B.includes(bytes[n - 2])) tail = n - 4;
  else if (at(n - 3, 0x1d, GS_V) && CUT_A.includes(bytes[n - 1])) tail = n - 3;
  else if (at(n - 3, 0x1b, ESC_D)) {
    tail = n - 3;
    cut = false;
  } else return n;
  if (cut && at(tail - 3, 0x1b, ESC_D) && isBoundary(bytes, tail - 3, kanjiByDefault)) return tail - 3;
  return isBoundary(bytes, tail, kanjiByDefault) ? tail : n;
}

/** A command starts at `i` (the bytes before it are whole commands). */
function isBoundary(bytes: Uint8Array, i: number, kanjiByDefault: boolean): boolean {
  return new CommandWalker(kanjiByDefault).boundaryAfter(bytes, 0, i) === i;
}

type Expectation = { kind: "status"; round: boolean } | { kind: "clear"; left: number };

interface ActiveJob {
  state: PrintJobState;
  bytes: Uint8Array;
  /** where the copy's final feed and cut start (the length when it has none): sent as a chunk of its own */
  tail: number;
  walker: CommandWalker;
  /** end of the chunk being sent */
  chunkEnd: number;
  /** waiting for a status round, sending a chunk, or waiting for the printer to print what it holds */
  phase: "round" | "sending" | "draining";
  /** in-sequence bytes (GS r 1) to write before any more of the job */
  inline: number[];
  /** the job position the last GS r 1 was queued at (-1: none) */
  markedAt: number;
  drainTimer?: TimerId;
  /** the printer did not answer GS r 1 within the modelled time */
  overdue?: boolean;
  /** the copy that ends an interrupted one (resume); not the caller's job */
  internal: boolean;
  settle: (state: PrintJobState) => void;
}

/** Where the job must be printed, not only received, before it goes on: before its final cut, and at its end. */
function isMarkPoint(job: ActiveJob, position: number): boolean {
  return position === job.state.length || (position === job.tail && job.tail < job.state.length);
}

/**
 * An ESC/POS thermal printer on a UART, ECMA-419 style. It sends each job
 * in chunks that end between two commands, writing only as much as the
 * port's `onWritable` allows and pausing on XOFF when the profile uses
 * XON/XOFF. It asks the four real-time statuses (DLE EOT 1-4) after every
 * chunk and every `pollMs` otherwise, reports each change through
 * `onStatus`, and stops a job when the printer is not ready: the job is
 * then `interrupted`, the printer's buffers are cleared so the rest of the
 * copy does not print once paper is back, and after `resume()` the caller
 * prints the copy again from its start.
 */
export class EscPosPrinter {
  #clock: Clock;
  #profile: PrinterProfile;
  #onStatus: ((status: PrinterStatus) => void) | undefined;
  #onJob: ((state: PrintJobState) => void) | undefined;
  #pollMs: number;
  #responseMs: number;
  #stallMs: number;
  #serial: PrinterSerial | undefined;
  #closed = false;
  /** bytes the port takes now (its last onWritable, less what was written since) */
  #room = 0;
  #xoff = false;
  #pumping = false;
  /** real-time commands waiting for room, never held back by XOFF, each with the answer it will owe */
  #urgent: { bytes: number[]; owes?: Expectation }[] = [];
  /** answers the printer owes, in the order their commands went out */
  #expect: Expectation[] = [];
  /** state of the DLE EOT n recogniser over everything written (0: idle, 1: DLE seen, 2: DLE EOT seen) */
  #scan = 0;
  #round: { answers: number[]; timer: TimerId } | undefined;
  #pollTimer: TimerId | undefined;
  #stallTimer: TimerId | undefined;
  #clearing: { done: () => void; timer: TimerId; promise: Promise<void> } | undefined;
  #status: PrinterStatus = { kind: "unknown" };
  #job: ActiveJob | undefined;
  #interrupted: PrintJobState | undefined;
  /** the interrupted job, kept to be sent on by a printer that cannot clear its buffer */
  #held: ActiveJob | undefined;
  /** job positions of the GS r 1 queries the printer holds, oldest first */
  #marks: number[] = [];

  /**
   * @throws PrinterError `PRINTER_OPTIONS` (no serial class or clock); EscPosError `PRINTER_PROFILE`;
   *   whatever the serial class throws (everything opened so far is closed first)
   */
  constructor(options: EscPosPrinterOptions) {
    if (typeof options?.serial?.io !== "function") throw new PrinterError("PRINTER_OPTIONS", "serial.io must be a serial port class");
    if (typeof options.clock?.set !== "function") throw new PrinterError("PRINTER_OPTIONS", "clock must be a Clock");
    this.#clock = options.clock;
    this.#profile = options.profile ?? PROFILE_80MM;
    checkProfile(this.#profile);
    this.#onStatus = options.onStatus;
    this.#onJob = options.onJob;
    this.#pollMs = options.pollMs ?? 1000;
    this.#responseMs = options.responseTimeoutMs ?? 500;
    this.#stallMs = options.stallMs ?? 5000;
    try {
      this.#serial = new options.serial.io({
        baud: this.#profile.baud,
        ...(this.#profile.flowControl === "hardware" ? { flowControl: "hardware" } : {}),
        ...options.serial,
        format: "buffer",
        onReadable: () => this.#onReadable(),
        onWritable: (count: number) => {
          this.#room = count;
          this.#pump();
        },
      });
      this.#schedulePoll(0);
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** The last status the printer reported (`unknown` before its first answer). */
  get status(): PrinterStatus {
    return this.#status;
  }

  /** The interrupted copy waiting for {@link EscPosPrinter.resume}, if any. */
  get interrupted(): PrintJobState | undefined {
    return this.#interrupted && { ...this.#interrupted };
  }

  /** The profile in force. */
  get profile(): PrinterProfile {
    return this.#profile;
  }

  /**
   * Prints one copy. Resolves when the printer has taken every byte
   * (`done`) or the job stopped (`interrupted`, with the reason and how
   * far it got); interruption is an outcome, not an error.
   * @throws PrinterError `PRINTER_JOB` (no id, no bytes), `PRINTER_BUSY` (a job is under way),
   *   `PRINTER_INTERRUPTED` (an interrupted copy waits for resume), `PRINTER_CLOSED`
   */
  print(job: PrintJob): Promise<PrintJobState> {
    if (typeof job?.id !== "string" || job.id.length === 0) return Promise.reject(new PrinterError("PRINTER_JOB", "a print job needs an id"));
    if (!(job.bytes instanceof Uint8Array) || job.bytes.length === 0) return Promise.reject(new PrinterError("PRINTER_JOB", "a print job needs bytes"));
    const refused = this.#refusal(true);
    if (refused) return Promise.reject(refused);
    return new Promise((resolve) => this.#start(job, false, resolve));
  }

  /**
   * Deals with the interrupted copy once the printer is ready again. A
   * printer that clears its buffer (`profile.clearBuffers`) gets it
   * cleared, then ESC @ and a cut (a feed without a cutter), so that the
   * copy printed next starts on its own: `ended`, or `complete` when the
   * interrupted copy was `uncut` (the cut finished it). A printer that
   * cannot clear its buffer still holds the rest of the copy and prints
   * it once paper is back: the driver sends the rest of the job after it
   * and the copy ends `complete`, one copy in two pieces, not a reprint.
   * Resolves `interrupted` (with the reason) when that rest is
   * interrupted again. Resolves `ended` when no copy was interrupted.
   * @throws PrinterError `PRINTER_NOT_READY` (with the reason), `PRINTER_BUSY`, `PRINTER_CLOSED`
   */
  async resume(): Promise<ResumeResult> {
    const refused = this.#refusal(false);
    if (refused) throw refused;
    const interrupted = this.#interrupted;
    if (!interrupted) return { copy: "ended" };
    const held = this.#held;
    if (held) {
      const state = await new Promise<PrintJobState>((resolve) => {
        this.#interrupted = undefined;
        this.#held = undefined;
        held.settle = resolve;
        held.phase = "round";
        held.state.state = "printing";
        delete held.state.reason;
        delete held.state.uncut;
        this.#job = held;
        this.#onJob?.({ ...held.state });
        this.#startRound();
      });
      if (this.#closed) throw new PrinterError("PRINTER_CLOSED", "the printer driver was closed");
      return state.state === "done" ? { copy: "complete" } : { copy: "interrupted", reason: state.reason! };
    }
    await this.#restart(END_OF_COPY[this.#profile.cutter]);
    this.#interrupted = undefined;
    return { copy: interrupted.uncut ? "complete" : "ended" };
  }

  /**
   * Puts the printer in a known state at the start of a session: its
   * buffers cleared (where the profile can), ESC @, and with `cut` a
   * feed and cut that ends whatever the last session left on the paper
   * (a copy a reboot interrupted). Resolves once the printer has carried
   * it out.
   * @throws PrinterError `PRINTER_NOT_READY` (with the reason), `PRINTER_BUSY`, `PRINTER_INTERRUPTED`, `PRINTER_CLOSED`
   */
  async reset(cut: boolean): Promise<void> {
    const refused = this.#refusal(true);
    if (refused) throw refused;
    await this.#restart(cut ? END_OF_COPY[this.#profile.cutter] : END_OF_COPY.none.slice(0, 2));
  }

  /** Clears the buffers (where the profile can), then prints `bytes` as a job of the driver's own and waits until they are printed. */
  async #restart(bytes: number[]): Promise<void> {
    if (this.#profile.clearBuffers) await this.#clearBuffers();
    const refusedNow = this.#refusal(false);
    if (refusedNow) throw refusedNow;
    const result = await new Promise<PrintJobState>((resolve) => this.#start({ id: "restart", bytes: Uint8Array.from(bytes) }, true, resolve));
    if (this.#closed) throw new PrinterError("PRINTER_CLOSED", "the printer driver was closed");
    if (result.state !== "done") throw new PrinterError("PRINTER_NOT_READY", `the printer is not ready (${result.reason})`, result.reason);
  }

  /** Stops polling, ends the job under way as interrupted (`closed`), releases the serial port. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const timers = [this.#pollTimer, this.#stallTimer, this.#round?.timer, this.#clearing?.timer, this.#job?.drainTimer];
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i];
      if (t !== undefined) this.#clock.clear(t);
    }
    this.#pollTimer = this.#stallTimer = this.#round = undefined;
    this.#clearing?.done();
    this.#clearing = undefined;
    if (this.#job) this.#interrupt("closed");
    this.#serial?.close();
    this.#serial = undefined;
  }

  /** Why the driver cannot start a copy now: closed, busy, or (with `interrupted`) an interrupted copy waits for resume. */
  #refusal(interrupted: boolean): PrinterError | undefined {
    if (this.#closed) return new PrinterError("PRINTER_CLOSED", "the printer driver is closed");
    if (this.#job) return new PrinterError("PRINTER_BUSY", `job ${this.#job.state.id} is printing`);
    if (interrupted && this.#interrupted) return new PrinterError("PRINTER_INTERRUPTED", `job ${this.#interrupted.id} was interrupted: call resume() once the printer is ready`);
    return undefined;
  }

  #start(job: PrintJob, internal: boolean, settle: (state: PrintJobState) => void): void {
    const state: PrintJobState = { id: job.id, length: job.bytes.length, sent: 0, acknowledged: 0, printed: 0, state: "printing" };
    const tail = internal ? job.bytes.length : finalCutAt(job.bytes, this.#profile.kanjiByDefault);
    this.#job = { state, bytes: job.bytes, tail, walker: new CommandWalker(this.#profile.kanjiByDefault), chunkEnd: 0, phase: "round", inline: [], markedAt: -1, internal, settle };
    if (!internal) this.#onJob?.({ ...state });
    // the first round tells whether the printer can take the job at all
    this.#startRound();
  }

  #onReadable(): void {
    for (let chunk = this.#serial?.read(); chunk && chunk.byteLength; chunk = this.#serial?.read()) {
      const received = new Uint8Array(chunk);
      for (let i = 0; i < received.length; i++) this.#received(received[i]);
    }
  }

  #received(b: number): void {
    if (this.#profile.flowControl === "xon-xoff" && (b === XON || b === XOFF)) {
      // 11h and 13h have bit 0 set: no status byte can be mistaken for them
      this.#xoff = b === XOFF;
      if (!this.#xoff) this.#pump();
      return;
    }
    const head = this.#expect[0];
    const midClear = head?.kind === "clear" && head.left < CLEAR_RESPONSE.length;
    if (!midClear && this.#marks.length && (b & PRINTED_FIXED_MASK) === 0) return this.#printedUpTo(this.#marks.shift()!);
    const e = this.#expect.shift();
    if (!e) return; // unasked: an answer that came after its time-out
    if (e.kind === "clear") {
      if (--e.left > 0) this.#expect.unshift(e);
      else this.#clearing?.done();
      return;
    }
    if (!e.round || !this.#round) return; // an answer to DLE EOT inside the job's data
    const round = this.#round;
    round.answers.push(b);
    if (round.answers.length === 4) {
      this.#clock.clear(round.timer);
      this.#round = undefined;
      this.#roundDone(decodeStatus(round.answers as [number, number, number, number]));
    }
  }

  /** The printer answered GS r 1: everything of the job before `position` is on paper. */
  #printedUpTo(position: number): void {
    // a printer that keeps its buffer goes on printing the interrupted job once it can, before resume()
    const job = this.#job ?? this.#held;
    if (!job) return;
    job.state.printed = Math.max(job.state.printed, position);
    if (job === this.#job && job.phase === "draining" && job.state.printed >= job.state.sent) {
      this.#clearDrain(job);
      this.#goOn(job);
    }
  }

  /** After a chunk is out and the printer is ready: the next chunk, or the end of the job. */
  #goOn(job: ActiveJob): void {
    if (job.state.sent === job.state.length) {
      this.#job = undefined;
      job.state.state = "done";
      if (!job.internal) this.#onJob?.({ ...job.state });
      job.settle({ ...job.state });
      return;
    }
    job.phase = "sending";
    job.chunkEnd = job.walker.boundaryAfter(job.bytes, job.state.sent, job.state.sent + this.#profile.chunkBytes);
    // the final feed and cut go alone, after the printer has printed every other byte of the copy
    if (job.state.sent < job.tail && job.chunkEnd > job.tail) job.chunkEnd = job.tail;
    this.#pump();
  }

  #clearDrain(job: ActiveJob): void {
    if (job.drainTimer !== undefined) this.#clock.clear(job.drainTimer);
    job.drainTimer = undefined;
    job.overdue = false;
  }

  /** Asks DLE EOT 1, 2, 3 and 4: only between two commands of a job. */
  #startRound(): void {
    if (this.#closed || this.#round) return;
    this.#round = {
      answers: [],
      timer: this.#clock.set(() => {
        this.#round = undefined;
        // late answers must not be taken for the next round's
        this.#expect = [];
        this.#urgent = [];
        this.#clearing?.done();
        this.#roundDone({ kind: "not-responding" });
      }, this.#responseMs),
    };
    for (let n = 1; n <= 4; n++) this.#urgent.push({ bytes: [DLE, EOT, n], owes: { kind: "status", round: true } });
    this.#pump();
  }

  #roundDone(status: PrinterStatus): void {
    if (!sameStatus(status, this.#status)) {
      this.#status = status;
      this.#onStatus?.(status);
    }
    const job = this.#job;
    if (job && (job.phase === "round" || job.phase === "draining")) {
      const reason = interruptReason(status);
      if (reason) this.#interrupt(reason);
      else if (job.phase === "round") {
        job.state.acknowledged = job.state.sent;
        if (job.state.sent < job.chunkEnd || (isMarkPoint(job, job.state.sent) && job.markedAt !== job.state.sent)) {
          // a chunk (or its GS r 1) cut short by an interruption: the rest of it first
          job.phase = "sending";
          this.#pump();
        } else if (isMarkPoint(job, job.state.sent) && job.state.printed < job.state.sent) {
          // the printer has taken the bytes; a copy is printed only once GS r 1 after them is answered
          job.phase = "draining";
          const from = job.state.printed;
          // past four times the modelled printing time a status round decides: a printer not ready gives its reason, a ready one that still has not answered is not responding
          job.drainTimer = this.#clock.set(() => {
            job.drainTimer = undefined;
            if (this.#job !== job || job.phase !== "draining") return;
            job.overdue = true;
            this.#startRound();
          }, 4 * modelledMs(job.bytes, from, job.state.sent, this.#profile) + this.#responseMs);
        } else this.#goOn(job);
      } else if (job.overdue) this.#interrupt("not-responding");
    }
    this.#schedulePoll(this.#pollMs);
  }

  #interrupt(reason: InterruptReason): void {
    const job = this.#job!;
    this.#job = undefined;
    this.#clearStall();
    this.#clearDrain(job);
    job.inline = [];
    job.state.state = "interrupted";
    job.state.reason = reason;
    if (job.tail < job.state.length && job.state.printed >= job.tail) job.state.uncut = true;
    const keep = reason !== "closed" && !this.#profile.clearBuffers;
    if (!job.internal) {
      this.#interrupted = { ...job.state };
      // a printer that cannot clear its buffer prints the rest of the copy once it can: the rest of the job follows it
      this.#held = keep ? job : undefined;
      this.#onJob?.({ ...job.state });
    }
    // what the printer still holds of the copy would print once paper is back
    if (reason !== "closed" && this.#profile.clearBuffers) void this.#clearBuffers();
    job.settle({ ...job.state });
  }

  #clearBuffers(): Promise<void> {
    if (this.#clearing) return this.#clearing.promise;
    let done!: () => void;
    const promise = new Promise<void>((resolve) => (done = resolve));
    const clearing = {
      promise,
      done: () => {
        this.#clock.clear(clearing.timer);
        if (this.#clearing === clearing) this.#clearing = undefined;
        this.#expect = this.#expect.filter((e) => e.kind !== "clear");
        // the GS r 1 queries the buffer held are gone with it (an answer sent before the clear came before its response)
        this.#marks = [];
        done();
      },
      timer: this.#clock.set(() => clearing.done(), this.#responseMs),
    };
    this.#clearing = clearing;
    this.#urgent.push({ bytes: [...CLEAR_BUFFERS], owes: { kind: "clear", left: CLEAR_RESPONSE.length } });
    this.#pump();
    return promise;
  }

  #schedulePoll(ms: number): void {
    if (this.#closed) return;
    if (this.#pollTimer !== undefined) this.#clock.clear(this.#pollTimer);
    this.#pollTimer = this.#clock.set(() => {
      this.#pollTimer = undefined;
      if (this.#round || this.#job?.phase === "sending" || this.#job?.phase === "round") this.#schedulePoll(this.#pollMs);
      else this.#startRound();
    }, ms);
  }

  /** Writes what may go: real-time commands first, then the chunk under way unless XOFF holds it. */
  #pump(): void {
    if (!this.#serial || this.#pumping) return;
    this.#pumping = true;
    let progressed = false;
    try {
      while (this.#room > 0) {
        const command = this.#urgent[0];
        if (command) {
          if (!this.#writeOwn(command.bytes)) break;
          if (command.bytes.length) continue;
          this.#urgent.shift();
          // the answer is owed once the whole command is out, in the order commands went
          if (command.owes) this.#expect.push(command.owes);
          continue;
        }
        const job = this.#job;
        if (!job || job.phase !== "sending" || this.#xoff) break;
        if (job.inline.length) {
          if (!this.#writeOwn(job.inline)) break;
          progressed = true;
        } else if (job.state.sent < job.chunkEnd) {
          const out = job.bytes.slice(job.state.sent, job.state.sent + Math.min(this.#room, job.chunkEnd - job.state.sent));
          if (!this.#write(out, false)) break;
          job.state.sent += out.length;
          progressed = true;
        }
        if (job.state.sent === job.chunkEnd && !job.inline.length) {
          if (isMarkPoint(job, job.state.sent) && job.markedAt !== job.state.sent) {
            // GS r 1 after the copy's text and after its cut: answered once they are printed
            job.markedAt = job.state.sent;
            job.inline.push(...PRINTED_QUERY);
            this.#marks.push(job.state.sent);
            continue;
          }
          job.phase = "round";
          this.#startRound();
        }
      }
    } finally {
      this.#pumping = false;
    }
    const job = this.#job;
    const blocked = !!job && job.phase === "sending";
    if (progressed || !blocked) this.#clearStall();
    // flow control that holds the job inside a command too long gives it up (clearing buffers ends that command)
    if (blocked && this.#stallTimer === undefined) {
      this.#stallTimer = this.#clock.set(() => {
        this.#stallTimer = undefined;
        if (this.#job?.phase === "sending") {
          this.#interrupt("stalled");
          this.#schedulePoll(0);
        }
      }, this.#stallMs);
    }
  }

  /** Writes what the port takes of the driver's own `bytes` and removes it from them; false when the port took none. */
  #writeOwn(bytes: number[]): boolean {
    const out = Uint8Array.from(bytes.slice(0, this.#room));
    if (!this.#write(out, true)) return false;
    bytes.splice(0, out.length);
    return true;
  }

  #write(bytes: Uint8Array, ours: boolean): boolean {
    try {
      this.#serial!.write(bytes);
    } catch {
      // the port took less than it said; wait for its next onWritable
      this.#room = 0;
      return false;
    }
    this.#room -= bytes.length;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      // the printer answers DLE EOT n wherever it finds it, even inside image data
      if (this.#scan === 2 && b >= 1 && b <= 4 && !ours) this.#expect.push({ kind: "status", round: false });
      this.#scan = b === DLE ? 1 : this.#scan === 1 && b === EOT ? 2 : 0;
    }
    return true;
  }

  #clearStall(): void {
    if (this.#stallTimer !== undefined) this.#clock.clear(this.#stallTimer);
    this.#stallTimer = undefined;
  }
}
