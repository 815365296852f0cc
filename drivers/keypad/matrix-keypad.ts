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
  /** the host's key map, read where it lies (a preloaded layout stays in flash, no copy in the heap) */
  #keymap: KeyMap;
  #clock: Clock;
  #scanMs: number;
  #debounceMs: number;
  #repeatKeys: Set<KeypadKey>;
  #repeatDelay: number;
  #repeatInterval: number;
  #onKey: (event: KeyEvent) => void;
  #onGhost: (() => void) | undefined;
  /*
   * Each key's debouncing state, key by key (row × columns + column), in
   * typed arrays: five numbers a key in a few fixed buffers, not an object
   * a key and an array a row in the heap.
   */
  /** 1 where the key reads pressed in the last scan (reused by each scan) */
  #raw: Uint8Array;
  /** 1 where the key counts as held (debounced) */
  #stable: Uint8Array;
  /** 1 where the key has read pressed since `#since` */
  #candidate: Uint8Array;
  /** when the key last changed its reading, ms */
  #since: Float64Array;
  /** when a held repeating key repeats next, ms */
  #nextRepeat: Float64Array;
  #timer: TimerId | undefined;
  #ghosting = false;

  constructor(options: MatrixKeypadOptions) {
    const keymap = (this.#keymap = options.keymap ?? LAYOUT_4X4);
    this.#clock = options.clock;
    this.#scanMs = options.scanMs ?? 10;
    this.#debounceMs = options.debounceMs ?? 30;
    this.#repeatKeys = new Set(options.repeat?.keys ?? ["CLEAR"]);
    this.#repeatDelay = options.repeat?.delayMs ?? 600;
    this.#repeatInterval = options.repeat?.intervalMs ?? 120;
    this.#onKey = options.onKey;
    this.#onGhost = options.onGhost;
    if (keymap.length !== options.rows.length || keymap.some((r) => r.length !== options.columns.length)) {
      throw new RangeError(`the key map is not ${options.rows.length} rows by ${options.columns.length} columns`);
    }
    try {
      for (let i = 0; i < options.rows.length; i++) {
        const spec = options.rows[i];
        const row = new spec.io({ mode: spec.io.OutputOpenDrain, ...spec });
        this.#rows.push(row);
        row.write(1);
      }
      for (let i = 0; i < options.columns.length; i++) {
        const spec = options.columns[i];
        this.#columns.push(new spec.io({ mode: spec.io.InputPullUp, ...spec }));
      }
    } catch (e) {
      this.close();
      throw e;
    }
    const keys = options.rows.length * options.columns.length;
    this.#raw = new Uint8Array(keys);
    this.#stable = new Uint8Array(keys);
    this.#candidate = new Uint8Array(keys);
    this.#since = new Float64Array(keys);
    this.#nextRepeat = new Float64Array(keys);
    this.#timer = this.#clock.set(() => this.#scan(), this.#scanMs);
  }

  /** Stops scanning and releases every pin. */
  close(): void {
    if (this.#timer !== undefined) this.#clock.clear(this.#timer);
    this.#timer = undefined;
    const pins = this.#rows.concat(this.#columns);
    for (let i = 0; i < pins.length; i++) {
      const pin = pins[i];
      pin.close();
    }
    this.#rows = [];
    this.#columns = [];
  }

  /** The key at scan index `i`: row × columns + column. */
  #key(i: number): KeypadKey {
    const columns = this.#columns.length;
    return this.#keymap[Math.floor(i / columns)][i % columns];
  }

  /** Keys held now (after debouncing). */
  get held(): KeypadKey[] {
    const out: KeypadKey[] = [];
    for (let i = 0; i < this.#stable.length; i++) if (this.#stable[i]) out.push(this.#key(i));
    return out;
  }

  /** Reads every key into `#raw`. */
  #read(): void {
    const columns = this.#columns;
    for (let r = 0; r < this.#rows.length; r++) {
      const row = this.#rows[r];
      row.write(0);
      for (let c = 0; c < columns.length; c++) this.#raw[r * columns.length + c] = columns[c].read() === 0 ? 1 : 0;
      row.write(1);
    }
  }

  /** Two rows sharing two pressed columns: the matrix shows a phantom fourth key. */
  #ghosted(): boolean {
    const raw = this.#raw;
    const rows = this.#rows.length;
    const columns = this.#columns.length;
    for (let a = 0; a < rows; a++) {
      for (let b = a + 1; b < rows; b++) {
        let shared = 0;
        for (let c = 0; c < columns; c++) if (raw[a * columns + c] && raw[b * columns + c]) shared++;
        if (shared >= 2) return true;
      }
    }
    return false;
  }

  #scan(): void {
    this.#timer = this.#clock.set(() => this.#scan(), this.#scanMs);
    // a keypad closed by a key's callback scans no more
    if (this.#rows.length === 0) return;
    const now = this.#clock.now();
    this.#read();
    const ghosting = this.#ghosted();
    if (ghosting && !this.#ghosting) this.#onGhost?.();
    this.#ghosting = ghosting;
    if (ghosting) return;
    for (let i = 0; i < this.#raw.length; i++) {
      const key = this.#key(i);
      const pressed = this.#raw[i];
      if (pressed !== this.#candidate[i]) {
        this.#candidate[i] = pressed;
        this.#since[i] = now;
      }
      // `pressed` is now the candidate reading
      if (pressed !== this.#stable[i] && now - this.#since[i] >= this.#debounceMs) {
        this.#stable[i] = pressed;
        if (pressed) {
          this.#nextRepeat[i] = now + this.#repeatDelay;
          this.#onKey({ key, repeat: false, at: now });
        }
      } else if (pressed && this.#stable[i] && this.#repeatKeys.has(key) && now >= this.#nextRepeat[i]) {
        this.#nextRepeat[i] += this.#repeatInterval;
        this.#onKey({ key, repeat: true, at: now });
      }
    }
  }
}
