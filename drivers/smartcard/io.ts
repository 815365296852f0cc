/**
 * The IO the slot driver is built on, ECMA-419 shaped, through an analog
 * front end of the TDA8024/TDA8035 kind.
 */

/** `embedded:io/digital`, as output (CMDVCC, RSTIN) or input with edges (OFF / presence). */
export interface SlotDigital {
  read(): number;
  write(value: number): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SlotDigitalClass = { new (options: any): SlotDigital; readonly Output?: unknown; readonly Input?: unknown; readonly Rising?: number; readonly Falling?: number };

/** `embedded:io/pwm` for the card clock: a square wave of `hz`. */
export interface SlotPwm {
  write(value: number): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SlotPwmClass = new (options: any) => SlotPwm;

/**
 * What the serial reports through its constructor's `onError`:
 * - `receive`: a character arrived with a parity error;
 * - `transmit`: the card held I/O low in the guard time of a character
 *   the terminal sent (ISO/IEC 7816-3 7.3); `accepted` characters of the
 *   last `write()` went through before it, the rest was not sent.
 */
export type SlotLineError = { direction: "receive" } | { direction: "transmit"; accepted: number };

/**
 * `embedded:io/serial` on the card's I/O line: 8 data bits, a parity bit,
 * 2 stop bits, receiver and transmitter on the one half-duplex line (the
 * receiver hears the terminal's own characters and drops their echo).
 *
 * The constructor's `parity` ("even" or "odd", `LineParity` in convention.ts) is
 * the parity over the line's levels as the UART reads them, high = 1,
 * data LSB first: "even" for a card of the direct convention, "odd" for
 * one of the inverse convention (convention.ts). The slot opens the
 * serial with "even" for the answer to reset, since the convention is
 * known only from TS; for an inverse-convention card it decodes the ATR's
 * parity errors accordingly and opens the serial again with "odd" once
 * the ATR is in, while the card waits for the terminal. The class makes
 * the parity bit of what it sends and checks that of what it receives
 * with it.
 *
 * Beyond the ECMA-419 serial class, the driver relies on the
 * constructor's `onError(error: SlotLineError)` and, for T=0, on the
 * constructor option `characterRepetition: true`, under which the class
 * does the part of ISO/IEC 7816-3 7.3 that has to happen within one ETU
 * and leaves every decision to the driver:
 *
 * - receiving: a character with a parity error is not delivered; the
 *   class holds I/O low from 10.5 ± 0.2 ETU after the character's start
 *   edge for 1 to 2 ETU (the error signal that asks the card to send the
 *   character again) and calls `onError({ direction: "receive" })`. It
 *   signals every such character: the driver counts them and deactivates
 *   the card past the EMV limit.
 * - transmitting: characters go out one at a time, at least 12 ETU
 *   apart, and the class watches each one's guard time (the second stop
 *   bit, 11.5 ETU after the start edge, falls inside the card's error
 *   signal): on an error signal it sends nothing more of that `write()`
 *   and calls `onError({ direction: "transmit", accepted })`. The driver
 *   writes the rejected character and what followed it again.
 *
 * Without the option (answer to reset, T=1), `onError({ direction: "receive" })`
 * comes before `onReadable` for the character, which is delivered.
 *
 * On the ESP32 neither part can be done from JavaScript: an XS callback
 * runs milliseconds after the UART interrupt, and the error signal must be
 * on the line 10.7 ETU after the character's start edge, at most 1.2 ETU
 * after its parity bit (125 µs at 9600 bit/s, 31 µs at Di 4). The UART has
 * no ISO 7816 mode, so the board needs either a native serial class whose
 * IRAM interrupt handler does it (drivers/smartcard/README.md, "The error
 * signal on the ESP32") or a front end that does the T=0 character level
 * itself.
 */
export interface SlotSerial {
  read(): ArrayBuffer | undefined;
  write(bytes: ArrayBuffer | Uint8Array): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SlotSerialClass = new (options: any) => SlotSerial;

export type { LineParity } from "./convention.ts";

export type IoSpec<C> = { io: C } & Record<string, unknown>;
