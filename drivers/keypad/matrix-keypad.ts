import type { Clock, TimerId } from "../../modules/core/ports.ts";
import type { KeyEvent, KeypadKey } from "../../modules/core/keys.ts";
import type { DigitalPin, PinSpec } from "./io.ts";
import { LAYOUT_4X4, type KeyMap } from "./layouts.ts";

/** Options of {@link MatrixKeypad}. */
export interface MatrixKeypadOptions {
  /** one open-drain output per row, top first */
  rows: PinSpec[];
  /** one pulled-up input per column, left first */
  columns: PinSpec[];
  /** key per row and column; default {@link LAYOUT_4X4} */
  keymap?: KeyMap;
  clock: Clock;
  /** time between scans, ms (default 10) */
  scanMs?: number;
  /** a key must read the same for this long before it counts, ms (default 30: membrane contacts bounce for 5-20 ms) */
  debounceMs?: number;
  /** keys that repeat while held (default CLEAR), after `delayMs` (600) every `intervalMs` (120) */
  repeat?: { keys?: KeypadKey[]; delayMs?: number; intervalMs?: number };
  onKey: (event: KeyEvent) => void;
  /** several keys held so that the matrix cannot tell which (ghosting); presses are held back meanwhile */
  onGhost?: () => void;
}

interface KeyState {
  stable: boolean;
  candidate: boolean;
  since: number;
  nextRepeat: number;
}

/**
 * A matrix keypad scanned row by row (ECMA-419 peripheral-class style):
 * each scan pulls one row low and reads the columns. Presses are
 * debounced per key, held repeating keys repeat, and a rectangle of held
 * keys (where a fourth phantom key appears) is reported as ghosting
 * instead of as keys.
 */
export class MatrixKeypad {
  #rows: DigitalPin[] = [];
  #columns: DigitalPin[] = [];
  #keymap: KeyMap;
  #clock: Clock;
  #scanMs: number;
  #debounceMs: number;
  #repeatKeys: Set<KeypadKey>;
  #repeatDelay: number;
  #repeatInterval: number;
  #onKey: (event: KeyEvent) => void;
  #onGhost: (() => void) | undefined;
  #state: KeyState[][] = [];
  #timer: TimerId | undefined;
  #ghosting = false;

  constructor(options: MatrixKeypadOptions) {
    this.#keymap = options.keymap ?? LAYOUT_4X4;
    this.#clock = options.clock;
    this.#scanMs = options.scanMs ?? 10;
    this.#debounceMs = options.debounceMs ?? 30;
    this.#repeatKeys = new Set(options.repeat?.keys ?? ["CLEAR"]);
    this.#repeatDelay = options.repeat?.delayMs ?? 600;
    this.#repeatInterval = options.repeat?.intervalMs ?? 120;
    this.#onKey = options.onKey;
    this.#onGhost = options.onGhost;
    if (this.#keymap.length !== options.rows.length || this.#keymap.some((r) => r.length !== options.columns.length)) {
      throw new RangeError(`the key map is not ${options.rows.length} rows by ${options.columns.length} columns`);
    }
    try {
      for (const spec of options.rows) {
        const row = new spec.io({ mode: spec.io.OutputOpenDrain, ...spec });
        this.#rows.push(row);
        row.write(1);
      }
      for (const spec of options.columns) this.#columns.push(new spec.io({ mode: spec.io.InputPullUp, ...spec }));
    } catch (e) {
      this.close();
      throw e;
    }
    this.#state = this.#keymap.map((r) => r.map(() => ({ stable: false, candidate: false, since: 0, nextRepeat: 0 })));
    this.#timer = this.#clock.set(() => this.#scan(), this.#scanMs);
  }

  /** Stops scanning and releases every pin. */
  close(): void {
    if (this.#timer !== undefined) this.#clock.clear(this.#timer);
    this.#timer = undefined;
    for (const pin of [...this.#rows, ...this.#columns]) pin.close();
    this.#rows = [];
    this.#columns = [];
  }

  /** Keys held now (after debouncing). */
  get held(): KeypadKey[] {
    const out: KeypadKey[] = [];
    this.#state.forEach((row, r) => row.forEach((s, c) => s.stable && out.push(this.#keymap[r][c])));
    return out;
  }

  #read(): boolean[][] {
    return this.#rows.map((row) => {
      row.write(0);
      const pressed = this.#columns.map((col) => col.read() === 0);
      row.write(1);
      return pressed;
    });
  }

  /** Two rows sharing two pressed columns: the matrix shows a phantom fourth key. */
  static #ghosted(raw: boolean[][]): boolean {
    for (let a = 0; a < raw.length; a++) {
      for (let b = a + 1; b < raw.length; b++) {
        let shared = 0;
        for (let c = 0; c < raw[a].length; c++) if (raw[a][c] && raw[b][c]) shared++;
        if (shared >= 2) return true;
      }
    }
    return false;
  }

  #scan(): void {
    this.#timer = this.#clock.set(() => this.#scan(), this.#scanMs);
    const now = this.#clock.now();
    const raw = this.#read();
    const ghosting = MatrixKeypad.#ghosted(raw);
    if (ghosting && !this.#ghosting) this.#onGhost?.();
    this.#ghosting = ghosting;
    if (ghosting) return;
    raw.forEach((row, r) =>
      row.forEach((pressed, c) => {
        const s = this.#state[r][c];
        const key = this.#keymap[r][c];
        if (pressed !== s.candidate) {
          s.candidate = pressed;
          s.since = now;
        }
        if (s.candidate !== s.stable && now - s.since >= this.#debounceMs) {
          s.stable = s.candidate;
          if (s.stable) {
            s.nextRepeat = now + this.#repeatDelay;
            this.#onKey({ key, repeat: false, at: now });
          }
        } else if (s.stable && s.candidate && this.#repeatKeys.has(key) && now >= s.nextRepeat) {
          s.nextRepeat += this.#repeatInterval;
          this.#onKey({ key, repeat: true, at: now });
        }
      }),
    );
  }
}
