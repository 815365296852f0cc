/**
 * File arguments that cannot be read without waiting (a FIFO with no
 * writer, a terminal) are refused with FILE_UNREADABLE at once; character
 * devices that never block (/dev/zero) are read up to the limit and
 * refused as INPUT_TOO_LARGE, as before. Each run is killed after 5 s, so
 * a command that waits shows up as killed (status null) rather than as a
 * hung suite. POSIX only (mkfifo). Node only.
 */
import test from "ava";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt, root } from "./support.ts";

test.before(ensureBuilt);

const dir = mkdtempSync(join(tmpdir(), "xspos-files-"));
test.after.always(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]) {
  const r = spawnSync("node", [join(root, "bin/xspos.js"), ...args], { cwd: root, encoding: "utf8", timeout: 5000 });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, json };
}

const posix = process.platform !== "win32";

(posix ? test : test.skip)("f2f and escpos on a FIFO with no writer exit 2 with FILE_UNREADABLE instead of waiting", (t) => {
  const fifo = join(dir, "no-writer.fifo");
  execFileSync("mkfifo", [fifo]);
  for (const args of [["f2f", "--track", "2", fifo], ["escpos", fifo]]) {
    const r = run(...args);
    t.is(r.status, 2, `${args[0]}: killed after 5 s means it waited for a writer`);
    t.is(r.json?.error?.code, "FILE_UNREADABLE", args[0]);
    t.regex(r.json?.error?.message ?? "", /FIFO/);
  }
});

(existsSync("/dev/ptmx") ? test : test.skip)("a terminal (a new pseudo-terminal) is FILE_UNREADABLE", (t) => {
  const r = run("f2f", "--track", "2", "/dev/ptmx");
  t.is(r.status, 2);
  t.is(r.json?.error?.code, "FILE_UNREADABLE");
  t.regex(r.json?.error?.message ?? "", /terminal/);
});

(existsSync("/dev/zero") ? test : test.skip)("/dev/zero and /dev/urandom, which never block, are still read to the limit: INPUT_TOO_LARGE", (t) => {
  for (const device of ["/dev/zero", "/dev/urandom"]) {
    const r = run("f2f", "--track", "2", device);
    t.is(r.status, 2, device);
    t.is(r.json?.error?.code, "INPUT_TOO_LARGE", device);
  }
});

test("a directory is FILE_UNREADABLE", (t) => {
  const r = run("escpos", dir);
  t.is(r.status, 2);
  t.is(r.json?.error?.code, "FILE_UNREADABLE");
});
