import { XsposError } from "../../modules/core/error.ts";
import packageJson from "../../package.json" with { type: "json" };
import { parseArgs, quoted, usageError } from "./args.ts";
import { CliError } from "./cli-error.ts";
import type { CommandSpec } from "./command.ts";
import { COMMANDS } from "./commands.ts";
import { commandHelp, globalHelp } from "./usage.ts";

/** What a run of `xspos` prints on stdout and the exit status it ends with. */
export interface CliOutcome {
  stdout: string;
  status: number;
}

/** Exit status of a run whose checks failed (e.g. a scenario that did not meet its expectation): the output is complete, the verdict negative. */
export const EXIT_CHECK_FAILED = 1;
/** Exit status of bad input (a typed error); 70 (EX_SOFTWARE) is a fault of the tool itself. */
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 70;

function json(value: unknown, status = 0): CliOutcome {
  return { stdout: JSON.stringify(value, null, 2) + "\n", status };
}

function byName(commands: readonly CommandSpec[]): Map<string, CommandSpec> {
  return new Map(commands.map((c) => [c.name, c]));
}

function names(commands: readonly CommandSpec[]): string {
  return commands.map((c) => c.name).join(", ");
}

/** Finds the command and its arguments, or answers `--help` and `--version`. */
async function dispatch(argv: readonly string[], commands: readonly CommandSpec[]): Promise<CliOutcome> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new CliError("USAGE", "no command given; run xspos --help for the commands");
  if (first.startsWith("-")) {
    if (rest.length === 0 && first === "--help") return { stdout: globalHelp(commands), status: 0 };
    if (rest.length === 0 && first === "--version") return json({ version: packageJson.version });
    throw new CliError("USAGE", first === "--help" || first === "--version" ? `${first} takes no other argument` : `unknown option${quoted(first)}; run xspos --help for the usage`);
  }
  let command = byName(commands).get(first);
  if (!command) throw new CliError("USAGE", `unknown command${quoted(first)}; the commands are ${names(commands)} (run xspos --help)`);
  let path = first;
  let args = rest;
  while ("subcommands" in command) {
    const [name, ...more] = args;
    if (name === "--help") {
      if (more.length === 0) return { stdout: commandHelp(command, path), status: 0 };
      throw usageError(path, "--help takes no other argument");
    }
    if (name === undefined || name.startsWith("-")) throw usageError(path, `xspos ${path} needs a subcommand: ${names(command.subcommands)}`);
    const sub = byName(command.subcommands).get(name);
    if (!sub) throw usageError(path, `unknown subcommand${quoted(name)} of xspos ${path}; they are ${names(command.subcommands)}`);
    command = sub;
    path = `${path} ${name}`;
    args = more;
  }
  // `--` ends the options: a `--help` after it is an argument like any other
  const end = args.indexOf("--");
  if ((end < 0 ? args : args.slice(0, end)).includes("--help")) {
    if (args.length === 1) return { stdout: commandHelp(command, path), status: 0 };
    throw usageError(path, "--help takes no other argument");
  }
  const output = await command.run(parseArgs(args, command, path));
  return json(output, command.exitStatus?.(output) ?? 0);
}

/**
 * One run of the command line: JSON on stdout and status 0 (1 when a
 * command's checks failed, e.g. `emv run --scenario`); on bad input
 * `{"error":{"code","message"}}` and status 2; plain text only for `--help`.
 */
export async function runXspos(argv: readonly string[], commands: readonly CommandSpec[] = COMMANDS): Promise<CliOutcome> {
  try {
    return await dispatch(argv, commands);
  } catch (e) {
    if (e instanceof XsposError) return { stdout: JSON.stringify({ error: { code: e.code, message: e.message } }) + "\n", status: EXIT_BAD_INPUT };
    const message = e instanceof Error ? e.message : String(e);
    return { stdout: JSON.stringify({ error: { code: "INTERNAL", message } }) + "\n", status: EXIT_INTERNAL };
  }
}
