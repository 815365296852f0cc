import { concat } from "../../modules/core/bytes.ts";
import { toHex } from "../../modules/core/hex.ts";
import type { Clock, TimerId } from "../../modules/core/ports.ts";
import { cyclesPerEtu, fiDi, MAX_ATR_LENGTH, parseAtr, type Atr } from "../../modules/iso7816/atr.ts";
import type { CardChannel } from "../../modules/iso7816/channel.ts";
import { encodeCommand, parseCommand, parseResponse, type CommandApdu, type ResponseApdu } from "../../modules/iso7816/apdu.ts";
import { Iso7816Error } from "../../modules/iso7816/error.ts";
import { ppsRequest, ppsResult } from "../../modules/iso7816/pps.ts";
import { T0Protocol } from "../../modules/iso7816/t0.ts";
import { T1Protocol } from "../../modules/iso7816/t1.ts";
import type { ApduTransport, CardPresenceListener } from "../../modules/iso7816/transport.ts";
import { conventionOfTs, INVERSE_CONVENTION, lineParity, type Convention, type LineParity } from "./convention.ts";
import type { IoSpec, SlotDigital, SlotDigitalClass, SlotLineError, SlotPwm, SlotPwmClass, SlotSerial, SlotSerialClass } from "./io.ts";

/** Options of {@link SmartcardSlot}. */
export interface SmartcardSlotOptions {
  serial: IoSpec<SlotSerialClass>;
  /** CMDVCC: the front end powers the card while this output is low */
  power: IoSpec<SlotDigitalClass>;
  /** RSTIN: the card's reset line through the front end */
  reset: IoSpec<SlotDigitalClass>;
  /** OFF / PRES: high while a card is in the slot */
  presence: IoSpec<SlotDigitalClass>;
  /** the card clock (a PWM channel) */
  cardClock: IoSpec<SlotPwmClass>;
  clock: Clock;
  /** card clock frequency, Hz (default 3.5712 MHz) */
  clockHz?: number;
  /** the fastest Di the reader's UART can follow (default 4): PPS asks for no more */
  maxDi?: number;
  /** ms a change of the presence switch must hold (default 50) */
  debounceMs?: number;
  onInserted?: () => void;
  onRemoved?: () => void;
}

/** What power-on found: the ATR and the parameters in force. */
export interface PowerOnResult {
  atr: Atr;
  protocol: 0 | 1;
  fi: number;
  di: number;
  baud: number;
  /** how the speed came about */
  pps: "not-offered" | "accepted" | "failed-default" | "specific-mode";
}

interface Waiter {
  n: number;
  /** the `n` characters asked for, `count` of them in so far */
  got: Uint8Array;
  count: number;
  nextWaitMs: number;
  timer?: TimerId;
  resolve: (b: Uint8Array) => void;
  reject: (e: Error) => void;
}

/** How many of the four bits of `nibble` are set: the bytes that presence bits announce. */
function bitsSet(nibble: number): number {
  let n = 0;
  for (let bits = nibble; bits; bits >>= 1) n += bits & 1;
  return n;
}

const RESET_LOW_CYCLES = 42_000; // EMV Book 1: 40 000 to 45 000
const ATR_START_CYCLES = 42_000; // the first ATR character within 42 000 cycles of RST high
const INITIAL_WAITING_ETU = 10_080; // EMV: 9600 ETU + tolerance between ATR characters
/**
 * EMV Book 1 §8.2: the card sends its whole ATR within 19 200 initial ETU
 * of the leading edge of TS's start bit, and the terminal takes one that
 * ends within 20 160 (the same tolerance as the 9600 + 480 between
 * characters); past that it deactivates the card.
 */
export const MAX_ATR_ETU = 20_160;
/** A character's start bit, 8 data bits and parity bit: how long before its arrival its leading edge came. */
const CHARACTER_ETU = 10;
/** The receive ring's first size, characters; it doubles when a response outruns its reader. */
const RX_RING = 64;
/** A ring entry's mark of a parity error, above the character's 8 bits. */
const RX_BAD = 0x100;
/**
 * T=0 character repetition: a character may be sent again at most this
 * many times after an error signal, in either direction; when the last
 * repetition fails too, the card is deactivated (EMV Book 1, 9.2.2, T=0
 * error detection and correction).
 */
export const MAX_REPETITIONS = 4;

/**
 * An ISO/IEC 7816 contact slot behind a TDA8024-class front end, ECMA-419
 * style: power, reset, presence, card clock and a half-duplex UART come in
 * through options. It activates the card with the EMV Book 1 timing,
 * collects the ATR, negotiates speed with PPS where the card allows it,
 * and runs T=0 or T=1 for `transmit`. Removal at any moment ends what is
 * under way with `CARD_REMOVED` and leaves the slot powered down.
 */
export class SmartcardSlot implements ApduTransport {
  #o: SmartcardSlotOptions;
  #clockHz: number;
  #power: SlotDigital | undefined;
  #reset: SlotDigital | undefined;
  #presence: SlotDigital | undefined;
  #pwm: SlotPwm | undefined;
  #serial: SlotSerial | undefined;
  /** the card's convention, from TS; "direct" until TS says otherwise */
  #convention: Convention = "direct";
  /** the next character is TS */
  #awaitingTs = false;
  /** what was wrong with TS, for the activation to throw */
  #tsError: Iso7816Error | undefined;
  /** the parity the serial was opened with */
  #serialParity: LineParity = "even";
  #etuCycles = 372;
  /**
   * received characters not yet read, a ring (one 16-bit entry a
   * character, {@link RX_BAD} marking a parity error): a response of 260
   * characters waiting for its reader would otherwise be as many objects
   * in the heap
   */
  #rx = new Uint16Array(RX_RING);
  #rxFirst = 0;
  #rxCount = 0;
  #waiter: Waiter | undefined;
  /** a parity error reported for the next character delivered (ATR, T=1) */
  #errorSignal = false;
  /** T=0 after the ATR: the serial signals and watches for errors, the driver repeats */
  #repetition = false;
  /** error signals in a row for the character being received, and for the one being sent */
  #rxRejections = 0;
  #txRejections = 0;
  /** the bytes of the last write whose fate the serial has not told */
  #outgoing: Uint8Array | undefined;
  /** why the slot was deactivated, for the reads and writes that come after */
  #fault: Error | undefined;
  #listeners = new Set<CardPresenceListener>();
  #protocol: T0Protocol | T1Protocol | undefined;
  #present = false;
  #debounce: TimerId | undefined;
  #powered = false;
  /** bytes each way since power-on, for the line-time model */
  bytesSent = 0;
  bytesReceived = 0;

  constructor(options: SmartcardSlotOptions) {
    this.#o = options;
    this.#clockHz = options.clockHz ?? 3_571_200;
    try {
      const Out = options.power.io;
      this.#power = new Out({ mode: Out.Output, ...options.power });
      this.#power.write(1);
      const Rst = options.reset.io;
      this.#reset = new Rst({ mode: Rst.Output, ...options.reset });
      this.#reset.write(0);
      const Pres = options.presence.io;
      this.#presence = new Pres({ mode: Pres.Input, edge: (Pres.Rising ?? 1) | (Pres.Falling ?? 2), ...options.presence, onReadable: () => this.#presenceChanged() });
      this.#present = this.#presence.read() === 1;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** A card is in the slot (the presence line, debounced); false once the slot is closed. */
  get present(): boolean {
    return this.#present;
  }

  get powered(): boolean {
    return this.#powered;
  }

  /** Cycles per ETU in force (Fi / Di). */
  get etuCycles(): number {
    return this.#etuCycles;
  }

  get clockHz(): number {
    return this.#clockHz;
  }

  /**
   * Cold reset: activation, ATR, PPS when TA1 offers more speed in
   * negotiable mode, IFSD for T=1.
   * @throws Iso7816Error `CARD_REMOVED`, `ATR_TIMEOUT`, `ATR_INVALID`, `ATR_TCK`; the slot is then powered down
   */
  async powerOn(): Promise<PowerOnResult> {
    if (!this.#present) throw new Iso7816Error("CARD_REMOVED", "no card in the slot");
    try {
      let atr = await this.#activate();
      let fi = 1;
      let di = 1;
      let pps: PowerOnResult["pps"] = "not-offered";
      const protocol = (atr.specificMode?.protocol ?? atr.protocols[0]) === 1 ? 1 : 0;
      if (atr.specificMode) {
        if (!atr.specificMode.implicit) {
          fi = atr.fi;
          di = atr.di;
        }
        pps = "specific-mode";
      } else if (atr.groups[0].ta !== undefined && atr.groups[0].ta !== 0x11 && atr.Fi && atr.Di && atr.Di <= (this.#o.maxDi ?? 4)) {
        const request = ppsRequest(protocol, atr.fi, atr.di);
        try {
          await this.#write(request);
          const head = await this.#readBytes(2, INITIAL_WAITING_ETU, INITIAL_WAITING_ETU);
          // PPS0's b5-b7 announce PPS1-PPS3; PCK closes the response
          const rest = await this.#readBytes(bitsSet((head[1] >> 4) & 7) + 1, INITIAL_WAITING_ETU, INITIAL_WAITING_ETU);
          ({ fi, di } = ppsResult(request, concat(head, rest)));
          pps = "accepted";
        } catch (e) {
          if (e instanceof Iso7816Error && e.code === "CARD_REMOVED") throw e;
          // ISO/IEC 7816-3 9.3: a failed PPS exchange means a new reset; then the defaults
          this.#deactivate();
          atr = await this.#activate();
          pps = "failed-default";
        }
      }
      this.#openSerial(cyclesPerEtu(fi, di), protocol === 0);
      this.#startProtocol(atr, protocol, fi, di);
      if (this.#protocol instanceof T1Protocol) await this.#protocol.negotiateIfsd(254);
      return { atr, protocol, fi, di, baud: Math.round(this.#clockHz / this.#etuCycles), pps };
    } catch (e) {
      this.#deactivate();
      throw e;
    }
  }

  /**
   * One command APDU (fields or bytes), its response.
   * @throws Iso7816Error `SLOT_STATE` before power-on; `APDU_INVALID`; protocol errors;
   *   `CARD_REMOVED`; `CARD_PARITY` (a T=0 character still wrong after {@link MAX_REPETITIONS}).
   *   Anything but `APDU_INVALID` powers the slot down.
   */
  async transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    const p = this.#protocol;
    if (!p || !this.#powered) throw new Iso7816Error("SLOT_STATE", "the card is not powered: call powerOn first");
    const apdu = command instanceof Uint8Array ? parseCommand(command) : command;
    try {
      if (p instanceof T0Protocol) return await p.transmit(apdu);
      return parseResponse(await p.transmit(encodeCommand(apdu)));
    } catch (e) {
      if (e instanceof Iso7816Error && e.code !== "APDU_INVALID") this.#deactivate();
      throw e;
    }
  }

  /** Calls `listener` on each insertion and removal (after debouncing), as `onInserted` and `onRemoved` are. */
  subscribe(listener: CardPresenceListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  /** Deactivation at the end of a transaction. */
  powerOff(): void {
    this.#deactivate();
  }

  /**
   * Powers down and releases every IO. A closed slot reads no presence
   * line: `present` is false from then on, even when a removal was still
   * being debounced (no event comes for it).
   */
  close(): void {
    this.#deactivate();
    if (this.#debounce !== undefined) this.#o.clock.clear(this.#debounce);
    this.#debounce = undefined;
    this.#present = false;
    this.#power?.close();
    this.#reset?.close();
    this.#presence?.close();
    this.#power = this.#reset = this.#presence = undefined;
  }

  #startProtocol(atr: Atr, protocol: 0 | 1, fi: number, di: number): void {
    const speed = fiDi(fi, di);
    const Fi = speed.Fi ?? 372;
    const Di = speed.Di ?? 1;
    // the channel the protocol engine runs on
    const channel: CardChannel = {
      write: (bytes) => this.#write(bytes),
      read: (n, first, next) => this.#readBytes(n, first, next ?? first),
      discard: () => {
        this.#rxCount = 0;
      },
    };
    if (protocol === 0) {
      // EMV Book 1 9.2.2.1: WWT = 960 × D × WI ETU, plus 480 × D of tolerance
      this.#protocol = new T0Protocol(channel, 960 * Di * atr.wi + 480 * Di);
      return;
    }
    const t1 = atr.t1!;
    // ISO/IEC 7816-3 11.4.3: BWT = 11 ETU + 2^BWI × 960 × 372 / f s; CWT = 2^CWI + 11 ETU; EMV adds 960 × D and 4 ETU
    const bwtEtu = 11 + Math.ceil((2 ** t1.bwi * 960 * 372 * Di) / Fi) + 960 * Di;
    const cwtEtu = 2 ** t1.cwi + 11 + 4;
    this.#protocol = new T1Protocol(channel, { ifsc: t1.ifsc, edc: t1.edc, bwtEtu, cwtEtu });
  }

  async #activate(): Promise<Atr> {
    this.#fault = undefined;
    // the convention is not known before TS: the serial checks even parity, that of the direct convention
    this.#convention = "direct";
    this.#awaitingTs = true;
    this.#tsError = undefined;
    this.#openSerial(372, false);
    this.#rxCount = 0;
    this.#reset!.write(0);
    this.#pwm = new this.#o.cardClock.io({ hz: this.#clockHz, ...this.#o.cardClock });
    this.#pwm.write(512);
    this.#power!.write(0);
    this.#powered = true;
    await new Promise<void>((resolve) => this.#o.clock.set(resolve, (RESET_LOW_CYCLES * 1000) / this.#clockHz));
    if (!this.#powered) throw new Iso7816Error("CARD_REMOVED", "the card was removed during activation");
    this.#reset!.write(1);
    const ts = await this.#readBytes(1, ATR_START_CYCLES / 372, INITIAL_WAITING_ETU).catch((e: Iso7816Error) => {
      throw e.code === "CARD_MUTE" ? new Iso7816Error("ATR_TIMEOUT", "no answer to reset within 42 000 clock cycles") : e;
    });
    if (this.#tsError) throw this.#tsError;
    const bytes = Array.from(ts);
    const clock = this.#o.clock;
    // the whole ATR within MAX_ATR_ETU of TS's leading edge, which came one character before TS arrived
    const deadline = clock.now() + this.#etuMs(MAX_ATR_ETU - CHARACTER_ETU);
    const tooLong = () => new Iso7816Error("ATR_TIMEOUT", `the ATR took longer than ${MAX_ATR_ETU} ETU (EMV Book 1 §8.2)`);
    const overall = clock.set(() => this.#finishRead(tooLong()), deadline - clock.now());
    // reads `n` more bytes, `later` more announced after them: refused as soon as what T0 and
    // the TD bytes announce runs past 33 bytes, not after reading it all
    const next = async (n: number, later: number) => {
      if (bytes.length + n + later > MAX_ATR_LENGTH) {
        throw new Iso7816Error("ATR_INVALID", `the ATR announces more than ${MAX_ATR_LENGTH} bytes (ISO/IEC 7816-3: TS and 32 more); refused after ${bytes.length}`);
      }
      const b = await this.#readBytes(n, INITIAL_WAITING_ETU, INITIAL_WAITING_ETU).catch((e: Iso7816Error) => {
        throw e.code === "CARD_MUTE" ? new Iso7816Error("ATR_TIMEOUT", "the ATR stopped within the initial waiting time") : e;
      });
      for (let i = 0; i < b.length; i++) bytes.push(b[i]);
      return b;
    };
    try {
      const t0 = (await next(1, 0))[0];
      const historical = t0 & 0x0f;
      let y = t0 >> 4;
      let tck = 0;
      for (;;) {
        const count = bitsSet(y);
        const group = await next(count, historical + tck);
        if (!(y & 8)) break;
        const td = group[count - 1];
        if ((td & 0x0f) !== 0) tck = 1;
        y = td >> 4;
      }
      await next(historical + tck, 0);
      if (clock.now() > deadline) throw tooLong();
    } finally {
      clock.clear(overall);
    }
    // the card says nothing more until the terminal speaks: the serial now takes the parity of its convention
    if (lineParity(this.#convention) !== this.#serialParity) this.#openSerial(372, false);
    return parseAtr(Uint8Array.from(bytes));
  }

  #openSerial(etuCycles: number, repetition: boolean): void {
    this.#serial?.close();
    this.#etuCycles = etuCycles;
    this.#repetition = repetition;
    this.#errorSignal = false;
    this.#rxRejections = this.#txRejections = 0;
    this.#outgoing = undefined;
    this.#serialParity = lineParity(this.#convention);
    const Serial = this.#o.serial.io;
    this.#serial = new Serial({
      baud: Math.round(this.#clockHz / etuCycles),
      stopBits: 2,
      format: "buffer",
      ...this.#o.serial,
      parity: this.#serialParity,
      characterRepetition: repetition,
      onError: (error: SlotLineError) => this.#lineError(error),
      onReadable: () => this.#onReadable(),
    });
  }

  #onReadable(): void {
    for (let chunk = this.#serial?.read(); chunk && chunk.byteLength; chunk = this.#serial?.read()) {
      const received = new Uint8Array(chunk);
      for (let i = 0; i < received.length; i++) {
        const raw = received[i];
        let bad = this.#errorSignal;
        this.#errorSignal = false;
        if (this.#awaitingTs) {
          this.#awaitingTs = false;
          const convention = conventionOfTs(raw);
          if (convention) this.#convention = convention;
          else {
            this.#tsError = new Iso7816Error("ATR_INVALID", `TS read ${toHex(Uint8Array.of(raw))}: neither 3B (direct convention) nor 3F (inverse convention, read as 03 in direct terms)`);
            bad = false;
          }
        }
        const b = this.#convention === "inverse" ? INVERSE_CONVENTION[raw] : raw;
        // a serial still checking the parity of the other convention (the ATR's, opened before TS) flags exactly the good characters
        if (this.#serialParity !== lineParity(this.#convention)) bad = !bad;
        this.bytesReceived++;
        if (!bad) this.#rxRejections = 0;
        // the card speaks: whatever the terminal sent before went through
        this.#outgoing = undefined;
        this.#received(bad ? b | RX_BAD : b);
      }
    }
    this.#feed();
  }

  /**
   * A parity error on the line. Under T=0 the serial has already made the
   * error signal (ISO/IEC 7816-3 7.3); here the repetitions are counted,
   * and the terminal's own rejected character is sent again.
   */
  #lineError(error: SlotLineError): void {
    if (!this.#powered) return;
    if (error.direction === "receive") {
      if (!this.#repetition) {
        this.#errorSignal = true;
        return;
      }
      this.bytesReceived++;
      if (++this.#rxRejections > MAX_REPETITIONS) {
        this.#deactivate(new Iso7816Error("CARD_PARITY", `a character from the card still had a parity error after ${MAX_REPETITIONS} repetitions`));
      }
      return;
    }
    const outgoing = this.#outgoing;
    if (!outgoing || error.accepted >= outgoing.length) return;
    // the characters after the rejected one never left the terminal
    this.bytesSent -= outgoing.length - error.accepted - 1;
    this.#txRejections = error.accepted === 0 ? this.#txRejections + 1 : 1;
    if (this.#txRejections > MAX_REPETITIONS) {
      this.#deactivate(new Iso7816Error("CARD_PARITY", `the card rejected a character ${MAX_REPETITIONS + 1} times`));
      return;
    }
    this.#send(outgoing.subarray(error.accepted));
  }

  /** Puts a received character (with {@link RX_BAD} where it had a parity error) at the ring's end. */
  #received(entry: number): void {
    const ring = this.#rx;
    if (this.#rxCount === ring.length) {
      const grown = new Uint16Array(ring.length * 2);
      for (let i = 0; i < this.#rxCount; i++) grown[i] = ring[(this.#rxFirst + i) % ring.length];
      this.#rx = grown;
      this.#rxFirst = 0;
    }
    this.#rx[(this.#rxFirst + this.#rxCount++) % this.#rx.length] = entry;
  }

  #feed(): void {
    const w = this.#waiter;
    if (!w) return;
    let gotOne = false;
    while (this.#rxCount > 0 && w.count < w.n) {
      const received = this.#rx[this.#rxFirst];
      this.#rxFirst = (this.#rxFirst + 1) % this.#rx.length;
      this.#rxCount--;
      if (received & RX_BAD) {
        this.#finishRead(new Iso7816Error("CARD_PARITY", "a character arrived with a parity error"));
        return;
      }
      w.got[w.count++] = received;
      gotOne = true;
    }
    if (w.count === w.n) return this.#finishRead(w.got);
    if (gotOne) {
      if (w.timer !== undefined) this.#o.clock.clear(w.timer);
      w.timer = this.#o.clock.set(() => this.#expire(w, "the card stopped within a response"), w.nextWaitMs);
    }
  }

  /**
   * A wait's time is up. The timer can run late, after the card's
   * characters came in time: an event loop busy past the deadline (a
   * collection, a redraw, a loaded host) runs the timer and the serial's
   * event in the same turn, in either order, and on the Moddable
   * simulator a character a card sent from a promise job is read only
   * after the timers already due. So what the serial holds is read first,
   * and again once the jobs queued before this one have run; the card is
   * mute only when nothing came by then: `CARD_MUTE` with `message`.
   */
  #expire(w: Waiter, message: string): void {
    if (this.#waiter !== w) return;
    w.timer = undefined;
    this.#onReadable();
    if (this.#waiter !== w || w.timer !== undefined) return;
    void Promise.resolve().then(() => {
      if (this.#waiter !== w || w.timer !== undefined) return;
      this.#onReadable();
      if (this.#waiter === w && w.timer === undefined) this.#finishRead(new Iso7816Error("CARD_MUTE", message));
    });
  }

  #finishRead(result: Uint8Array | Error): void {
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    if (w.timer !== undefined) this.#o.clock.clear(w.timer);
    if (result instanceof Error) w.reject(result);
    else w.resolve(result);
  }

  #etuMs(etu: number): number {
    return (etu * this.#etuCycles * 1000) / this.#clockHz;
  }

  #readBytes(n: number, firstWaitEtu: number, nextWaitEtu: number): Promise<Uint8Array> {
    if (!this.#powered) return Promise.reject(this.#fault ?? new Iso7816Error("CARD_REMOVED", "the card is not powered"));
    return new Promise((resolve, reject) => {
      const w: Waiter = { n, got: new Uint8Array(n), count: 0, nextWaitMs: this.#etuMs(nextWaitEtu), resolve, reject };
      this.#waiter = w;
      w.timer = this.#o.clock.set(() => this.#expire(w, `no answer within ${Math.round(firstWaitEtu)} ETU`), this.#etuMs(firstWaitEtu));
      this.#feed();
    });
  }

  async #write(bytes: Uint8Array): Promise<void> {
    if (!this.#powered) throw this.#fault ?? new Iso7816Error("CARD_REMOVED", "the card is not powered");
    this.#txRejections = 0;
    this.#send(bytes);
  }

  #send(bytes: Uint8Array): void {
    if (this.#repetition) this.#outgoing = bytes;
    this.bytesSent += bytes.length;
    this.#serial!.write(this.#convention === "inverse" ? bytes.map((b) => INVERSE_CONVENTION[b]) : bytes);
  }

  #presenceChanged(): void {
    if (this.#debounce !== undefined) this.#o.clock.clear(this.#debounce);
    this.#debounce = this.#o.clock.set(() => {
      this.#debounce = undefined;
      const present = this.#presence?.read() === 1;
      if (present === this.#present) return;
      this.#present = present;
      if (!present) this.#deactivate(new Iso7816Error("CARD_REMOVED", "the card was removed"));
      const event = present ? "onInserted" : "onRemoved";
      this.#o[event]?.();
      const listeners = Array.from(this.#listeners);
      for (let i = 0; i < listeners.length; i++) listeners[i][event]?.();
    }, this.#o.debounceMs ?? 50);
  }

  /** ISO/IEC 7816-3 6.4: RST low, clock stopped, I/O low, VCC off. */
  #deactivate(reason: Error = new Iso7816Error("CARD_REMOVED", "the card was powered down")): void {
    if (this.#powered) this.#fault = reason;
    if (this.#waiter) this.#finishRead(reason);
    this.#protocol = undefined;
    this.#outgoing = undefined;
    if (!this.#powered && !this.#pwm && !this.#serial) return;
    this.#powered = false;
    this.#reset?.write(0);
    this.#pwm?.close();
    this.#pwm = undefined;
    this.#serial?.close();
    this.#serial = undefined;
    this.#power?.write(1);
  }
}
