import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A path `name` in a new directory of the system's temporary one, which the test's teardown removes. */
export function scratchPath(t: { teardown(fn: () => void): void }, prefix: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}
