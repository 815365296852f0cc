/**
 * The simulator's command line: a fixed set of flags and `--port N`,
 * read strictly (an unknown option or a stray argument is refused, never
 * ignored). Node only.
 */

/** The simulator's options. */
export interface SimOptions {
  /** the text front end (`--demo` and `--interactive` imply it); otherwise the web page */
  text: boolean;
  demo: boolean;
  interactive: boolean;
  verbose: boolean;
  "4g": boolean;
  zh: boolean;
  fresh: boolean;
  /** the web page's port on 127.0.0.1 (0: a free one) */
  port: number;
}

type Flag = Exclude<keyof SimOptions, "port">;

const FLAGS: readonly Flag[] = ["text", "demo", "interactive", "verbose", "4g", "zh", "fresh"];
/** The web page's default port: 8583, the number of the ISO standard the terminal speaks. */
export const DEFAULT_PORT = 8583;
const PORT = /^[0-9]{1,5}$/;

/** The usage text `--help` prints (and a refused command line after its message). */
export const SIM_USAGE = [
  "usage: make sim [ARGS='[--port N | --text [--demo | --interactive] [--verbose]] [--4g] [--zh] [--fresh]']",
  "       npx tsx hosts/desktop/run.ts [options]",
  "",
  "The terminal application on the XS engine over virtual devices, against the",
  "acquirer emulator; its files in $XSPOS_SIM_DIR (default .xspos-sim/).",
  "By default a web page on http://127.0.0.1:8583/ shows the terminal: display,",
  "keypad, wallet, faults, power, paper, receipts, traces and device time.",
  "",
  `  --port N       serve the page on port N of 127.0.0.1 (default ${DEFAULT_PORT}; 0: a free port)`,
  "  --text         the text front end instead of the page",
  "  --demo         (text) play the tour (the default when the input is not a terminal);",
  "                 the emulator's accounts start full each time",
  "  --interactive  (text) take commands, from a terminal or a pipe",
  "  --verbose      (text) show every screen, not only the last of each step",
  "  --4g           reach the acquirer through the 4G modem driver and a virtual modem",
  "  --zh           the display and the receipts in Chinese",
  "  --fresh        start everything anew: empty the simulator's directory first",
  "  --help         print this text",
].join("\n");

/** What the command line asks: options to run with, the usage text, or a refusal. */
export type ParsedSimOptions = { kind: "run"; options: SimOptions } | { kind: "help" } | { kind: "error"; message: string };

/** A stray argument may be a mistyped PIN: its digits are not echoed. */
function shown(arg: string): string {
  return JSON.stringify((arg.length > 40 ? `${arg.slice(0, 40)}…` : arg).replace(/[0-9]/g, "#"));
}

/**
 * Reads the simulator's arguments. `--demo` and `--interactive` imply
 * `--text` and exclude each other; `--port` is the web page's and is
 * refused with the text front end; a port is 0 to 65535.
 */
export function parseSimOptions(args: readonly string[]): ParsedSimOptions {
  const options: SimOptions = { text: false, demo: false, interactive: false, verbose: false, "4g": false, zh: false, fresh: false, port: DEFAULT_PORT };
  let portGiven = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    if (arg === "--port" || arg.startsWith("--port=")) {
      const value = arg === "--port" ? args[++i] : arg.slice("--port=".length);
      if (value === undefined) return { kind: "error", message: "--port needs a number" };
      if (!PORT.test(value) || Number(value) > 65535) return { kind: "error", message: `--port takes a port number from 0 to 65535, not ${shown(value)}` };
      if (portGiven) return { kind: "error", message: "--port is given twice" };
      options.port = Number(value);
      portGiven = true;
      continue;
    }
    const name = arg.startsWith("--") ? (arg.slice(2) as Flag) : undefined;
    if (name === undefined || !FLAGS.includes(name)) return { kind: "error", message: `unknown option ${shown(arg)}` };
    options[name] = true;
  }
  if (options.demo && options.interactive) return { kind: "error", message: "--demo and --interactive exclude each other" };
  if (options.demo || options.interactive) options.text = true;
  if (options.text && portGiven) return { kind: "error", message: "--port is for the web page: the text front end serves none" };
  return { kind: "run", options };
}
