/**
 * The part of ECMA-419 `embedded:io/serial` the printer uses, format
 * "buffer". The constructor's `onWritable(count)` says how many bytes
 * `write` may take now; `write` throws when given more (the Moddable
 * implementation: "output full"). `onReadable(count)` says bytes wait to
 * be `read`.
 */
export interface PrinterSerial {
  read(): ArrayBuffer | undefined;
  write(bytes: ArrayBuffer | Uint8Array): void;
  close(): void;
}

/** Constructor of a serial port, as `embedded:io/serial` (options typed by the class). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PrinterSerialClass = new (options: any) => PrinterSerial;
