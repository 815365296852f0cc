/** The part of ECMA-419 `embedded:io/serial` the modem uses (format "buffer"). */
export interface SerialPort {
  read(): ArrayBuffer | undefined;
  write(bytes: ArrayBuffer | Uint8Array): void;
  close(): void;
}

/** Constructor of a serial port, as `embedded:io/serial` (options typed by the class). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SerialPortClass = new (options: any) => SerialPort;
