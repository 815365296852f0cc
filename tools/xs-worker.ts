/**
 * Node-side helpers to run bundled portable code on the real XS engine
 * (the xsnap worker of the npm package @agoric/xsnap).
 */
import "@endo/init";
import { xsnap } from "@agoric/xsnap";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { type } from "node:os";
import tmp from "tmp";
import * as esbuild from "esbuild";
import { fileURLToPath } from "node:url";

export interface XsRun {
  /** XS meter figures of the evaluation */
  compute: number | null;
  allocate: number | null;
  /** slots in use after the evaluation (falls to the live slots at each collection) */
  currentHeapCount: number | null;
  /** messages the script sent with issueCommand, parsed as JSON */
  messages: unknown[];
}

const decoder = new TextDecoder();

/**
 * Bundles a TypeScript entry into one script for XS. `ava` resolves to the
 * XS shim so that the same suites run on both engines.
 */
export async function bundleForXs(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2022",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["import", "default"],
    alias: { ava: fileURLToPath(new URL("../test/xs/ava-shim.ts", import.meta.url)) },
    logLevel: "silent",
    // Strict throughout, as the device's program is an ES module: a write to
    // a frozen built-in throws in bundled CommonJS code too, instead of being
    // ignored as sloppy code would. xsnap has no timers; portable code uses
    // the Clock port. Libraries that merely capture setTimeout at load time
    // (fast-check) get one that refuses.
    banner: {
      js: '"use strict"; globalThis.setTimeout ??= () => { throw new Error("no timers on the XS test engine: use the Clock port"); }; globalThis.clearTimeout ??= () => {};',
    },
  });
  return result.outputFiles[0].text;
}

/** Options of {@link startXs}. */
export interface XsOptions {
  /**
   * Freeze the built-ins before any code runs, as a Moddable host does
   * after preload (tools/freeze-builtins.ts). Default true: code that
   * writes to a built-in fails here as it would on the device.
   */
  freezeBuiltins?: boolean;
}

let freezeScript: Promise<string> | undefined;

/** tools/freeze-builtins.ts as a script that runs it. */
function freezeBuiltinsScript(): Promise<string> {
  freezeScript ??= esbuild
    .build({
      stdin: { contents: 'import { freezeBuiltins } from "./freeze-builtins.ts"; freezeBuiltins();', resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
      bundle: true,
      write: false,
      format: "iife",
      target: "es2022",
      platform: "neutral",
      logLevel: "silent",
    })
    .then((result) => result.outputFiles[0].text);
  return freezeScript;
}

/**
 * Starts an XS worker with no computation limit, its built-ins frozen
 * unless `options.freezeBuiltins` is false; messages it issues are
 * collected. A message answered by `reply` (e.g. a request for random
 * bytes) gets that answer back synchronously, as issueCommand's result.
 * A message sent with a binary payload has it as `bytes`.
 */
export async function startXs(
  reply?: (message: unknown) => Uint8Array | undefined | Promise<Uint8Array | undefined>,
  options: XsOptions = {},
): Promise<{ evaluate(code: string): Promise<XsRun>; close(): Promise<void>; terminate(): Promise<void> }> {
  let messages: unknown[] = [];
  const worker = await xsnap({
    os: type(),
    spawn,
    fs: { ...fs, ...fs.promises, tmpName: tmp.tmpName },
    meteringLimit: 0,
    stdout: "inherit",
    stderr: "inherit",
    handleCommand: async (request: Uint8Array) => {
      // a JSON message, or JSON, a 0 byte and a binary payload (tools/xs-send.ts sendBytesToParent)
      const end = request.indexOf(0);
      const message = JSON.parse(decoder.decode(end < 0 ? request : request.subarray(0, end)));
      if (end >= 0) message.bytes = request.slice(end + 1);
      const answer = await reply?.(message);
      if (answer) return answer;
      messages.push(message);
      return new Uint8Array(0);
    },
  });
  if (options.freezeBuiltins ?? true) {
    try {
      await worker.evaluate(await freezeBuiltinsScript());
    } catch (e) {
      await worker.close();
      throw e;
    }
  }
  return {
    async evaluate(code: string): Promise<XsRun> {
      messages = [];
      const { meterUsage } = await worker.evaluate(code);
      return { compute: meterUsage.compute, allocate: meterUsage.allocate, currentHeapCount: meterUsage.currentHeapCount ?? null, messages };
    },
    close: () => worker.close(),
    /** Kills the worker at once, whatever it is running (a power cut): an evaluation under way rejects. */
    terminate: () => worker.terminate(),
  };
}
