/**
 * Runs `make sim`'s front end (hosts/desktop/run.ts) in a directory of
 * its own, for the simulator's end-to-end suites.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;

/** A fresh simulator directory, removed when the test ends. */
export function simDir(t: { teardown(f: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "xspos-sim-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs the simulator to its end and gives its output; it fails on a non-zero exit.
 * Asynchronous, so that the test worker stays free to report while it runs.
 */
export function sim(dir: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "hosts/desktop/run.ts", ...args], { cwd: root, env: { ...process.env, XSPOS_SIM_DIR: dir }, timeout: 240_000 });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`the simulator exited with ${code}: ${err}`))));
    child.stdin.end(input ?? "");
  });
}
