/**
 * Runs the portable suites (test/modules, test/drivers) on the XS engine,
 * one fresh worker per suite, and prints `N passed, N failed`. Exits 1 on
 * any failure, or when a suite stops before reporting that it finished.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { bundleForXs, startXs } from "../../tools/xs-worker.ts";

type Message = { type: "pass" | "skip" | "done" } | { type: "fail"; title: string; error: string; stack: string };

const root = new URL("../..", import.meta.url).pathname;
const filter = process.argv[2];

function suites(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...suites(path));
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const files = [...suites(join(root, "test/modules")), ...suites(join(root, "test/drivers"))].filter(
  (f) => !filter || f.includes(filter),
);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const name = relative(root, file);
  const worker = await startXs();
  try {
    const code = await bundleForXs(file);
    await worker.evaluate(code);
    const run = await worker.evaluate("globalThis.__xsposRun()");
    const messages = run.messages as Message[];
    let p = 0;
    for (const m of messages) {
      if (m.type === "pass") p++;
      else if (m.type === "skip") skipped++;
      else if (m.type === "fail") {
        failed++;
        console.log(`  ✘ [xs] ${name} › ${m.title}\n      ${m.error}\n${m.stack.split("\n").slice(0, 6).map((l) => "      " + l).join("\n")}`);
      }
    }
    passed += p;
    if (!messages.some((m) => m.type === "done")) {
      failed++;
      console.log(`  ✘ [xs] ${name}: the suite did not finish (a promise never settled)`);
    }
    console.log(`  ✔ [xs] ${name}: ${p} passed (XS compute ${run.compute ?? "?"})`);
  } catch (e) {
    failed++;
    console.log(`  ✘ [xs] ${name}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await worker.close();
  }
}
console.log(`\nxs: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
