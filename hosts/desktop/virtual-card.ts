/**
 * A virtual card in a virtual slot: the IO classes the smartcard slot
 * driver takes (power, reset, presence, card clock, UART), with a card on
 * the far side that answers at byte level in T=0 or T=1, with a
 * configurable ATR and a pluggable application, and faults to inject: a
 * flipped bit (T=0: the error signal and the card's repetition of that
 * character), a character the card rejects (T=0: the terminal repeats
 * it), a lost byte, a mute card, a bad TCK, a card pulled in the middle of
 * an exchange, a card that asks for more time.
 *
 * The application answers at once, or later (a Promise: the Moddable
 * simulator's card runs in a worker, hosts/sim/worker-card.ts). While an
 * answer is pending the card keeps the terminal waiting as a slow card
 * does: under T=0 a NULL procedure byte (60) every half of the work
 * waiting time, under T=1 an S(WTX request) every half of the block
 * waiting time; a reset, a power-down or the card pulled drops the
 * answer that comes after.
 *
 * The UART plays the board's native serial class (drivers/smartcard/io.ts):
 * under `characterRepetition` it makes the terminal's error signal and
 * notices the card's, character by character, as the line would.
 *
 * Parity is on the line: the card makes each character's parity bit as
 * ISO/IEC 7816-3 §7.1 says (even over the logical bits, so under the
 * inverse convention odd over the line's levels) and checks the
 * terminal's the same way; the UART makes and checks the parity it was
 * opened with (`parity`, over the levels). A UART opened with the wrong
 * parity sees every good character of the card as bad, and the card every
 * character of the terminal.
 */
import type { SlotLineError } from "../../drivers/smartcard/io.ts";
import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { parseCommand, encodeResponse, type CommandApdu } from "../../modules/iso7816/apdu.ts";
import { parseAtr } from "../../modules/iso7816/atr.ts";
import { inverseByte } from "../../modules/iso7816/pps.ts";
import { classify, decodeBlock, encodeBlock, iBlockPcb, rBlockPcb, sBlockPcb } from "../../modules/iso7816/t1-block.ts";

/** The card's answer to one command: data (without SW1 SW2) and the status word. */
export interface CardAnswer {
  data?: Uint8Array;
  sw: number;
}

/** What the card's application answers, at once. */
export type CardApplication = (command: CommandApdu) => CardAnswer;

/**
 * An application that may answer later: the line keeps the terminal
 * waiting meanwhile (NULL bytes, S(WTX)). A rejected answer reaches the
 * terminal as 6F00 (no precise diagnosis).
 */
export type LaterCardApplication = (command: CommandApdu) => CardAnswer | Promise<CardAnswer>;

export type CardFault = "flip-bit" | "reject-byte" | "lose-byte" | "mute" | "pull" | "wtx" | "null-bytes";

/**
 * Where a character fault lands:
 * - `flip-bit`: `at` counts the characters of the card's next transmission
 *   (procedure byte, data, SW1 SW2 of one answer; default its middle);
 * - `reject-byte` (T=0): `at` counts the characters the card receives from
 *   now on (default 0).
 * `times`: how many transmissions of that character in a row go wrong
 * (default 1), so `times` − 1 repetitions fail too; without T=0 character
 * repetition (T=1) there is no repetition, and only the one transmission.
 */
export interface FaultPlace {
  at?: number;
  times?: number;
}

/** Error signals seen on the line: made by the terminal (on the card's characters) and by the card. */
export interface ErrorSignals {
  byTerminal: number;
  byCard: number;
}

/** 1 when the byte has an odd number of 1 bits. */
function oddOnes(b: number): number {
  let n = 0;
  for (let i = 0; i < 8; i++) n ^= (b >> i) & 1;
  return n;
}

/** A card repeats a character the terminal rejects at most this often (a guard against a terminal that never stops). */
const CARD_REPETITIONS = 8;

/** The card clock when the slot has not said (3.5712 MHz, a common reader's). */
const DEFAULT_CLOCK_HZ = 3_571_200;
/**
 * The multiplier of BWT an S(WTX request) asks for while an answer is
 * pending (ISO/IEC 7816-3 §11.6.2.3): the card asks again after half of
 * the extended time if the answer has still not come.
 */
const WTX_MULTIPLIER = 2;

export interface VirtualCardConfig {
  /** the ATR as decoded (TS 3B or 3F) */
  atr: Uint8Array;
  protocol: 0 | 1;
  app: LaterCardApplication;
  clock: Clock;
  /** clock cycles from RST high to the first ATR character (default 12 000) */
  atrDelayCycles?: number;
  /** answer PPS requests by echoing them (default true) */
  acceptPps?: boolean;
  /** T=0 instructions whose P3 is Lc (data to the card) */
  incoming?: number[];
  /** T=1 EDC */
  edc?: "LRC" | "CRC";
  /**
   * keep every character on the line in `state.rx` and `state.tx`, for a
   * test's assertions (default true); the Moddable simulator keeps none,
   * as its heap is measured for the board's, whose card keeps nothing
   */
  record?: boolean;
}

const INCOMING = [0xa4, 0x82, 0xae, 0x20, 0xa8, 0x88, 0xda, 0xd6, 0xdc, 0xe2, 0x24, 0x2c, 0x1e];

export function virtualCardSlot(config: VirtualCardConfig) {
  const faults: { fault: CardFault; at?: number; times: number }[] = [];
  const state = {
    present: true,
    powered: false,
    clockHz: 0,
    resetHigh: false,
    poweredAt: 0,
    resetLowCycles: 0,
    /** characters the card took, and characters it put on the line (repetitions included) */
    rx: [] as number[],
    tx: [] as number[],
    errorSignals: { byTerminal: 0, byCard: 0 } as ErrorSignals,
    /** characters of the terminal the card took with a parity error where no error signal applies (answer to reset, PPS outside T=0's repetition, T=1): dropped */
    parityDropped: 0,
  };
  let serial: VirtualUart | undefined;
  /** what the card sends on the next turn, in order: its characters, the character to flip and how often, the serial it goes to */
  const outgoing: { out: ArrayLike<number>; times: number; at: number; uart: VirtualUart }[] = [];
  let presence: Pin | undefined;
  let inverse = config.atr[0] === 0x3f;
  let mute = false;
  /** characters the card has taken since the last `reject-byte` fault was queued */
  let taken = 0;
  // T=0
  let pending: Uint8Array | undefined;
  // T=1
  let ns = 0;
  let nr = 0;
  let ifsd = 32;
  let incomingChain: number[] = [];
  let outgoingChain: Uint8Array[] = [];
  let lastBlock: Uint8Array | undefined;
  let waitingWtx: Uint8Array | undefined;
  let input: number[] = [];
  // an answer the application gives later
  /** counts the card's resets, power-downs and removals: an answer of an earlier count is dropped */
  let session = 0;
  /** a command whose answer is pending */
  let answering = false;
  /** T=1: an S(WTX request) sent, its response not yet in */
  let wtxAsked = false;
  /** the timer of the next NULL byte (T=0) or S(WTX request) (T=1) */
  let keepWaiting: TimerId | undefined;
  /** sets {@link keepWaiting} again for the pending answer (T=1: once the terminal has granted the time asked for) */
  let rearm: ((ms: number) => void) | undefined;
  /** what the card sends while its answer is pending: a NULL byte (T=0) or an S(WTX request) (T=1); the next one's delay, or none */
  let lateMeanwhile: (() => number | undefined) | undefined;
  let ppsDone = false;
  let command: number[] | undefined;
  let expectData = 0;
  const edc = config.edc ?? "LRC";
  const record = config.record !== false;

  const take = (f: CardFault) => {
    const i = faults.findIndex((x) => x.fault === f);
    return i >= 0 ? faults.splice(i, 1)[0] : undefined;
  };

  /**
   * The card sends characters (on a later turn). A flipped character
   * reaches the terminal with a parity error; under T=0 the terminal's
   * error signal makes the card send that same character again before the
   * next one, as many times as the fault says, while the slot stays powered.
   */
  function send(bytes: number[] | Uint8Array): void {
    if (!serial || mute || !state.powered) return;
    // a byte array, not an array of numbers (a slot a character): the simulator's heap holds it until the characters are out
    let out: ArrayLike<number> = Uint8Array.from(bytes);
    if (take("lose-byte") && out.length > 1) {
      const all = Array.from(out);
      all.splice(all.length >> 1, 1);
      out = all;
    }
    const flip = take("flip-bit");
    // queued for a later turn, a record each, not a closure each: a function made then is copied into the heap the simulator measures, with its code
    outgoing.push({ out, times: flip?.times ?? 0, at: flip?.at ?? out.length >> 1, uart: serial });
    if (outgoing.length === 1) void Promise.resolve().then(deliverOutgoing);
  }

  /** Sends what {@link send} queued, in order. */
  function deliverOutgoing(): void {
    try {
      deliverQueued();
    } finally {
      // a terminal that throws on a character loses what was queued with it, not the card's later sends
      outgoing.length = 0;
    }
  }

  function deliverQueued(): void {
    for (let k = 0; k < outgoing.length; k++) {
      const { out, at, times, uart } = outgoing[k];
      characters: for (let i = 0; i < out.length; i++) {
        const b = out[i];
        let wrong = i === at ? times : 0;
        const line = inverse ? inverseByte(b) : b;
        // ISO/IEC 7816-3 §7.1: an even number of logical 1s in data and parity bit; under the inverse convention the parity bit's level is the complement
        const parityLevel = oddOnes(b) ^ (inverse ? 1 : 0);
        for (let sent = 0; sent <= CARD_REPETITIONS; sent++) {
          if (uart.closed || !state.powered) break characters;
          if (record) state.tx.push(b);
          const flipped = wrong > 0;
          if (flipped) wrong--;
          if (uart.deliver(flipped ? line ^ 0x08 : line, parityLevel) || !uart.repetition) continue characters;
          // the terminal's error signal: the card sends the character again
          state.errorSignals.byTerminal++;
        }
      }
    }
  }

  /** Whether the card makes the error signal on the character it is receiving (a `reject-byte` fault). */
  function rejects(): boolean {
    const i = faults.findIndex((x) => x.fault === "reject-byte" && (x.at ?? 0) === taken);
    if (i < 0) return false;
    if (--faults[i].times === 0) faults.splice(i, 1);
    return true;
  }

  /**
   * A PPS request right after the ATR (PPSS FF, PPS0, PPS1-3 as PPS0 says,
   * PCK): echoed to accept it. True while the bytes belong to one.
   */
  function pps(): boolean {
    if (ppsDone || input[0] !== 0xff) return false;
    const need = 3 + [0x10, 0x20, 0x40].filter((bit) => input[1] & bit).length;
    if (input.length < need) return true;
    ppsDone = true;
    const request = input.splice(0);
    if (config.acceptPps ?? true) send(request);
    return true;
  }

  function t0Byte(b: number): void {
    input.push(b);
    if (command === undefined) {
      if (pps()) return;
      if (input.length < 5) return;
      command = input.splice(0, 5);
      const [, ins, , , p3] = command;
      if ((config.incoming ?? INCOMING).includes(ins) && p3 > 0) {
        expectData = p3;
        if (take("null-bytes")) send([0x60, 0x60]);
        send([ins]);
        return;
      }
      return t0Respond(command, undefined);
    }
    if (input.length < expectData) return;
    const data = Uint8Array.from(input.splice(0));
    const cmd = command;
    t0Respond(cmd, data);
  }

  function t0Respond(header: number[], data: Uint8Array | undefined): void {
    command = undefined;
    expectData = 0;
    const [cla, ins, p1, p2, p3] = header;
    if (take("null-bytes")) send([0x60]);
    if (ins === 0xc0 && pending) {
      const le = p3 || 256;
      if (le !== Math.min(pending.length, 256)) return send([0x6c, Math.min(pending.length, 256) & 0xff]);
      const part = pending.subarray(0, le);
      const rest = pending.subarray(le);
      pending = rest.length ? rest : undefined;
      return send([ins, ...part, ...(rest.length ? [0x61, Math.min(rest.length, 256) & 0xff] : [0x90, 0x00])]);
    }
    const apdu: CommandApdu = data ? { cla, ins, p1, p2, data } : { cla, ins, p1, p2, ...(p3 ? { le: p3 } : {}) };
    const r = config.app(apdu);
    if (!(r instanceof Promise)) return t0Answer(ins, p3, data, r);
    // ISO/IEC 7816-3 §10.2: a NULL byte restarts the terminal's work waiting time
    const answer = r.catch(cardFailed);
    later(answer, (a) => t0Answer(ins, p3, data, a), t0Null);
  }

  /** T=0 while the answer is pending: a NULL byte, and the next in half the waiting time. */
  function t0Null(): number {
    send([0x60]);
    return waitingMs(1);
  }

  /** An application that failed: 6F00, no precise diagnosis. */
  function cardFailed(): CardAnswer {
    return { sw: 0x6f00 };
  }

  /** The card's answer on the line: SW1 SW2, 61xx or 6Cxx, or the procedure byte with the data. */
  function t0Answer(ins: number, p3: number, data: Uint8Array | undefined, r: CardAnswer): void {
    const out = r.data ?? new Uint8Array(0);
    if (data) {
      if (out.length) {
        pending = out;
        // a warning keeps its place: the terminal fetches the data with GET RESPONSE (EMV Book 1 §9.3.1.3)
        const sw1 = r.sw >> 8;
        if (sw1 === 0x62 || sw1 === 0x63) return send([sw1, r.sw & 0xff]);
        return send([0x61, Math.min(out.length, 256) & 0xff]);
      }
      return send([r.sw >> 8, r.sw & 0xff]);
    }
    if (out.length && (p3 || 256) !== out.length) return send([0x6c, out.length & 0xff]);
    if (!out.length) return send([r.sw >> 8, r.sw & 0xff]);
    send([ins, ...out, r.sw >> 8, r.sw & 0xff]);
  }

  function t1Send(pcb: number, inf: Uint8Array): void {
    lastBlock = encodeBlock({ nad: 0, pcb, inf }, edc);
    send(lastBlock);
  }

  function t1Block(bytes: Uint8Array): void {
    let block;
    try {
      block = decodeBlock(bytes, edc, 254);
    } catch {
      return send(encodeBlock({ nad: 0, pcb: rBlockPcb(nr, 1), inf: new Uint8Array(0) }, edc));
    }
    const k = classify(block.pcb);
    if (k.kind === "S" && !k.response) {
      if (k.type === "IFS") {
        ifsd = block.inf[0];
        return send(encodeBlock({ nad: 0, pcb: sBlockPcb("IFS", true), inf: block.inf }, edc));
      }
      if (k.type === "RESYNCH") {
        ns = 0;
        nr = 0;
        incomingChain = [];
        outgoingChain = [];
        return send(encodeBlock({ nad: 0, pcb: sBlockPcb("RESYNCH", true), inf: new Uint8Array(0) }, edc));
      }
    }
    if (k.kind === "S" && k.response && k.type === "WTX" && wtxAsked) {
      wtxAsked = false;
      const response = waitingWtx;
      waitingWtx = undefined;
      if (response) return t1SendResponse(response);
      // still computing: ask again after half of the time granted
      return rearm?.(waitingMs(block.inf[0] ?? 1));
    }
    if (k.kind === "R") {
      // R(N(R)) names the block the terminal expects: the one last sent means "again"
      if (k.nr !== ns && lastBlock) return send(lastBlock);
      const next = outgoingChain.shift();
      if (next) return t1SendChunk(next, outgoingChain.length > 0);
      return;
    }
    if (k.kind === "I") {
      if (k.ns !== nr) return send(lastBlock ?? new Uint8Array(0));
      nr ^= 1;
      incomingChain.push(...block.inf);
      if (k.more) return send(encodeBlock({ nad: 0, pcb: rBlockPcb(nr, 0), inf: new Uint8Array(0) }, edc));
      const apdu = Uint8Array.from(incomingChain.splice(0));
      let response: Uint8Array;
      try {
        const r = config.app(parseCommand(apdu));
        if (r instanceof Promise) {
          const encoded = r.then(encodeResponse).catch(() => Uint8Array.of(0x6f, 0x00));
          // ISO/IEC 7816-3 §11.6.2.3: the card asks for more time before the terminal's block waiting time runs out
          return later(encoded, t1Answer, () => {
            wtxAsked = true;
            send(encodeBlock({ nad: 0, pcb: sBlockPcb("WTX", false), inf: Uint8Array.of(WTX_MULTIPLIER) }, edc));
            return undefined;
          });
        }
        response = encodeResponse(r);
      } catch {
        response = Uint8Array.of(0x67, 0x00);
      }
      t1Answer(response);
    }
  }

  /** The response APDU in I-blocks, unless an S(WTX request) waits for its response: then once it has come. */
  function t1Answer(response: Uint8Array): void {
    if (wtxAsked) {
      waitingWtx = response;
      return;
    }
    if (take("wtx")) {
      waitingWtx = response;
      wtxAsked = true;
      return send(encodeBlock({ nad: 0, pcb: sBlockPcb("WTX", false), inf: Uint8Array.of(2) }, edc));
    }
    t1SendResponse(response);
  }

  /**
   * Waits for an answer the application gives later, then `deliver`s it,
   * unless the card was reset, powered down or pulled meanwhile. After
   * half of the terminal's waiting time (that of a NULL byte under T=0,
   * BWT under T=1) `meanwhile` keeps the terminal waiting; it returns the
   * ms to its next call, or undefined when {@link rearm} is to set it (on
   * the S(WTX response)).
   */
  function later<T>(answer: Promise<T>, deliver: (a: T) => void, meanwhile: () => number | undefined): void {
    // the pending answer's parts in the card's variables, made once: closures made for each command would be copied into the heap the simulator measures, with their code
    const mine = session;
    answering = true;
    lateMeanwhile = meanwhile;
    rearm = arm;
    arm(waitingMs(1));
    void answer.then((a) => {
      if (mine !== session) return;
      stopWaiting();
      if (state.powered) deliver(a);
    });
  }

  /** The next NULL byte or S(WTX request) of the pending answer, in `ms`. */
  function arm(ms: number): void {
    keepWaiting = config.clock.set(keptWaiting, ms);
  }

  function keptWaiting(): void {
    keepWaiting = undefined;
    if (!answering) return;
    const next = lateMeanwhile?.();
    if (next !== undefined) arm(next);
  }

  /** No answer pending any more: the NULL bytes and WTX requests stop. */
  function stopWaiting(): void {
    answering = false;
    rearm = undefined;
    lateMeanwhile = undefined;
    if (keepWaiting !== undefined) config.clock.clear(keepWaiting);
    keepWaiting = undefined;
  }

  /**
   * Half of the terminal's waiting time, ms, as the card reckons it from
   * its ATR and the card clock: under T=0 half of WT = WI × 960 × Fi / f
   * (ISO/IEC 7816-3 §10.2; Fi 372, the smallest of §8.3's table, so the
   * shortest WT the card can be working at), under T=1 half of
   * 2^BWI × 960 × 372 / f × `multiplier` (§11.4.3; the 11 ETU left out).
   * The figures with the default WI 10 or BWI 4 at 3.5712 MHz: 500 ms
   * (T=0), 800 ms × multiplier (T=1); the slot allows more than each
   * (EMV Book 1 §9.2.2.1 adds 480 × D ETU to WWT, 960 × D ETU to BWT).
   */
  function waitingMs(multiplier: number): number {
    let wi = 10;
    let bwi = 4;
    try {
      const atr = parseAtr(config.atr, { acceptBadTck: true });
      wi = atr.wi;
      bwi = atr.t1?.bwi ?? bwi;
    } catch {
      // an ATR the card's tests made wrong on purpose: the defaults
    }
    const cyclesToMs = 1000 / (state.clockHz || DEFAULT_CLOCK_HZ);
    const cycles = config.protocol === 0 ? wi * 960 * 372 : 2 ** bwi * 960 * 372 * Math.max(1, multiplier);
    return (cycles * cyclesToMs) / 2;
  }

  function t1SendResponse(response: Uint8Array): void {
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < response.length; at += ifsd) chunks.push(response.subarray(at, at + ifsd));
    outgoingChain = chunks.slice(1);
    t1SendChunk(chunks[0], chunks.length > 1);
  }

  function t1SendChunk(chunk: Uint8Array, more: boolean): void {
    t1Send(iBlockPcb(ns, more), chunk);
    ns ^= 1;
  }

  function t1Byte(b: number): void {
    input.push(b);
    if (pps()) return;
    if (input.length < 3) return;
    const total = 3 + input[2] + (edc === "LRC" ? 1 : 2);
    if (input.length < total) return;
    t1Block(Uint8Array.from(input.splice(0, total)));
  }

  class VirtualUart {
    #onReadable: () => void;
    /** 1 for odd parity over the line's levels, 0 for even */
    readonly #odd: number;
    #onError: ((e: SlotLineError) => void) | undefined;
    /** characters received and not yet read: a ring of bytes, as a UART's FIFO (not an object a character) */
    #out = new Uint8Array(64);
    #first = 0;
    #count = 0;
    options: Record<string, unknown>;
    /** ISO/IEC 7816-3 7.3 done by the serial, as the driver asks for T=0 */
    readonly repetition: boolean;
    closed = false;
    constructor(options: { onReadable: () => void; onError?: (e: SlotLineError) => void; characterRepetition?: boolean } & Record<string, unknown>) {
      this.options = options;
      this.#onReadable = options.onReadable;
      this.#onError = options.onError;
      this.repetition = options.characterRepetition === true;
      this.#odd = options.parity === "odd" ? 1 : 0;
      serial = this;
    }
    /**
     * A character arrives, its 8 data levels and its parity bit's level;
     * one with a parity error is, under T=0, signalled and dropped.
     * @returns false when the UART made the error signal
     */
    deliver(byte: number, parityLevel: number): boolean {
      if (this.closed) return true;
      const bad = (oddOnes(byte) ^ parityLevel) !== this.#odd;
      if (bad) this.#onError?.({ direction: "receive" });
      if (bad && this.repetition) return false;
      if (this.#count === this.#out.length) {
        const more = new Uint8Array(this.#out.length * 2);
        for (let i = 0; i < this.#count; i++) more[i] = this.#out[(this.#first + i) % this.#out.length];
        this.#out = more;
        this.#first = 0;
      }
      this.#out[(this.#first + this.#count++) % this.#out.length] = byte;
      this.#onReadable();
      return true;
    }
    read(): ArrayBuffer | undefined {
      if (this.#count === 0) return undefined;
      const byte = this.#out[this.#first];
      this.#first = (this.#first + 1) % this.#out.length;
      this.#count--;
      return Uint8Array.of(byte).buffer;
    }
    write(bytes: ArrayBuffer | Uint8Array): void {
      if (this.closed || !state.powered || !state.resetHigh) return;
      const all = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
      for (let i = 0; i < all.length; i++) {
        const b = inverse ? inverseByte(all[i]) : all[i];
        // the UART's parity bit, checked by the card as its convention says (odd over the levels under the inverse convention)
        const parityOk = this.#odd === (inverse ? 1 : 0);
        if (!parityOk && !(this.repetition && config.protocol === 0)) {
          state.parityDropped++;
          continue;
        }
        if (this.repetition && config.protocol === 0 && (!parityOk || rejects())) {
          // the card's error signal in the guard time: the serial sends nothing more of this write
          state.errorSignals.byCard++;
          void Promise.resolve().then(() => this.#onError?.({ direction: "transmit", accepted: i }));
          return;
        }
        taken++;
        if (record) state.rx.push(b);
        if (mute) continue;
        if (take("mute")) {
          mute = true;
          continue;
        }
        if (take("pull")) {
          pullCard();
          return;
        }
        if (config.protocol === 0) t0Byte(b);
        else t1Byte(b);
      }
    }
    close(): void {
      this.closed = true;
      if (serial === this) serial = undefined;
    }
  }

  class Pin {
    static readonly Output = "output";
    static readonly Input = "input";
    static readonly Rising = 1;
    static readonly Falling = 2;
    options: Record<string, unknown>;
    #role: string;
    closed = false;
    constructor(options: { role: string; onReadable?: () => void } & Record<string, unknown>) {
      this.options = options;
      this.#role = options.role;
      if (this.#role === "presence") presence = this;
    }
    read(): number {
      return this.#role === "presence" ? (state.present ? 1 : 0) : 0;
    }
    write(value: number): void {
      if (this.#role === "power") {
        const on = value === 0 && state.present;
        if (on && !state.powered) {
          state.powered = true;
          state.poweredAt = config.clock.now();
          mute = false;
          resetCardState();
        } else if (!on) {
          state.powered = false;
          abandonAnswer();
        }
      } else if (this.#role === "reset") {
        const high = value === 1;
        if (high && !state.resetHigh && state.powered) {
          state.resetLowCycles = ((config.clock.now() - state.poweredAt) * state.clockHz) / 1000;
          config.clock.set(() => send(config.atr), ((config.atrDelayCycles ?? 12_000) * 1000) / (state.clockHz || 3_571_200));
        }
        if (!high) resetCardState();
        state.resetHigh = high;
      }
    }
    close(): void {
      this.closed = true;
    }
    /** edge to the driver */
    notify(): void {
      (this.options.onReadable as (() => void) | undefined)?.();
    }
  }

  class Pwm {
    options: Record<string, unknown>;
    constructor(options: { hz: number } & Record<string, unknown>) {
      this.options = options;
      state.clockHz = options.hz;
    }
    write(): void {}
    close(): void {}
  }

  /** A pending answer will not reach the line: the card was reset, powered down or pulled. */
  function abandonAnswer(): void {
    session++;
    stopWaiting();
    wtxAsked = false;
  }

  function resetCardState(): void {
    abandonAnswer();
    input = [];
    command = undefined;
    expectData = 0;
    pending = undefined;
    ppsDone = false;
    ns = 0;
    nr = 0;
    ifsd = 32;
    incomingChain = [];
    outgoingChain = [];
    lastBlock = undefined;
    waitingWtx = undefined;
    inverse = config.atr[0] === 0x3f;
  }

  function pullCard(): void {
    state.present = false;
    state.powered = false;
    abandonAnswer();
    presence?.notify();
  }

  return {
    Serial: VirtualUart,
    Digital: Pin,
    Pwm,
    state,
    /** Queues a fault for the card's next move; `place` says where a character fault lands. */
    inject: (fault: CardFault, place: FaultPlace = {}) => {
      if (fault === "reject-byte") taken = 0;
      faults.push({ fault, at: place.at, times: place.times ?? 1 });
    },
    pull: pullCard,
    /** The options the slot opened its serial with last (baud, parity, characterRepetition...), undefined while closed. */
    serialOptions: () => serial?.options,
    insert: () => {
      state.present = true;
      presence?.notify();
    },
    /** IO specs as the slot driver takes them. */
    specs: () => ({
      serial: { io: VirtualUart, port: 1, receive: 3, transmit: 1 },
      power: { io: Pin, pin: 25, role: "power" },
      reset: { io: Pin, pin: 26, role: "reset" },
      presence: { io: Pin, pin: 27, role: "presence" },
      cardClock: { io: Pwm, pin: 14 },
    }),
  };
}
