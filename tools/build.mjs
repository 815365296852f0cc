// Bundles the command-line tool into dist/ so that `npx xspos` starts
// without a TypeScript loader. Runs on `npm ci` (prepare) and `npm run build`.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["hosts/cli/main.ts"],
  outfile: "dist/xspos.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "es2022",
  logLevel: "warning",
});
