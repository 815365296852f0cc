import type { Args } from "./args.ts";

/**
 * What a command declares in one place: its name, its options and
 * arguments with their kinds and limits, its usage text and what it runs.
 * The parser, the help and the README all follow this declaration.
 */
export type CommandSpec = LeafCommand | GroupCommand;

/** A command that runs: `xspos atr <hex>`, `xspos iso8583 unpack ...`. */
export interface LeafCommand {
  name: string;
  /** one line, for `xspos --help` */
  summary: string;
  /** what `xspos <command> --help` says after the synopsis */
  description: string;
  options: readonly OptionSpec[];
  /** every one of them must be given, in this order */
  positionals: readonly PositionalSpec[];
  /** limits beyond those of the options and arguments (a file's size, a count) */
  limits?: readonly string[];
  /** the command's forms, each after `xspos <path>`, when the options go together in more than one way; the synopsis is built from `options` without it */
  forms?: readonly string[];
  /** the JSON the command prints (or a promise of it); throws an XsposError on bad input */
  run: (args: Args) => unknown;
  /** the exit status for what `run` returned, when it is not always 0 (e.g. 1 for a check that failed) */
  exitStatus?: (output: unknown) => number;
}

/** A command made of subcommands: `xspos iso8583 unpack|pack`. */
export interface GroupCommand {
  name: string;
  summary: string;
  description: string;
  subcommands: readonly CommandSpec[];
}

/** When an option applies: only with another option given, or given one of `values`. */
export interface OnlyWith {
  option: string;
  values?: readonly string[];
}

interface OptionBase {
  /** without the leading `--` */
  name: string;
  /** what the option means, for the usage text */
  help: string;
  /** the option makes sense only in this mode; given otherwise, it is a usage error */
  onlyWith?: OnlyWith;
}

/** `--name`, present or absent; `--name=value` is a usage error. */
export interface FlagOption extends OptionBase {
  kind: "flag";
}

/** `--name value` with a value from a fixed list. */
export interface ChoiceOption extends OptionBase {
  kind: "choice";
  choices: readonly string[];
  /** matched ignoring case; the command sees the value as `choices` spells it */
  ignoreCase?: boolean;
  required?: boolean;
}

/** `--name value` with free text (at most `limit` characters) or hex (at most `limit` bytes). */
export interface ValueOption extends OptionBase {
  kind: "text" | "hex";
  /** the value's name in the synopsis, e.g. `HEX` */
  placeholder: string;
  limit: number;
  required?: boolean;
}

export type OptionSpec = FlagOption | ChoiceOption | ValueOption;

/** A positional argument: text (`limit` characters), hex (`limit` bytes) or a file path. */
export interface PositionalSpec {
  name: string;
  kind: "text" | "hex" | "path";
  limit: number;
  help: string;
}
