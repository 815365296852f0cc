// Error classes that keep their names in a bundle whose names esbuild
// shortens (tools/build.mjs, the Moddable programs;
// test/tools/error-class-names.test.ts bundles with it).
import { readFileSync } from "node:fs";

/** An error class's declaration at the top level of a file: `class ...Error`, exported or not. */
const ERROR_CLASS = /^(?:export )?class (\w+Error)\b/gm;

/**
 * An esbuild plugin for bundles built with `minifyIdentifiers`: an
 * error's `name` (what `String(error)` and the logs show) is its class's
 * (modules/core/error.ts takes it from `new.target`), and the shortened
 * names would make it `Zt`. Each TypeScript file that declares an error
 * class gets, at its end, a statement per class giving the class its
 * name back, the name esbuild's `keepNames` would keep for every function
 * of the program (21 KB more bytecode for the board's).
 */
export const errorClassesKeepNames = {
  name: "error-classes-keep-names",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const classes = [...source.matchAll(ERROR_CLASS)].map((m) => m[1]);
      if (classes.length === 0) return undefined;
      const naming = classes.map((name) => `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)} });`);
      return { contents: `${source}\n${naming.join("\n")}\n`, loader: "ts" };
    });
  },
};
