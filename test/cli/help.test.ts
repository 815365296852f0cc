/**
 * `xspos --help`, `xspos <command> --help` and `xspos --version`: plain
 * usage text for help only, every option a command takes listed with
 * its meaning. Node only.
 */
import test from "ava";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { CommandSpec, GroupCommand, LeafCommand } from "../../hosts/cli/command.ts";
import { COMMANDS } from "../../hosts/cli/commands.ts";
import { ensureBuilt, root, xspos } from "./support.ts";

test.before(ensureBuilt);

/** Every option each command reads, from reading hosts/cli/commands/*.ts. */
const OPTIONS: [string[], string[]][] = [
  [["track"], []],
  [["f2f"], ["--track", "--reveal"]],
  [["pinblock"], ["--format", "--pin", "--pan", "--key"]],
  [["dukpt"], ["--bdk", "--ksn", "--aes", "--key-type"]],
  [["mac"], ["--alg", "--key", "--cipher", "--padding"]],
  [["atr"], ["--warm"]],
  [["iso8583", "unpack"], ["--dialect", "--text", "--reveal"]],
  [["iso8583", "pack"], ["--dialect"]],
];

/** The line of the options table that describes `option`, or undefined. */
function optionLine(help: string, option: string): string | undefined {
  return help.split("\n").find((line) => line.startsWith(`  ${option} `) || line.startsWith(`  ${option}  `));
}

test("xspos --help prints plain text naming every command and every option, exit 0", (t) => {
  const r = xspos("--help");
  t.is(r.status, 0);
  t.is(r.json, undefined, "help is text, not JSON");
  t.true(r.stdout.startsWith("usage: xspos <command>"));
  for (const [path, options] of OPTIONS) {
    const synopsis = r.stdout.split("\n").find((l) => l.trim().startsWith(`xspos ${path.join(" ")} `) || l.trim() === `xspos ${path.join(" ")}`);
    t.truthy(synopsis, path.join(" "));
    for (const o of options) t.true(synopsis!.includes(o), `${path.join(" ")} ${o}`);
  }
});

test("xspos <command> --help lists each option the command takes with its meaning, exit 0", (t) => {
  for (const [path, options] of OPTIONS) {
    const r = xspos(...path, "--help");
    t.is(r.status, 0, path.join(" "));
    t.is(r.json, undefined);
    t.true(r.stdout.startsWith(`usage: xspos ${path.join(" ")}`), path.join(" "));
    for (const o of options) {
      const line = optionLine(r.stdout, o);
      t.truthy(line, `${path.join(" ")} ${o}`);
      // after the option and its value's name, some words of meaning
      t.regex(line!.slice(line!.indexOf(o) + o.length), /[A-Za-z]{3,}.* [A-Za-z]{3,}/, `${path.join(" ")} ${o} has a meaning`);
    }
    t.truthy(optionLine(r.stdout, "--help"));
  }
  const group = xspos("iso8583", "--help");
  t.is(group.status, 0);
  for (const o of ["--dialect", "--text", "--reveal"]) t.truthy(optionLine(group.stdout, o), o);
});

test("xspos <command> --help gives the maximum of every argument and valued option", (t) => {
  const cases: [string[], string[]][] = [
    [["track"], ["at most 79 characters"]],
    [["f2f"], ["65536 bytes", "4096 intervals"]],
    [["atr"], ["at most 33 bytes"]],
    [["mac"], ["at most 8192 bytes", "at most 64 bytes"]],
    [["pinblock"], ["at most 32 characters", "at most 64 bytes"]],
    [["dukpt"], ["at most 64 bytes"]],
    [["iso8583", "unpack"], ["at most 8192 bytes"]],
    [["iso8583", "pack"], ["at most 32768 characters"]],
  ];
  for (const [path, limits] of cases) {
    const help = xspos(...path, "--help").stdout;
    for (const l of limits) t.true(help.includes(l), `${path.join(" ")}: ${l}`);
  }
});

/** Every leaf command an object exported by a commands/ file declares, whether the table holds it yet or not. */
function declaredLeaves(value: unknown): LeafCommand[] {
  if (typeof value !== "object" || value === null || typeof (value as { name?: unknown }).name !== "string") return [];
  if ("subcommands" in value) return (value as GroupCommand).subcommands.flatMap(declaredLeaves);
  return "options" in value && "run" in value ? [value as LeafCommand] : [];
}

test("every option a command's code reads is declared by a command of its file, and the help of the command in the table lists it", async (t) => {
  const dir = join(root, "hosts/cli/commands");
  const inTable = new Map<LeafCommand, string>();
  const walk = (commands: readonly CommandSpec[], prefix: string[]) => {
    for (const c of commands) "subcommands" in c ? walk(c.subcommands, [...prefix, c.name]) : inTable.set(c, [...prefix, c.name].join(" "));
  };
  walk(COMMANDS, []);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(join(dir, file), "utf8");
    const read = [...source.matchAll(/\b(?:option|flag)\(args, "([a-z0-9-]+)"\)/g)].map((m) => m[1]);
    const module = (await import(new URL(`../../hosts/cli/commands/${file}`, import.meta.url).href)) as Record<string, unknown>;
    const leaves = Object.values(module).flatMap(declaredLeaves);
    for (const o of read) t.true(leaves.some((l) => l.options.some((spec) => spec.name === o)), `${file} reads --${o}, which no command of the file declares`);
    for (const leaf of leaves) {
      const path = inTable.get(leaf);
      if (!path) continue;
      const help = xspos(...path.split(" "), "--help").stdout;
      for (const spec of leaf.options) t.truthy(optionLine(help, `--${spec.name}`), `${path} --help lists --${spec.name}`);
    }
  }
});

test("xspos --version prints the package version as JSON, exit 0", (t) => {
  const r = xspos("--version");
  t.is(r.status, 0);
  t.deepEqual(r.json, { version: JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version });
});

test("--help and --version take no other argument", (t) => {
  for (const args of [["--help", "track"], ["--version", "x"], ["track", "--help", ";1?"], ["mac", "--alg", "cmac", "--help"]]) {
    const r = xspos(...args);
    t.is(r.status, 2, args.join(" "));
    t.is(r.json.error.code, "USAGE");
  }
});

test("emv oda --help gives the one-byte limit of --index in the singular and --unpredictable-number at most 4 bytes", (t) => {
  const r = xspos("emv", "oda", "--help");
  t.is(r.status, 0);
  t.regex(optionLine(r.stdout, "--index HEX") ?? "", /at most 1 byte\)/);
  t.notRegex(r.stdout, /at most 1 bytes/);
  t.regex(optionLine(r.stdout, "--unpredictable-number HEX") ?? "", /at most 4 bytes\)/);
});
