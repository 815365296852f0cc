/**
 * The byte state machine under the AT channel: lines ended by CR LF, the
 * `> ` prompt that asks for data (it has no line end), and runs of raw
 * bytes whose length a preceding line announced.
 */
export class AtParser {
  #line: number[] = [];
  #raw: number[] = [];
  #rawLeft = 0;
  #onLine: (line: string) => void;
  #onPrompt: () => void;
  #onRaw: (bytes: Uint8Array) => void;

  constructor(handlers: { onLine: (line: string) => void; onPrompt: () => void; onRaw: (bytes: Uint8Array) => void }) {
    this.#onLine = handlers.onLine;
    this.#onPrompt = handlers.onPrompt;
    this.#onRaw = handlers.onRaw;
  }

  /** The next `n` bytes are data, not text. */
  expectRaw(n: number): void {
    this.#rawLeft = n;
    this.#raw = [];
    if (n === 0) this.#onRaw(new Uint8Array(0));
  }

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.#rawLeft > 0) {
        this.#raw.push(b);
        if (--this.#rawLeft === 0) this.#onRaw(Uint8Array.from(this.#raw));
        continue;
      }
      if (b === 0x0a && this.#line[this.#line.length - 1] === 0x0d) {
        this.#line.pop();
        const text = String.fromCharCode(...this.#line);
        this.#line = [];
        if (text.length > 0) this.#onLine(text);
        continue;
      }
      this.#line.push(b);
      if (this.#line.length === 2 && this.#line[0] === 0x3e && this.#line[1] === 0x20) {
        this.#line = [];
        this.#onPrompt();
      }
      // a line longer than any modem sends is noise: start over
      if (this.#line.length > 1024) this.#line = [];
    }
  }
}
