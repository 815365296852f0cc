/**
 * Starts the browser simulator as a user does, `make sim`, here with
 * `ARGS='--port 0'` (a free port) and a simulator directory of its own,
 * and reads the address it prints. `stop` interrupts it as Ctrl-C does:
 * SIGINT to make's whole process group, then waits until every process of
 * the group has ended.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = new URL("../..", import.meta.url).pathname;

/** The one line the simulator prints once its page can be loaded. */
const READY = /^xspos simulator: open (http:\/\/127\.0\.0\.1:(\d+)\/)$/m;
/** How long `make sim` may take to build and boot the firmware before the page is up. */
const START_BOUND_MS = 120_000;
/** How long the simulator may take to close after SIGINT (it saves its state first). */
const STOP_BOUND_MS = 20_000;

/** A running simulator. */
export interface WebSim {
  /** the address it printed, `http://127.0.0.1:<port>/` */
  url: string;
  /** its simulator directory ($XSPOS_SIM_DIR) */
  dir: string;
  /** what it printed on stdout so far */
  stdout(): string;
  /** what it (and make) printed on stderr so far */
  stderr(): string;
  /** SIGINT to make's process group; resolves once every process of the group has exited (the same promise on every call) */
  stop(): Promise<StopResult>;
}

/** How make ended after the interrupt. */
export interface StopResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the files the simulator left in its directory (its saved state) */
  files: string[];
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs `make sim ARGS='--port 0'` in the project's root with a fresh
 * $XSPOS_SIM_DIR; resolves once it printed its address. The directory is
 * removed after `stop`.
 */
export async function startWebSim(extraArgs: string[] = []): Promise<WebSim> {
  const dir = mkdtempSync(join(tmpdir(), "xspos-web-"));
  const args = ["--port", "0", ...extraArgs].join(" ");
  // detached: make leads a process group of its own, so that SIGINT reaches make, npx, tsx and the simulator as Ctrl-C would
  const child: ChildProcess = spawn("make", ["--no-print-directory", "sim", `ARGS=${args}`], {
    cwd: root,
    env: { ...process.env, XSPOS_SIM_DIR: dir },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pgid = child.pid!;
  let out = "";
  let err = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => (ended = true));

  let stopping: Promise<StopResult> | undefined;
  const stop = (): Promise<StopResult> => (stopping ??= interrupt());
  const interrupt = async (): Promise<StopResult> => {
    if (groupAlive(pgid)) process.kill(-pgid, "SIGINT");
    const deadline = Date.now() + STOP_BOUND_MS;
    while ((!ended || groupAlive(pgid)) && Date.now() < deadline) await sleep(50);
    const alive = groupAlive(pgid);
    if (alive) process.kill(-pgid, "SIGKILL");
    const result = await exited;
    const files = readdirSync(dir, { recursive: true }).map(String).sort();
    rmSync(dir, { recursive: true, force: true });
    if (alive) throw new Error(`the simulator's processes were still running ${STOP_BOUND_MS / 1000} s after SIGINT (killed)\n${err}`);
    return { ...result, files };
  };

  const deadline = Date.now() + START_BOUND_MS;
  for (;;) {
    const m = READY.exec(out);
    if (m) return { url: m[1], dir, stdout: () => out, stderr: () => err, stop };
    if (ended || Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`make sim did not print its address (${ended ? "it exited" : "time-out"})\nstdout:\n${out}\nstderr:\n${err}`);
    }
    await sleep(50);
  }
}
