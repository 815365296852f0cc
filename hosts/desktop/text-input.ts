/**
 * The command lines of the simulator's text front end. From a pipe they
 * are read as they come and nothing is echoed. On a terminal the input
 * is put in raw mode and edited here, so that this module alone decides
 * what of a line appears: the kernel's and readline's echo would show a
 * PIN as it is typed. Node only.
 */
import { createInterface } from "node:readline";

/** Where the typed characters come from: process.stdin, or a stand-in for it. */
export interface LineInput extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

/** Where the prompt and the echo go: process.stdout, or a stand-in for it. */
export interface LineOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The lines typed for the front end, one at a time. */
export interface CommandLines {
  /** Shows the prompt and gives the next line (without its end), or undefined once the input has ended. */
  next(): Promise<string | undefined>;
  /** Gives the terminal back as it was (cooked mode, echo on) and stops reading. */
  close(): void;
}

/**
 * States in which a digit typed at the prompt reaches no PIN prompt first: it is echoed as typed.
 * In any other state (a PIN prompt, the menu whose items ask for the manager PIN, a sale on its way
 * whose next step may be a PIN prompt) a digit is echoed as •.
 */
const PLAIN_DIGIT_STATES: ReadonlySet<string> = new Set(["idle", "amount", "basket", "cash", "original", "confirm", "present-card", "application", "result", "remove-card"]);
const DIGIT = /^[0-9]$/;
/** ENTER and MENU: keys after which the same line's digits may be typed at a PIN prompt */
const PIN_MAY_FOLLOW = /^[em]$/;
/** a terminal's escape sequence (an arrow key, a function key): not typed text */
const ESCAPE_SEQUENCE = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/gs;

/**
 * What is shown of a line typed at the prompt while the terminal is in `state`: digits as typed only
 * where they cannot be a PIN; as • in a state not known to be safe and after an ENTER or MENU
 * on the same line (`15000e1234e` with a card already in shows `15000e••••e`).
 */
export function typedEcho(line: string, state: string): string {
  let plain = PLAIN_DIGIT_STATES.has(state);
  let shown = "";
  for (const c of line) {
    if (DIGIT.test(c)) shown += plain ? c : "•";
    else {
      shown += c;
      if (PIN_MAY_FOLLOW.test(c)) plain = false;
    }
  }
  return shown;
}

/**
 * Opens the command lines on `input`. On a terminal, `echo` gives what is shown of the line typed
 * so far; it is asked each time the line is drawn (only at the prompt: what is typed while the front
 * end is busy is drawn when the prompt comes, under the state the terminal is then in).
 */
export function openCommandLines(prompt: string, echo: (line: string) => string, input: LineInput = process.stdin, output: LineOutput = process.stdout): CommandLines {
  return input.isTTY && input.setRawMode ? new TerminalLines(prompt, echo, input, output) : pipeLines(prompt, input, output);
}

function pipeLines(prompt: string, input: LineInput, output: LineOutput): CommandLines {
  // no output and no terminal mode: readline echoes nothing of a pipe, even to a terminal's stdout
  const rl = createInterface({ input, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  return {
    async next() {
      output.write(prompt);
      const next = await lines.next();
      return next.done ? undefined : String(next.value);
    },
    close: () => rl.close(),
  };
}

/** Raw mode with its own line editing: Enter ends a line, Backspace and Ctrl-U edit it, Ctrl-D on an empty line ends the input, Ctrl-C interrupts. */
class TerminalLines implements CommandLines {
  private typed = "";
  private readonly finished: string[] = [];
  private ended = false;
  private waiting: ((line: string | undefined) => void) | undefined;
  private lastWasCr = false;
  private readonly restore = () => this.input.setRawMode!(false);
  private readonly onData = (chunk: string | Buffer) => this.take(String(chunk));
  private readonly onEnd = () => this.end();

  constructor(
    private readonly prompt: string,
    private readonly echo: (line: string) => string,
    private readonly input: LineInput,
    private readonly output: LineOutput,
  ) {
    input.setRawMode!(true);
    // a crash must not leave the user's terminal without echo
    process.once("exit", this.restore);
    input.setEncoding("utf8");
    input.on("data", this.onData);
    input.on("end", this.onEnd);
    input.resume();
  }

  next(): Promise<string | undefined> {
    // to a file or a pipe, the prompt alone: no echo of what is typed
    if (!this.output.isTTY) this.output.write(this.prompt);
    const line = this.finished.shift();
    if (line !== undefined) {
      // typed ahead while the front end was busy: shown now, under the state the terminal is in now
      this.draw(line);
      if (this.output.isTTY) this.output.write("\n");
      return Promise.resolve(line);
    }
    if (this.ended) return Promise.resolve(undefined);
    this.draw(this.typed);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.input.off("data", this.onData);
    this.input.off("end", this.onEnd);
    this.restore();
    process.off("exit", this.restore);
    this.input.pause();
  }

  /** The prompt and what is shown of the line, over what was there (on a terminal only). */
  private draw(line: string): void {
    if (this.output.isTTY) this.output.write(`\r\x1b[K${this.prompt}${this.echo(line)}`);
  }

  private take(text: string): void {
    for (const c of text.replace(ESCAPE_SEQUENCE, "")) {
      if (this.ended) return;
      const cr = this.lastWasCr;
      this.lastWasCr = c === "\r";
      if (c === "\r" || c === "\n") {
        // CR LF (a paste) ends one line
        if (!(c === "\n" && cr)) this.endLine();
      } else if (c === "\x7f" || c === "\b") this.edit(this.typed.slice(0, -1));
      else if (c === "\x15") this.edit("");
      else if (c === "\x04") {
        if (this.typed === "") this.end();
      } else if (c === "\x03") {
        // raw mode turned ISIG off: the interrupt the terminal would have sent its foreground process group
        this.close();
        process.kill(0, "SIGINT");
        return;
      } else if (c >= " ") this.edit(this.typed + c);
    }
  }

  private edit(line: string): void {
    this.typed = line;
    if (this.waiting) this.draw(line);
  }

  private endLine(): void {
    const line = this.typed;
    this.typed = "";
    const waiting = this.waiting;
    if (!waiting) return void this.finished.push(line);
    this.waiting = undefined;
    if (this.output.isTTY) this.output.write("\n");
    waiting(line);
  }

  private end(): void {
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.(undefined);
  }
}
