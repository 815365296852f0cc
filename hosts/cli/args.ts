import { CliError } from "./cli-error.ts";

/** Positional arguments and `--name value` / `--flag` options. */
export interface Args {
  positional: string[];
  options: Map<string, string | true>;
}

/**
 * Splits argv; `flags` names the options that take no value.
 * @throws CliError `USAGE` when a valued option has no value
 */
export function parseArgs(argv: string[], flags: string[] = []): Args {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith("--") && a.length > 2) {
      const [name, inline] = a.slice(2).split("=", 2);
      if (flags.includes(name)) options.set(name, true);
      else if (inline !== undefined) options.set(name, inline);
      else {
        const value = argv[++i];
        if (value === undefined) throw new CliError("USAGE", `option --${name} needs a value`);
        options.set(name, value);
      }
    } else positional.push(a);
  }
  return { positional, options };
}

/** The value of a valued option, or undefined. */
export function option(args: Args, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === "string" ? v : undefined;
}
