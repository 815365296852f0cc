import test from "ava";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { literalModuleSource, UnwritableValueError } from "../../tools/build-time-module.ts";
import { BOARD_CONFIG } from "../../hosts/esp32/board-config.ts";
import type { TerminalConfig } from "../../modules/config/types.ts";

/** Imports a module from its source text. */
async function evaluate(source: string): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), "xspos-build-time-"));
  try {
    const file = join(dir, "module.ts");
    writeFileSync(file, source);
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every object and list under `value` that is frozen, as paths, with the byte arrays' paths. */
function shape(value: unknown, path = "", out: string[] = []): string[] {
  if (value instanceof Uint8Array) out.push(`${path}: bytes`);
  else if (typeof value === "object" && value !== null) {
    out.push(`${path}: ${Object.isFrozen(value) ? "frozen" : "not frozen"}`);
    for (const key of Object.keys(value)) shape((value as Record<string, unknown>)[key], `${path}.${key}`, out);
  }
  return out;
}

test("the board's configuration written as literals reads back equal, with the same frozen objects and byte arrays", async (t) => {
  const written = (await evaluate(literalModuleSource({ BOARD_CONFIG }))).BOARD_CONFIG as TerminalConfig;
  t.deepEqual(written, BOARD_CONFIG);
  t.deepEqual(shape(written), shape(BOARD_CONFIG));
  t.true(Object.isFrozen(written.caKeys[0]));
  t.true(written.caKeys[0].modulus instanceof Uint8Array);
});

test("undefined, null, booleans, numbers, strings and an unfrozen object are written back as they were", async (t) => {
  const value = { a: undefined, b: null, c: true, d: -12.5, e: "x\"y\n", f: [1, [2]], g: new Uint8Array([0, 0xab]) };
  const written = (await evaluate(literalModuleSource({ value }))).value as typeof value;
  t.deepEqual(written, value);
  t.true("a" in written);
  t.false(Object.isFrozen(written));
});

test("a Map, a function, a class instance, NaN, -0 and a default export are refused, naming the value's path", (t) => {
  const cases: [Record<string, unknown>, string][] = [
    [{ config: { tables: new Map() } }, "config.tables: a Map cannot be written as a literal"],
    [{ config: { list: [0, () => 1] } }, "config.list[1]: a function cannot be written as a literal"],
    [{ when: new Date(0) }, "when: a Date cannot be written as a literal"],
    [{ ratio: Number.NaN }, "ratio: NaN cannot be written as a literal"],
    [{ zero: -0 }, "zero: -0 cannot be written as a literal"],
    [{ default: 1 }, "default: a default export cannot be written as a literal"],
  ];
  for (const [exports, message] of cases) {
    t.throws(() => literalModuleSource(exports), { instanceOf: UnwritableValueError, message });
  }
});

test("the board's bundle holds its configuration as data and no configuration reader", (t) => {
  const firmware = readFileSync("build/device/xspos-firmware.js", "utf8");
  t.true(firmware.includes('"terminalIdentification": "TID00001"'));
  // messages that only the reader (modules/config/fields.ts, config.ts) gives
  t.false(firmware.includes("CONFIG_UNKNOWN_FIELD"));
  t.false(firmware.includes("CONFIG_DUPLICATE"));
});

test("a module that throws when evaluated (a configuration at fault) makes the tool exit 1 with its error, writing no module", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-build-time-"));
  try {
    const file = join(dir, "bad-config.ts");
    const config = resolve("modules/config/config.ts");
    const sample = resolve("modules/config/sample-config.ts");
    writeFileSync(
      file,
      `import { readTerminalConfig } from ${JSON.stringify(config)};\nimport { SAMPLE_CONFIG } from ${JSON.stringify(sample)};\n` +
        `export const BOARD_CONFIG = readTerminalConfig({ ...SAMPLE_CONFIG, version: 2 });\n`,
    );
    const run = spawnSync(process.execPath, ["--import", "tsx", "tools/build-time-module.ts", file], { encoding: "utf8" });
    t.is(run.status, 1);
    t.is(run.stdout, "");
    t.regex(run.stderr, /ConfigError/);
    t.regex(run.stderr, /version: 1 expected/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
