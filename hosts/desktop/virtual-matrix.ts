/**
 * The simulator's keypad, and the tests' key matrix: ECMA-419-shaped
 * digital pins over a matrix without diodes, as a membrane keypad is. A
 * held key joins its row and column, so a column reads low when any chain
 * of held keys joins it to the row being pulled low; that is what makes
 * ghosting. Row pins are numbered 0.., column pins 100...
 */
import type { DigitalPin } from "../../drivers/keypad/io.ts";

export function virtualMatrix(rows: number, columns: number, options: { failOnPin?: number } = {}) {
  const held = new Set<string>();
  const rowLevel = new Array(rows).fill(1);
  const pins: MatrixPin[] = [];

  function columnLow(column: number): boolean {
    // search over rows and columns joined by held keys
    const seenRows = new Set<number>();
    const seenCols = new Set<number>([column]);
    const queue: ["r" | "c", number][] = [["c", column]];
    while (queue.length) {
      const [kind, i] = queue.pop()!;
      if (kind === "r" && rowLevel[i] === 0) return true;
      for (let j = 0; j < (kind === "c" ? rows : columns); j++) {
        const r = kind === "c" ? j : i;
        const c = kind === "c" ? i : j;
        if (!held.has(`${r},${c}`)) continue;
        if (kind === "c" && !seenRows.has(j)) {
          seenRows.add(j);
          queue.push(["r", j]);
        } else if (kind === "r" && !seenCols.has(j)) {
          seenCols.add(j);
          queue.push(["c", j]);
        }
      }
    }
    return false;
  }

  class MatrixPin implements DigitalPin {
    static readonly InputPullUp = "input-pull-up";
    static readonly OutputOpenDrain = "output-open-drain";
    readonly pin: number;
    readonly mode: unknown;
    closed = false;
    constructor(o: { pin: number; mode: unknown }) {
      if (o.pin === options.failOnPin) throw new Error(`pin ${o.pin} is in use`);
      this.pin = o.pin;
      this.mode = o.mode;
      pins.push(this);
    }
    read(): number {
      return this.pin >= 100 ? (columnLow(this.pin - 100) ? 0 : 1) : rowLevel[this.pin];
    }
    write(value: number): void {
      if (this.pin < 100) rowLevel[this.pin] = value ? 1 : 0;
    }
    close(): void {
      this.closed = true;
    }
  }

  return {
    Class: MatrixPin,
    pins,
    /** row pins are 0.., column pins 100.. */
    rowSpecs: Array.from({ length: rows }, (_, i) => ({ io: MatrixPin, pin: i })),
    columnSpecs: Array.from({ length: columns }, (_, i) => ({ io: MatrixPin, pin: 100 + i })),
    press(r: number, c: number) {
      held.add(`${r},${c}`);
    },
    release(r: number, c: number) {
      held.delete(`${r},${c}`);
    },
  };
}
