import Serial from "embedded:io/serial";
import RMT from "pins/rmt";
import type { SlotSerial } from "../../drivers/smartcard/io.ts";
import { cardFrameDurations } from "./card-frame.ts";

/** Options the slot driver hands to {@link CardLine} (drivers/smartcard/io.ts), with the board's pins. */
export interface CardLineOptions {
  /** UART that receives the I/O line */
  port: number;
  /** GPIO that drives the I/O line through the board's open-drain buffer (RMT output) */
  transmit: number;
  /** GPIO that hears the I/O line (UART RX) */
  receive: number;
  /** RMT channel of the transmitter (the magstripe takes 4 to 6) */
  channel: number;
  /** bit/s: the card clock over the ETU's clock cycles (f/372 at the ATR, f×D/F after PPS) */
  baud: number;
  /** parity over the line's levels, from the slot driver: "even" for the direct convention, "odd" for the inverse (drivers/smartcard/convention.ts) */
  parity?: "even" | "odd";
  onReadable: () => void;
}

/** The RMT counts the 80 MHz APB clock divided by this: 0.1 µs ticks. */
const RMT_DIVIDER = 8;
const RMT_HZ = 80_000_000 / RMT_DIVIDER;

/**
 * The card's I/O line on the ESP32: characters of 8 data bits, a parity
 * bit and 2 ETU of guard time (8E2, or 8O2 for a card of the inverse
 * convention, in UART terms) at the baud and parity the slot driver
 * derives from the card clock and TS. What the SDK allows decides the split:
 *
 * - The ECMA-419 serial (modules/io/serial/esp32/serial.c in the SDK)
 *   always programs 8N1 (`UART_PARITY_DISABLE`): it has no parity option
 *   nor a way to change the configuration once open, and ignores parity
 *   and stop bits; the contributed
 *   `serial` module that takes `"parity": "E"` and 2 stop bits
 *   (contributed/serial) defines the same C symbols (`xs_serial_read`,
 *   `xs_serial_write`, `xs_serial_destructor`) and cannot be linked beside
 *   the ECMA-419 serial the printer and modem use.
 * - So characters go out on the RMT (`pins/rmt`), whose pulse durations
 *   make the whole 12-ETU frame, parity and guard time included
 *   (card-frame.ts), at 0.1 µs resolution, the parity bit as the slot's
 *   `parity` says. SDK 8.2.3 does not build
 *   `pins/rmt` for the ESP32 (its ESP-IDF driver is gone; README.md, "Not
 *   done"), so this needs an RMT class on ESP-IDF's current driver with
 *   the same `write(firstValue, durations)`.
 * - They come in on the ECMA-419 serial's receiver at 8N1 and the same
 *   baud: the 8 data bits land where a card puts them; the UART samples
 *   the parity bit as its stop bit (a 0 there is a framing error; that the
 *   UART still stores such a byte in its FIFO is relied on, not tried),
 *   and the guard time is idle line. The parity bit is not
 *   checked. The receiver also hears the terminal's own characters, which
 *   are dropped by count.
 *
 * What is still not done (drivers/smartcard/README.md, "The error signal
 * on the ESP32"): no parity check on receive, hence no error signal (I/O
 * held low from 10.5 ETU) and no `onError`; nor does anything watch the
 * card's error signal in the guard time of the terminal's characters. The
 * `characterRepetition` option is taken and not honoured. A character
 * corrupted on the line therefore reaches the driver as a wrong byte under
 * T=0 (T=1's LRC catches it and the block is sent again), and a character
 * the card rejects is not sent again, so that command times out. The slot
 * opens the line with "even" for the answer to reset and again with "odd"
 * after it for a card of the inverse convention, so the characters the
 * terminal sends such a card carry the parity bit it checks.
 */
export class CardLine implements SlotSerial {
  readonly #uart: Serial;
  readonly #rmt: RMT;
  readonly #ticksPerEtu: number;
  readonly #parity: "even" | "odd";
  /** frames waiting for the RMT to finish the previous write */
  #pending: number[][] = [];
  #sending = false;
  /**
   * Whether the RMT's first `onWritable` has come: the SDK posts one when
   * the channel is set up and frees the transmitting items on every one,
   * so nothing may be written before it.
   */
  #ready = false;
  /** the terminal's own characters still to come back through the receiver */
  #echo = 0;

  constructor(options: CardLineOptions) {
    this.#ticksPerEtu = RMT_HZ / options.baud;
    this.#parity = options.parity === "odd" ? "odd" : "even";
    this.#uart = new Serial({ port: options.port, receive: options.receive, baud: options.baud, format: "buffer", onReadable: () => options.onReadable() });
    try {
      this.#rmt = new RMT({
        pin: options.transmit,
        channel: options.channel,
        divider: RMT_DIVIDER,
        direction: "tx",
        // idle high: the open-drain buffer releases the I/O line
        tx_config: { loop_en: 0, carrier_freq_hz: 0, carrier_duty_percent: 0, carrier_level: 0, carrier_en: 0, idle_level: 1, idle_output_en: 1 },
      });
    } catch (e) {
      this.#uart.close();
      throw e;
    }
    this.#rmt.onWritable = () => {
      this.#ready = true;
      this.#sending = false;
      const next = this.#pending.shift();
      if (next) this.#start(next);
    };
  }

  /** What the card sent since the last read, the terminal's echo taken out; undefined when nothing. */
  read(): ArrayBuffer | undefined {
    for (;;) {
      const data = this.#uart.read() as ArrayBuffer | undefined;
      if (!data || data.byteLength === 0) return undefined;
      const drop = Math.min(this.#echo, data.byteLength);
      this.#echo -= drop;
      if (drop < data.byteLength) return data.slice(drop);
    }
  }

  /** Sends the characters, 12 ETU each, after whatever is still going out. */
  write(bytes: ArrayBuffer | Uint8Array): void {
    const chars = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
    if (chars.length === 0) return;
    this.#echo += chars.length;
    const durations = cardFrameDurations(chars, this.#ticksPerEtu, this.#parity);
    if (this.#sending || !this.#ready) this.#pending.push(durations);
    else this.#start(durations);
  }

  close(): void {
    this.#pending = [];
    this.#rmt.close();
    this.#uart.close();
  }

  #start(durations: number[]): void {
    this.#sending = true;
    this.#rmt.write(0, durations);
  }
}
