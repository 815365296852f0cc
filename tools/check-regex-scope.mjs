// Keeps regular-expression literals out of function bodies in the code
// that runs on XS: the engine compiles a regex literal each time it is
// evaluated, so one inside a function is compiled on every call. Parses
// each .ts file with a real TypeScript parser and lists, as file:line,
// every regex literal with a function-like ancestor; exits 1 if any.
//
//   node tools/check-regex-scope.mjs [file or folder ...]   (default: modules drivers)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "@babel/parser";

/** Nodes whose body runs on each call (or each construction, for instance fields). */
const FUNCTION_LIKE = new Set([
  "FunctionDeclaration",
  "FunctionExpression",
  "ArrowFunctionExpression",
  "ObjectMethod",
  "ClassMethod",
  "ClassPrivateMethod",
  "TSDeclareMethod",
]);
const INSTANCE_FIELD = new Set(["ClassProperty", "ClassPrivateProperty", "ClassAccessorProperty"]);
const SKIPPED_KEYS = new Set(["loc", "start", "end", "extra", "leadingComments", "trailingComments", "innerComments", "range"]);

function tsFiles(path) {
  if (statSync(path).isFile()) return path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.name === "node_modules" ? [] : tsFiles(join(path, entry.name))));
}

/** Regex literals inside functions, in source order: `{ line, column, text }`. */
export function regexLiteralsInFunctions(source, fileName = "input.ts") {
  const ast = parse(source, { sourceType: "module", plugins: ["typescript"], sourceFilename: fileName });
  const found = [];
  const visit = (node, insideFunction) => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, insideFunction);
      return;
    }
    if (node === null || typeof node !== "object" || typeof node.type !== "string") return;
    if (node.type === "RegExpLiteral" && insideFunction) {
      found.push({ line: node.loc.start.line, column: node.loc.start.column + 1, text: `/${node.pattern}/${node.flags}` });
    }
    const entersFunction = FUNCTION_LIKE.has(node.type);
    for (const key of Object.keys(node)) {
      if (SKIPPED_KEYS.has(key)) continue;
      // an instance field's initializer runs in the constructor, once per object
      const inFieldValue = key === "value" && INSTANCE_FIELD.has(node.type) && !node.static;
      visit(node[key], insideFunction || entersFunction || inFieldValue);
    }
  };
  visit(ast.program, false);
  return found;
}

function main(args) {
  const roots = args.length > 0 ? args : ["modules", "drivers"];
  const problems = [];
  let files = 0;
  for (const root of roots) {
    for (const file of tsFiles(root)) {
      files++;
      for (const hit of regexLiteralsInFunctions(readFileSync(file, "utf8"), file)) {
        problems.push(`${relative(process.cwd(), file)}:${hit.line}:${hit.column} ${hit.text}`);
      }
    }
  }
  if (problems.length > 0) {
    console.error(`regex literals inside functions (XS compiles them on every call; move each to a module-scope const):`);
    for (const p of problems) console.error(`  ${p}`);
    return 1;
  }
  console.log(`check-regex-scope: ${files} file${files === 1 ? "" : "s"}, no regex literal inside a function`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
