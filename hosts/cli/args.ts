import { CliError } from "./cli-error.ts";
import type { LeafCommand, OnlyWith, OptionSpec } from "./command.ts";
import { checkSize } from "./input.ts";

/** A command line checked against its command: positional arguments in order, options by name. */
export interface Args {
  positional: string[];
  /** valued options to their value (as a choice spells it), flags to `true` */
  options: Map<string, string | true>;
}

/** A name fit to quote in a message: short and plain, never user data such as a track. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]{1,32}$/;

/** `"name"` when the name is plain enough to repeat, else nothing. */
export function quoted(name: string): string {
  return PLAIN_NAME.test(name) ? ` ${JSON.stringify(name)}` : "";
}

/** A usage error that says where the usage is. */
export function usageError(path: string, problem: string): CliError {
  return new CliError("USAGE", `${problem}; run xspos ${path} --help for its usage`);
}

/**
 * Parses a command's arguments strictly: only the options it declares,
 * each at most once, `--name value` or `--name=value` for valued options,
 * flags without a value, every positional argument and no more, each
 * input within its limit, and no option outside the mode it applies to.
 * `--` ends the options.
 * @param path - the command as typed, e.g. `iso8583 unpack`, for messages
 * @throws CliError `USAGE`, `INPUT_TOO_LARGE`
 */
export function parseArgs(argv: readonly string[], command: LeafCommand, path: string): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  let optionsEnd = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (optionsEnd || !a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    if (a === "--") {
      optionsEnd = true;
      continue;
    }
    if (!a.startsWith("--")) throw usageError(path, `unknown option${quoted(a)}`);
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const spec = command.options.find((o) => o.name === name);
    if (!spec) throw usageError(path, `unknown option${quoted("--" + name)}`);
    if (options.has(name)) throw usageError(path, `--${name} is given twice`);
    if (spec.kind === "flag") {
      if (eq >= 0) throw usageError(path, `--${name} is a flag: it takes no value`);
      options.set(name, true);
      continue;
    }
    let value: string;
    if (eq >= 0) value = a.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) throw usageError(path, `--${name} needs a value`);
      value = next;
      i++;
    }
    options.set(name, valueOf(spec, value, path));
  }
  for (const spec of command.options) {
    if (options.has(spec.name)) {
      if (spec.onlyWith && !applies(spec.onlyWith, options)) throw usageError(path, `--${spec.name} applies only ${onlyWithText(spec.onlyWith)}`);
    } else if (spec.kind !== "flag" && spec.required) throw usageError(path, `--${spec.name} is required`);
  }
  const expected = command.positionals;
  if (positional.length < expected.length) throw usageError(path, `<${expected[positional.length].name}> is missing`);
  if (positional.length > expected.length) {
    throw usageError(path, expected.length === 0 ? "it takes no argument besides its options" : `it takes ${expected.length} argument(s) besides its options, got ${positional.length}`);
  }
  expected.forEach((p, k) => checkSize(positional[k], p.kind, p.limit, `<${p.name}>`));
  return { positional, options };
}

function valueOf(spec: Exclude<OptionSpec, { kind: "flag" }>, value: string, path: string): string {
  if (spec.kind !== "choice") {
    checkSize(value, spec.kind, spec.limit, `--${spec.name}`);
    return value;
  }
  const wanted = spec.ignoreCase ? value.toLowerCase() : value;
  const choice = spec.choices.find((c) => (spec.ignoreCase ? c.toLowerCase() : c) === wanted);
  if (choice === undefined) throw usageError(path, `--${spec.name} must be ${alternatives(spec.choices)}`);
  return choice;
}

function applies(when: OnlyWith, options: Map<string, string | true>): boolean {
  const v = options.get(when.option);
  if (v === undefined) return false;
  return when.values === undefined || (typeof v === "string" && when.values.includes(v));
}

/** `with --aes`, `with --alg x919 or iso9797-1`. */
export function onlyWithText(when: OnlyWith): string {
  return `with --${when.option}` + (when.values ? ` ${alternatives(when.values)}` : "");
}

/** `a`, `a or b`, `a, b or c`. */
export function alternatives(values: readonly string[]): string {
  return values.length < 2 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

/** The value of a valued option, or undefined. */
export function option(args: Args, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === "string" ? v : undefined;
}

/** True when a flag was given. */
export function flag(args: Args, name: string): boolean {
  return args.options.get(name) === true;
}
