/**
 * The part of ECMA-419 `embedded:io/digital` the keypad uses: rows are
 * open-drain outputs (0 pulls the row low, 1 releases it), columns are
 * inputs with pull-ups (0 = a key connects the column to a low row).
 */
export interface DigitalPin {
  read(): number;
  write(value: number): void;
  close(): void;
}

export interface DigitalPinClass {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (options: any): DigitalPin;
  readonly InputPullUp?: unknown;
  readonly OutputOpenDrain?: unknown;
}

/** One pin: the class and its own options (pin number, port, ...). */
export type PinSpec = { io: DigitalPinClass } & Record<string, unknown>;
