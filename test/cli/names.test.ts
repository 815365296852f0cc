/**
 * Names typed on the command line are looked up among the project's own
 * names only: the names every JavaScript object inherits give the same
 * typed error as any unknown name, in every position a name is read, never
 * an internal fault or a result. The positions come from the command table
 * (hosts/cli/commands.ts): every command and subcommand name, every option
 * name, every choice option's value and every text argument and text
 * option, each tried on a run of the README's that succeeds; a command
 * added to the table is covered without a line here. Names inside JSON
 * values are listed below. The runs are in process (`runXspos`, what
 * bin/xspos.js runs), some hundreds of them. Node only.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandSpec, LeafCommand } from "../../hosts/cli/command.ts";
import { COMMANDS } from "../../hosts/cli/commands.ts";
import { runXspos } from "../../hosts/cli/run.ts";
import { root } from "./support.ts";

async function xspos(...args: string[]): Promise<{ status: number; stdout: string; json: any }> {
  const r = await runXspos(args);
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { ...r, json };
}

const INHERITED = ["__proto__", "constructor", "toString", "hasOwnProperty"];
/** A name the project does not know, and JavaScript objects do not inherit: the usual error. */
const UNKNOWN = "nosuchname";

const SHELL_WORD = /'([^']*)'|(\S+)/g;
const EXAMPLE = /```sh\n\$ npx xspos ([^\n]*)\n/g;

/** The README's `xspos` examples as argument lists. */
const examples = [...readFileSync(join(root, "README.md"), "utf8").matchAll(EXAMPLE)].map((m) => [...m[1].matchAll(SHELL_WORD)].map((w) => w[1] ?? w[2]));

/** Every leaf command with the path that reaches it. */
function leaves(commands: readonly CommandSpec[], prefix: string[] = []): { path: string[]; command: LeafCommand }[] {
  return commands.flatMap((c) => ("subcommands" in c ? leaves(c.subcommands, [...prefix, c.name]) : [{ path: [...prefix, c.name], command: c }]));
}

/** Every group command with its path. */
function groups(commands: readonly CommandSpec[], prefix: string[] = []): string[][] {
  return commands.flatMap((c) => ("subcommands" in c ? [[...prefix, c.name], ...groups(c.subcommands, [...prefix, c.name])] : []));
}

/** A README run of the command that exits 0 (what each position is tried in), or undefined when the README has none. */
async function goodRun(path: string[]): Promise<string[] | undefined> {
  for (const args of examples) {
    if (path.every((p, i) => args[i] === p) && (await xspos(...args)).status === 0) return args.slice(path.length);
  }
  return undefined;
}

/** Where in `args` the option's value is, or -1. */
function valueAt(args: string[], name: string): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? i + 1 : -1;
}

/** One place a name goes: the arguments with `N` put there. */
type Position = { what: string; args: (n: string) => string[] };

/** Commands the README shows no successful run of: their text arguments cannot be tried. */
const withoutExample: string[] = [];

async function positionsOf(path: string[], command: LeafCommand): Promise<Position[]> {
  const example = await goodRun(path);
  if (!example) withoutExample.push(path.join(" "));
  // without a run to start from, a name is tried where it is read before anything else is checked
  const good = example ?? [];
  const out: Position[] = [
    { what: "an option's name", args: (n) => [...path, `--${n}`, ...good] },
    { what: "an option's name with a value", args: (n) => [...path, `--${n}=1`, ...good] },
  ];
  for (const o of command.options) {
    if (o.kind === "flag" || o.kind === "hex") continue;
    // a FILE to write is a path, not a name (and would be written)
    if (o.kind === "text" && o.placeholder === "FILE") continue;
    const at = valueAt(good, o.name);
    out.push({
      what: `--${o.name}'s value`,
      args: (n) => (at >= 0 ? [...path, ...good.slice(0, at), n, ...good.slice(at + 1)] : [...path, `--${o.name}`, n, ...good]),
    });
  }
  const firstPositional = good.length - command.positionals.length;
  command.positionals.forEach((p, k) => {
    if (p.kind !== "text" || !example) return;
    const at = firstPositional + k;
    out.push({ what: `<${p.name}>`, args: (n) => [...path, ...good.slice(0, at), n, ...good.slice(at + 1)] });
  });
  return out;
}

// names inside JSON values: ISO 8583 field numbers and top-level keys, EMV tags of --data
const IN_JSON: Position[] = [
  { what: "iso8583 pack field number", args: (n) => ["iso8583", "pack", "--dialect", "iso87a", `{"mti":"0200","fields":{${JSON.stringify(n)}:"1"}}`] },
  { what: "iso8583 pack top-level key", args: (n) => ["iso8583", "pack", "--dialect", "iso87a", `{"mti":"0200","fields":{},${JSON.stringify(n)}:"1"}`] },
  { what: "emv dol --data tag", args: (n) => ["emv", "dol", "--dol", "9F0206", "--data", `{${JSON.stringify(n)}:"00"}`] },
];

const ALL: Position[] = [
  { what: "a command", args: (n) => [n] },
  { what: "a command, asking its help", args: (n) => [n, "--help"] },
  ...groups(COMMANDS).map((g): Position => ({ what: `a subcommand of ${g.join(" ")}`, args: (n) => [...g, n] })),
  ...(await Promise.all(leaves(COMMANDS).map(async ({ path, command }) => (await positionsOf(path, command)).map((p) => ({ ...p, what: `${path.join(" ")}: ${p.what}` }))))).flat(),
  ...IN_JSON,
];

test("every command of the table has a README run that succeeds, for its arguments to be tried in", (t) => {
  t.deepEqual(withoutExample, []);
});

test("the positions cover every command of the table, the EMV tools' choices and escpos --width among them", (t) => {
  const what = ALL.map((p) => p.what);
  for (const { path } of leaves(COMMANDS)) t.true(what.some((w) => w.startsWith(`${path.join(" ")}: `)), path.join(" "));
  for (const w of ["emv decode: <field>", "emv cryptogram: --session-key's value", "emv cryptogram: --method's value", "emv cryptogram: --arpc-key's value", "emv cryptogram: --arpc-method's value", "emv cryptogram: --padding's value", "escpos: --width's value"]) {
    t.true(what.includes(w), w);
  }
});

test("an inherited name in any name position gives the typed error an unknown name gives, exit 2", async (t) => {
  for (const position of ALL) {
    const usual = await xspos(...position.args(UNKNOWN));
    t.is(usual.status, 2, `${position.what}: ${position.args(UNKNOWN).join(" ")}`);
    const code = usual.json?.error?.code;
    t.true(typeof code === "string" && code !== "INTERNAL", `${position.what}: ${usual.stdout}`);
    for (const n of INHERITED) {
      const r = await xspos(...position.args(n));
      t.is(r.status, 2, `${position.what} = ${n}`);
      t.is(r.json?.error?.code, code, `${position.what} = ${n}: ${r.stdout}`);
    }
  }
});
