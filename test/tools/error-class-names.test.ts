import test from "ava";
import * as esbuild from "esbuild";
import { runInNewContext } from "node:vm";
// @ts-expect-error a JavaScript build tool without declarations
import { errorClassesKeepNames } from "../../tools/error-class-names.mjs";

/** Throws two of the program's errors and says what `String` makes of them and of a class that is not an error. */
const ENTRY = `
import { TerminalError } from "./modules/terminal/error.ts";
import { XsposError } from "./modules/core/error.ts";
class Helper {}
globalThis.result = [String(new TerminalError("TERMINAL_STATE", "closed")), String(new XsposError("X", "y")), Helper.name];
`;

async function run(plugins: esbuild.Plugin[]): Promise<string[]> {
  const built = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: "ts" },
    bundle: true,
    format: "iife",
    target: "es2022",
    minifyIdentifiers: true,
    write: false,
    plugins,
  });
  const context: { result?: string[] } = {};
  runInNewContext(built.outputFiles[0].text, context);
  return context.result ?? [];
}

test("with the plugin the error classes of a minified bundle keep their names, other classes do not", async (t) => {
  const [terminal, base, helper] = await run([errorClassesKeepNames as esbuild.Plugin]);
  t.is(terminal, "TerminalError: closed");
  t.is(base, "XsposError: y");
  t.not(helper, "Helper");
});

test("without the plugin a minified bundle loses the base error class's name", async (t) => {
  const [, base] = await run([]);
  t.not(base, "XsposError: y");
});
