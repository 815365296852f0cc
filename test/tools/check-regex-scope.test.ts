import test from "ava";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const check = (...paths: string[]) => spawnSync(process.execPath, ["tools/check-regex-scope.mjs", ...paths], { cwd: root, encoding: "utf8" });

test("a regex literal in a function, an arrow function, a method or an instance field fails the check, listed as file:line", (t) => {
  const run = check("test/tools/fixtures/regex-in-function.ts");
  t.is(run.status, 1);
  const listed = run.stderr.split("\n").filter((l) => l.includes("regex-in-function.ts:"));
  t.deepEqual(
    listed.map((l) => l.trim().split(" ")[0].replace(/:\d+$/, "")),
    ["test/tools/fixtures/regex-in-function.ts:4", "test/tools/fixtures/regex-in-function.ts:7", "test/tools/fixtures/regex-in-function.ts:10", "test/tools/fixtures/regex-in-function.ts:13"],
  );
});

test("regex literals at module scope and in static fields pass the check", (t) => {
  const run = check("test/tools/fixtures/regex-hoisted.ts");
  t.is(run.status, 0, run.stderr);
  t.regex(run.stdout, /1 file, no regex literal inside a function/);
});

test("a folder is searched for .ts files", (t) => {
  const run = check("test/tools/fixtures");
  t.is(run.status, 1);
  t.false(run.stderr.includes("regex-hoisted.ts"));
});
