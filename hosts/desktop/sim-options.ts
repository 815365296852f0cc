/**
 * The simulator's command line: a fixed set of flags, read strictly (an
 * unknown option or an argument is refused, never ignored). Node only.
 */

/** The simulator's options, each a flag. */
export interface SimOptions {
  demo: boolean;
  interactive: boolean;
  verbose: boolean;
  "4g": boolean;
  zh: boolean;
  fresh: boolean;
}

const FLAGS: readonly (keyof SimOptions)[] = ["demo", "interactive", "verbose", "4g", "zh", "fresh"];

/** The usage text `--help` prints (and a refused command line after its message). */
export const SIM_USAGE = [
  "usage: make sim [ARGS='[--demo | --interactive] [--verbose] [--4g] [--zh] [--fresh]']",
  "       npx tsx hosts/desktop/run.ts [options]",
  "",
  "The terminal application on the XS engine over virtual devices, against the",
  "acquirer emulator; its files in $XSPOS_SIM_DIR (default .xspos-sim/).",
  "",
  "  --demo         play the tour (the default when the input is not a terminal);",
  "                 the emulator's accounts start full each time",
  "  --interactive  take commands, from a terminal or a pipe",
  "  --verbose      show every screen, not only the last of each step",
  "  --4g           reach the acquirer through the 4G modem driver and a virtual modem",
  "  --zh           the display and the receipts in Chinese",
  "  --fresh        start everything anew: empty the simulator's directory first",
  "  --help         print this text",
].join("\n");

/** What the command line asks: options to run with, the usage text, or a refusal. */
export type ParsedSimOptions = { kind: "run"; options: SimOptions } | { kind: "help" } | { kind: "error"; message: string };

/** Reads the simulator's arguments; `--demo` with `--interactive` is refused (they choose one mode). */
export function parseSimOptions(args: readonly string[]): ParsedSimOptions {
  const options: SimOptions = { demo: false, interactive: false, verbose: false, "4g": false, zh: false, fresh: false };
  for (const arg of args) {
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const name = arg.startsWith("--") ? (arg.slice(2) as keyof SimOptions) : undefined;
    if (name === undefined || !FLAGS.includes(name)) {
      // a stray argument may be a mistyped PIN: its digits are not echoed
      const shown = arg.length > 40 ? `${arg.slice(0, 40)}…` : arg;
      return { kind: "error", message: `unknown option ${JSON.stringify(shown.replace(/[0-9]/g, "#"))}` };
    }
    options[name] = true;
  }
  if (options.demo && options.interactive) return { kind: "error", message: "--demo and --interactive exclude each other" };
  return { kind: "run", options };
}
