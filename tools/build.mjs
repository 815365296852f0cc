// Bundles what runs outside the type checker: the command-line tool into
// dist/ (so that `npx xspos` starts without a TypeScript loader) and the
// Moddable programs into build/device/, build/sim/ and build/sim-bench/
// (the modules manifest.json and hosts/sim's manifests name, for
// mcconfig). Runs on `npm ci` (prepare) and `npm run build`.
import * as esbuild from "esbuild";
import { parse } from "@babel/parser";
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Builds one bundle and puts it in place by a rename: a test reading
 * dist/xspos.js while another process rebuilds it (the simulator's tests
 * start `make sim`, which builds) sees the old file or the new, never half.
 */
async function bundle(options) {
  const result = await esbuild.build({ ...options, write: false });
  mkdirSync(dirname(options.outfile), { recursive: true });
  const temporary = `${options.outfile}.${process.pid}.tmp`;
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, options.outfile);
}

await bundle({
  entryPoints: ["hosts/cli/main.ts"],
  outfile: "dist/xspos.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
  // CommonJS packages in the bundle (iconv-lite) require Node's built-in modules
  banner: { js: 'import { createRequire as __xsposCreateRequire } from "node:module"; const require = __xsposCreateRequire(import.meta.url);' },
});

/** The module a Moddable manifest preloads: the program's code that does not run at start. */
const FIRMWARE = "xspos-firmware";

/** What the firmware module exports for main to call first. */
const REGEXPS_TO_RAM = "xsposRegExpsToRam";

/** AST nodes whose body runs when called, not when the module is evaluated. */
const FUNCTION_NODES = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression", "ObjectMethod", "ClassMethod", "ClassPrivateMethod"]);

/**
 * The module-scope variables of the firmware bundle that hold a RegExp
 * literal, or a property or an element of one that does (esbuild declares
 * them with `var`, which XS keeps writable after preload). main replaces
 * each by a copy made at start, in RAM, because a preloaded RegExp does
 * not work on the Moddable SDK 8.2.3: the linker
 * freezes it (a global one throws "lastIndex: not writable" in `replace`),
 * and its `exec` keeps its match data in `c_malloc` memory in a slot the
 * garbage collector takes for a chunk (xsre.c `fxAllocateRegExpData`), so a
 * collection during a match corrupts the heap (seen as a crash in
 * `fx_RegExp_prototype_exec` on the simulator). Fails on a RegExp literal
 * anywhere else at module scope, which the copy would miss.
 */
function moduleScopeRegExps(code, fileName) {
  const ast = parse(code, { sourceType: "module", sourceFilename: fileName });
  const places = [];
  const elsewhere = [];
  const skipped = (key) => key === "loc" || key === "start" || key === "end" || key === "extra" || key.endsWith("Comments");
  // anywhere else: a literal outside a function is one the copy would miss
  const visit = (node, inFunction) => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, inFunction));
    if (!node || typeof node.type !== "string") return;
    if (node.type === "RegExpLiteral" && !inFunction) elsewhere.push(`${fileName}:${node.loc.start.line} ${code.slice(node.start, node.end)}`);
    const inside = inFunction || FUNCTION_NODES.has(node.type);
    for (const [key, child] of Object.entries(node)) if (!skipped(key) && child && typeof child === "object") visit(child, inside);
  };
  // a variable's value, or a property or an element of it, that is a RegExp literal: `place` is how to reach it
  const value = (node, place) => {
    if (node?.type === "RegExpLiteral") return places.push(place);
    if (node?.type === "ObjectExpression") {
      for (const p of node.properties) {
        const key = p.type === "ObjectProperty" && !p.computed ? (p.key.type === "Identifier" ? p.key.name : p.key.value) : undefined;
        if (key === undefined) visit(p, false);
        else value(p.value, `${place}[${JSON.stringify(String(key))}]`);
      }
      return;
    }
    if (node?.type === "ArrayExpression") return node.elements.forEach((e, i) => value(e, `${place}[${i}]`));
    visit(node, false);
  };
  for (const statement of ast.program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "VariableDeclaration" && declaration.kind !== "const") {
      for (const d of declaration.declarations) {
        if (d.id.type === "Identifier") value(d.init, d.id.name);
        else visit(d, false);
      }
    } else visit(statement, false);
  }
  if (elsewhere.length > 0) throw new Error(`RegExp literals at module scope that the firmware cannot copy to RAM at start: ${elsewhere.join(", ")}`);
  return places;
}

/**
 * Bundles a Moddable program as two ES modules in `outdir`: `main.js`, the
 * entry and the files of `atStart` (their top level touches the hardware,
 * Piu or the SDK's native functions, which cannot run while `mcconfig`
 * preloads), and `xspos-firmware.js`, every other file the entry imports
 * (modules/, drivers/, the host's ports), which the manifest preloads so
 * that its functions and tables are built at build time and kept in flash,
 * not in the XS heap. The Moddable modules they import stay imports.
 */
async function moddableProgram({ entry, outdir, atStart, external }) {
  const common = { bundle: true, platform: "neutral", format: "esm", target: "es2022", external, logLevel: "warning" };
  const graph = await esbuild.build({ ...common, entryPoints: [entry], write: false, metafile: true, logLevel: "silent" });
  const stay = new Set([entry, ...atStart]);
  // JSON files come in through the files that import them (a bare import of one is dropped: no side effects)
  const preloaded = Object.keys(graph.metafile.inputs).filter((p) => !stay.has(p) && !p.endsWith(".json"));
  // a second entry that imports every preloaded file: what both entries share becomes the one chunk, the firmware
  const firmwareEntry = {
    name: "firmware-entry",
    setup(build) {
      build.onResolve({ filter: /^xspos-firmware-entry$/ }, () => ({ path: "firmware-entry", namespace: "xspos" }));
      build.onLoad({ filter: /.*/, namespace: "xspos" }, () => ({
        contents: preloaded.map((p) => `import ${JSON.stringify(resolve(p))};`).join("\n"),
        resolveDir: process.cwd(),
        loader: "js",
      }));
    },
  };
  const result = await esbuild.build({
    ...common,
    entryPoints: [{ in: entry, out: "main" }, { in: "xspos-firmware-entry", out: "firmware-entry" }],
    plugins: [firmwareEntry],
    splitting: true,
    chunkNames: FIRMWARE,
    outdir,
    write: false,
  });
  const byName = new Map(result.outputFiles.map((f) => [basename(f.path), f.text]));
  const main = byName.get("main.js");
  const firmware = byName.get(`${FIRMWARE}.js`);
  if (result.outputFiles.length !== 3 || main === undefined || firmware === undefined) {
    throw new Error(`${entry}: expected main.js, ${FIRMWARE}.js and the firmware entry, got ${[...byName.keys()].join(", ")}`);
  }
  const places = moduleScopeRegExps(firmware, `${outdir}/${FIRMWARE}.js`);
  const firmwareText = `${firmware}
/** Called first by main: each module-scope RegExp made again in RAM (tools/build.mjs, moduleScopeRegExps). */
export function ${REGEXPS_TO_RAM}() {
${places.map((p) => `  ${p} = new RegExp(${p});`).join("\n")}
}
`;
  // XS names a module by its manifest name, not a relative file path
  const linked = main.replaceAll(`"./${FIRMWARE}.js"`, JSON.stringify(FIRMWARE));
  const imports = linked.lastIndexOf(`} from ${JSON.stringify(FIRMWARE)};`);
  if (imports < 0) throw new Error(`${entry}: main.js does not import ${FIRMWARE}`);
  const body = linked.indexOf("\n", imports) + 1;
  const mainText = `${linked.slice(0, body)}import { ${REGEXPS_TO_RAM} } from ${JSON.stringify(FIRMWARE)};\n${REGEXPS_TO_RAM}();\n${linked.slice(body)}`;
  mkdirSync(outdir, { recursive: true });
  for (const [name, text] of [[`${FIRMWARE}.js`, firmwareText], ["main.js", mainText]]) {
    const temporary = join(outdir, `${name}.${process.pid}.tmp`);
    writeFileSync(temporary, text);
    renameSync(temporary, join(outdir, name));
  }
}

// The ESP32 program (manifest.json): main.js starts the board, xspos-firmware.js is preloaded.
await moddableProgram({
  entry: "hosts/esp32/main.ts",
  outdir: "build/device",
  atStart: [],
  external: ["pins/*", "timer", "time", "preference", "crypt", "Resource", "commodetto/*", "mc/config", "embedded:*"],
});

// The Moddable simulator's program (hosts/sim/manifest.json), split the same way. In main.js: the
// Piu screen, whose skins and styles are built by native constructors at its top level, and the
// virtual heads, whose class holds a Map of the heads made at start (a preloaded Map is read-only).
await moddableProgram({
  entry: "hosts/sim/main.ts",
  outdir: "build/sim",
  atStart: ["hosts/sim/screen.ts", "hosts/desktop/virtual-head.ts"],
  external: ["timer", "time", "preference", "crypt", "file", "instrumentation", "debug", "mc/config", "embedded:*"],
});

// The device's receipt glyphs (a flash resource, manifest.json): cut from Debian's unifont
// package when the build machine has it; otherwise an empty resource, and a warning saying so.
const cut = spawnSync(process.execPath, ["--import", "tsx", "tools/cut-glyphs.ts", "build/device/receipt-glyphs.bin"], { stdio: "inherit" });
if (cut.status !== 0) throw new Error("tools/cut-glyphs.ts failed");

// The benchmark cases in the Moddable simulator (hosts/sim/bench/manifest.json): one module, not preloaded.
await bundle({
  entryPoints: ["hosts/sim/bench.ts"],
  outfile: "build/sim-bench/main.js",
  bundle: true,
  platform: "neutral",
  // the software crypto backend's DES is a CommonJS package
  mainFields: ["module", "main"],
  format: "esm",
  target: "es2022",
  external: ["timer", "mc/config"],
  logLevel: "warning",
});
