// Bundles what runs outside the type checker: the command-line tool into
// dist/ (so that `npx xspos` starts without a TypeScript loader) and the
// device program into build/device/ (the module manifest.json names, for
// mcconfig). Runs on `npm ci` (prepare) and `npm run build`.
import * as esbuild from "esbuild";

await esbuild.build({
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

// One ES module for XS; the Moddable modules it imports stay imports.
await esbuild.build({
  entryPoints: ["hosts/esp32/main.ts"],
  outfile: "build/device/main.js",
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  external: ["pins/*", "timer", "time", "preference", "crypt", "Resource", "commodetto/*", "embedded:*"],
  logLevel: "warning",
});
