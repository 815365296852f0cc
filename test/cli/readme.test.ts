/**
 * The README's `xspos` section shows exactly what the command prints:
 * every ```sh block that starts with `$ npx xspos` is run, and its stdout
 * must equal the rest of the block byte for byte. The error codes the
 * section lists are ones the code raises. The Layout names every folder
 * of modules/, drivers/ and hosts/. Node only.
 */
import test from "ava";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt, root, xspos } from "./support.ts";

test.before(ensureBuilt);

const readme = readFileSync(join(root, "README.md"), "utf8");
const start = readme.indexOf("## The `xspos` command\n");
const section = readme.slice(start, readme.indexOf("\n## ", start + 1));

/** Shell words: plain, or in single quotes (the only quoting the README uses). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2]);
  return out;
}

const examples = [...readme.matchAll(/```sh\n(\$ npx xspos [^\n]*)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1], expected: m[2] }));

test("the README shows examples of every command", (t) => {
  for (const c of ["track", "f2f", "pinblock", "dukpt", "mac", "atr", "iso8583 unpack", "iso8583 pack", "tlv", "emv decode", "emv dol", "emv cryptogram", "emv oda", "emv capk", "emv run", "escpos"]) {
    t.true(examples.some((e) => e.command === `$ npx xspos ${c}` || e.command.startsWith(`$ npx xspos ${c} `)), c);
  }
});

test("each README example prints exactly what the README shows", (t) => {
  for (const { command, expected } of examples) {
    const [, , ...args] = words(command.slice(2));
    t.is(xspos(...args).stdout, expected, command);
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith(".ts") ? [readFileSync(path, "utf8")] : [];
  });
}

test("every error code the README's xspos section lists is one the code raises", (t) => {
  const code = ["modules", "drivers", "hosts/cli", "hosts/emv-tools", "hosts/emv-scenarios", "hosts/escpos-paper"].flatMap((d) => sources(join(root, d))).join("\n");
  const listed = new Set([...section.matchAll(/`([A-Z][A-Z0-9]*_[A-Z0-9_]+|USAGE)`/g)].map((m) => m[1]));
  t.true(listed.size > 20);
  for (const c of listed) t.true(code.includes(`"${c}"`), c);
});

test("the README's Layout names every folder of modules/, drivers/ and hosts/", (t) => {
  const at = readme.indexOf("## Layout\n");
  const layout = readme.slice(at, readme.indexOf("\n## ", at + 1) > 0 ? readme.indexOf("\n## ", at + 1) : undefined);
  for (const top of ["modules", "drivers", "hosts"]) {
    for (const name of readdirSync(join(root, top))) {
      if (!statSync(join(root, top, name)).isDirectory()) continue;
      t.true(layout.includes(`${name}/`), `${top}/${name}`);
    }
  }
});
