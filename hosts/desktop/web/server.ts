/**
 * The simulator's web front end: an HTTP server on 127.0.0.1 (node:http)
 * that serves the page (page.html, page.css, page.js from this folder, no
 * build step), streams the session's events on GET /events (server-sent
 * events, a full snapshot first), takes inputs on POST /api/input and
 * lists the wallet on GET /api/cards. It prints one line, the page's
 * address, and nothing of what is typed. Node only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { CHIP_CARDS, SIM_CARDS } from "../cards.ts";
import { SimSession, type SimEvent } from "../sim-session.ts";
import type { SimOptions } from "../sim-options.ts";
import { WebInputs } from "./web-inputs.ts";

const STATIC: Record<string, { file: string; type: string }> = {
  "/": { file: "page.html", type: "text/html; charset=utf-8" },
  "/page.css": { file: "page.css", type: "text/css; charset=utf-8" },
  "/page.js": { file: "page.js", type: "text/javascript; charset=utf-8" },
};
const JSON_TYPE = /^application\/json\b/;
/** the largest input body: an input is a few dozen bytes */
const MAX_BODY = 4096;
/** a comment line on the event stream this often, so that a proxy or the browser keeps it open */
const KEEP_ALIVE_MS = 15_000;
/** how long closing waits for the terminal to close before the worker is stopped */
const CLOSE_BOUND_MS = 5_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** The whole state for a page that connects: the first event of /events. */
function snapshot(session: SimSession): Record<string, unknown> {
  return {
    type: "snapshot",
    state: session.state,
    display: session.display,
    cardIn: session.cardIn,
    paperIn: session.paperIn,
    power: session.powered,
    receipts: session.receipts,
    trace: session.trace.map(({ type: _, ...line }) => line),
    deviceTime: session.deviceTime,
  };
}

/** The wallet: the stripe cards and the chip cards by index, with their labels. */
export function walletCards(): { swipe: { index: number; label: string }[]; chip: { index: number; label: string }[] } {
  return {
    swipe: SIM_CARDS.map((c, index) => ({ index, label: c.label })),
    chip: CHIP_CARDS.map((c, index) => ({ index, label: c.label })),
  };
}

/** Serves the page for `session`; resolves with the server once it listens on `port` of 127.0.0.1. */
export async function serveSimulator(session: SimSession, inputs: WebInputs, port: number) {
  const streams = new Set<ServerResponse>();
  const pageDir = new URL(".", import.meta.url).pathname;
  const server = createServer((req, res) => {
    void (async () => {
      // another site's page in the same browser (or a name rebound to this address) gets nothing
      const port = (server.address() as AddressInfo).port;
      if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) return json(res, 403, { error: { code: "HOST", message: `the simulator answers only to 127.0.0.1:${port} and localhost:${port}` } });
      const path = (req.url ?? "/").split("?")[0];
      const page = STATIC[path];
      if (req.method === "GET" && page) {
        res.writeHead(200, { "content-type": page.type, "cache-control": "no-store" });
        res.end(readFileSync(`${pageDir}${page.file}`));
      } else if (req.method === "GET" && path === "/events") {
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store", connection: "keep-alive" });
        const write = (e: object) => void res.write(`data: ${JSON.stringify(e)}\n\n`);
        write(snapshot(session));
        const off = session.on((e: SimEvent) => write(e));
        const alive = setInterval(() => res.write(": alive\n\n"), KEEP_ALIVE_MS);
        streams.add(res);
        res.on("close", () => {
          off();
          clearInterval(alive);
          streams.delete(res);
        });
      } else if (req.method === "GET" && path === "/api/cards") {
        json(res, 200, walletCards());
      } else if (req.method === "POST" && path === "/api/input") {
        // JSON only: a form or plain text posted from another site's page (no preflight) is refused
        if (!JSON_TYPE.test(req.headers["content-type"] ?? "")) return json(res, 400, { error: { code: "BAD_INPUT", message: "the body must be JSON, sent as application/json" } });
        const text = await readBody(req);
        if (text === undefined) return json(res, 400, { error: { code: "BAD_INPUT", message: `the body is longer than ${MAX_BODY} bytes` } });
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          return json(res, 400, { error: { code: "BAD_INPUT", message: "the body is not JSON" } });
        }
        const answer = await inputs.input(body);
        json(res, answer.status, answer.body);
      } else if (page || path === "/events" || path === "/api/cards" || path === "/api/input") {
        json(res, 405, { error: { code: "METHOD", message: `${req.method} is not served on ${path}` } });
      } else json(res, 404, { error: { code: "NOT_FOUND", message: "no such page" } });
    })().catch(() => {
      if (!res.headersSent) json(res, 500, { error: { code: "SIMULATOR_ERROR", message: "the simulator failed to answer" } });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close(): Promise<void> {
      for (const s of streams) s.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

/** `make sim` in its web mode: boots the terminal, serves the page, runs until SIGINT or SIGTERM. */
export async function runWeb(options: SimOptions, root: string): Promise<void> {
  const session = await SimSession.open({ root, fresh: options.fresh, chinese: options.zh, uplink: options["4g"] ? "4g" : "wifi", restoreBalances: true });
  const inputs = new WebInputs(session);
  let web: Awaited<ReturnType<typeof serveSimulator>> | undefined;
  try {
    await inputs.boot();
    inputs.startClock();
    web = await serveSimulator(session, inputs, options.port);
  } catch (e) {
    inputs.stopClock();
    await web?.close();
    await session.close();
    console.error(`xspos simulator: ${(e as { code?: string }).code === "EADDRINUSE" ? `port ${options.port} is in use (--port chooses another)` : (e as Error).message}`);
    process.exit(1);
  }
  process.stdout.write(`xspos simulator: open http://127.0.0.1:${web.port}/\n`);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    inputs.stopClock();
    await web.close();
    // the terminal closes its devices if it can within the bound; the files hold what was written either way
    const closed = session.powered ? session.enqueue(() => session.evaluate("xsposSim.close()")).catch(() => {}) : Promise.resolve();
    await Promise.race([closed, new Promise((r) => setTimeout(r, CLOSE_BOUND_MS))]);
    await session.close({ kill: true });
    process.stdout.write("xspos simulator: closed; the terminal's and the emulator's state are saved\n");
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
