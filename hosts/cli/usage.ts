import { onlyWithText } from "./args.ts";
import type { CommandSpec, LeafCommand, OptionSpec, PositionalSpec } from "./command.ts";

function optionArgument(o: OptionSpec): string {
  if (o.kind === "flag") return `--${o.name}`;
  return `--${o.name} ${o.kind === "choice" ? o.choices.join("|") : o.placeholder}`;
}

/** Every form of the command: its declared forms, or the one its options make. */
export function synopsisForms(command: LeafCommand, path: string): string[] {
  return command.forms ? command.forms.map((f) => `xspos ${path} ${f}`) : [synopsis(command, path)];
}

/** `xspos mac --alg x919|cmac|iso9797-1 --key HEX [--cipher aes|tdes|des] ... <data>` */
export function synopsis(command: LeafCommand, path: string): string {
  const parts = [`xspos ${path}`];
  for (const o of command.options) {
    const required = o.kind !== "flag" && o.required;
    parts.push(required ? optionArgument(o) : `[${optionArgument(o)}]`);
  }
  for (const p of command.positionals) parts.push(`<${p.name}>`);
  return parts.join(" ");
}

function limitText(kind: "text" | "hex" | "path", limit: number): string {
  if (kind === "path") return `a path of at most ${limit} characters`;
  return kind === "hex" ? `at most ${limit} ${limit === 1 ? "byte" : "bytes"}` : `at most ${limit} ${limit === 1 ? "character" : "characters"}`;
}

function optionHelp(o: OptionSpec): string {
  const notes: string[] = [];
  if (o.kind !== "flag" && o.required) notes.push("required");
  if (o.onlyWith) notes.push(`only ${onlyWithText(o.onlyWith)}`);
  if (o.kind === "text" || o.kind === "hex") notes.push(limitText(o.kind, o.limit));
  return notes.length ? `${o.help} (${notes.join("; ")})` : o.help;
}

function positionalHelp(p: PositionalSpec): string {
  return `${p.help} (${limitText(p.kind, p.limit)})`;
}

/** Two columns, the second starting where the longest first one ends. */
function table(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

function leafHelp(command: LeafCommand, path: string): string[] {
  const [first, ...others] = synopsisForms(command, path);
  const lines = [`usage: ${first}`, ...others.map((f) => `   or: ${f}`), "", command.description];
  if (command.positionals.length) {
    lines.push("", "arguments:", ...table(command.positionals.map((p) => [`<${p.name}>`, positionalHelp(p)])));
  }
  const rows: [string, string][] = command.options.map((o) => [optionArgument(o), optionHelp(o)]);
  rows.push(["--help", "print this text and exit"]);
  lines.push("", "options:", ...table(rows));
  if (command.limits?.length) lines.push("", "limits:", ...command.limits.map((l) => `  ${l}`));
  return lines;
}

/** What `xspos <command> --help` prints: synopsis, meaning, every argument and option. */
export function commandHelp(command: CommandSpec, path: string): string {
  if (!("subcommands" in command)) return leafHelp(command, path).join("\n") + "\n";
  const lines = [`usage: xspos ${path} ${command.subcommands.map((s) => s.name).join("|")} ...`, "", command.description];
  for (const sub of command.subcommands) lines.push("", "-".repeat(8), "", ...commandHelp(sub, `${path} ${sub.name}`).trimEnd().split("\n"));
  return lines.join("\n") + "\n";
}

function synopses(command: CommandSpec, path: string): string[] {
  if (!("subcommands" in command)) return synopsisForms(command, path);
  return command.subcommands.flatMap((s) => synopses(s, `${path} ${s.name}`));
}

/** What `xspos --help` prints: every command's synopsis and summary. */
export function globalHelp(commands: readonly CommandSpec[]): string {
  const lines = [
    "usage: xspos <command> [options] <arguments>",
    "       xspos <command> --help     a command's options and arguments, with their meaning and limits",
    "       xspos --version            the version, as JSON",
    "",
    "Prints JSON on stdout. Bad input exits with status 2 and prints",
    '{"error":{"code":"...","message":"..."}} with a stable code; a check that',
    "fails (emv run --scenario) prints its report and exits with status 1.",
    "",
    "commands:",
  ];
  for (const c of commands) {
    lines.push(`  ${c.name}: ${c.summary}`);
    for (const s of synopses(c, c.name)) lines.push(`    ${s}`);
  }
  return lines.join("\n") + "\n";
}
