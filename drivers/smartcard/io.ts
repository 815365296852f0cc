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
 * `embedded:io/serial` at 8 data bits, even parity, 2 stop bits. Two
 * things beyond the base class: `set({ break })` holds the I/O line low
 * (the T=0 error signal), and the constructor's `onError()` reports a
 * character received with a parity error (the ESP32 UART raises
 * UART_PARITY_ERR_INT for it), called before `onReadable` for that byte.
 */
export interface SlotSerial {
  read(): ArrayBuffer | undefined;
  write(bytes: ArrayBuffer | Uint8Array): void;
  set(options: { break?: boolean; baud?: number }): void;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SlotSerialClass = new (options: any) => SlotSerial;

export type IoSpec<C> = { io: C } & Record<string, unknown>;
