/**
 * Runs the built `xspos` (bin/xspos.js over dist/xspos.js) as a user
 * does; `npm run build` makes dist/, and the suites build it when it is
 * missing.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;

/** Builds dist/xspos.js when it is missing. */
export function ensureBuilt(): void {
  if (!existsSync(join(root, "dist/xspos.js"))) execFileSync("node", ["tools/build.mjs"], { cwd: root });
}

/** One run: exit status, stdout as printed, and stdout as JSON when it is JSON. */
export interface Run {
  status: number | null;
  stdout: string;
  json: any;
}

export function xspos(...args: string[]): Run {
  const r = spawnSync("node", [join(root, "bin/xspos.js"), ...args], { cwd: root, encoding: "utf8", maxBuffer: 1 << 24 });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: r.stdout, json };
}
