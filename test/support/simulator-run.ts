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

/** One event of the web simulator's stream (GET /events). */
export type WebEvent = { type: string } & Record<string, unknown>;

/** A running web simulator (`run.ts --port 0`). */
export interface WebRun {
  /** the address it printed, http://127.0.0.1:<port>/ */
  url: string;
  /** what it printed on stdout so far */
  stdout(): string;
  /** the events of one GET /events opened at start, as they come */
  events: WebEvent[];
  /** the stream's raw text so far */
  stream(): string;
  /** POST /api/input: the status and the JSON answer */
  input(body: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** waits (up to `ms` of real time) for an event after index `from` that `match` accepts; gives it */
  until(match: (e: WebEvent) => boolean, from?: number, ms?: number): Promise<WebEvent>;
  /** SIGINT; resolves with the exit code */
  stop(): Promise<number | null>;
}

/** The one line the web simulator prints once its page can be loaded. */
const WEB_READY = /^xspos simulator: open (http:\/\/127\.0\.0\.1:\d+\/)$/m;

/** Starts the web simulator in `dir` on a free port, reads its address and opens its event stream; it is stopped when the test ends. */
export async function webSim(t: { teardown(f: () => void | Promise<void>): void }, dir: string): Promise<WebRun> {
  const child = spawn(process.execPath, ["--import", "tsx", "hosts/desktop/run.ts", "--port", "0"], { cwd: root, env: { ...process.env, XSPOS_SIM_DIR: dir } });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stopped: Promise<number | null> | undefined;
  const stop = () => (stopped ??= (child.kill("SIGINT"), exited));
  t.teardown(async () => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    await stop();
    clearTimeout(timer);
  });
  for (let i = 0; i < 1800 && !WEB_READY.test(out); i++) {
    if (child.exitCode !== null) throw new Error(`the web simulator exited with ${child.exitCode}: ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = WEB_READY.exec(out)?.[1];
  if (!url) throw new Error(`the web simulator printed no address: ${out} ${err}`);
  const controller = new AbortController();
  t.teardown(() => controller.abort());
  const response = await fetch(new URL("events", url), { signal: controller.signal });
  const events: WebEvent[] = [];
  let raw = "";
  void (async () => {
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const text = decoder.decode(value, { stream: true });
        raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith("data: ")) events.push(JSON.parse(block.slice(6)) as WebEvent);
        }
      }
    } catch {
      // the stream was aborted
    }
  })();
  return {
    url,
    stdout: () => out,
    events,
    stream: () => raw,
    async input(body) {
      const r = await fetch(new URL("api/input", url), { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> };
    },
    async until(match, from = 0, ms = 60_000) {
      for (let waited = 0; ; waited += 50) {
        const found = events.slice(from).find(match);
        if (found) return found;
        if (waited >= ms) throw new Error(`no such event within ${ms} ms; last events: ${JSON.stringify(events.slice(-5)).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
  };
}
