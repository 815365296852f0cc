/**
 * The simulator's keys.json and dukpt.json are replaced through a
 * temporary file that is synced before its rename, the directory synced
 * after it. node:fs is watched through its CommonJS object, whose
 * changes syncBuiltinESMExports carries to the named imports of
 * hosts/desktop/sim-storage.ts; ava runs this file in a process of its own.
 */
import test from "ava";
import fs, { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SimStorage } from "../../hosts/desktop/sim-storage.ts";

type Event = { call: "open" | "fsync" | "rename" | "close"; path: string };

/** Records the opens, fsyncs, renames and closes `fn` makes, by path. */
function watchFs(fn: () => void): Event[] {
  const events: Event[] = [];
  const paths = new Map<number, string>();
  const { openSync, fsyncSync, renameSync, closeSync } = fs;
  fs.openSync = ((path: fs.PathLike, ...rest: unknown[]) => {
    const fd = (openSync as (...a: unknown[]) => number)(path, ...rest);
    paths.set(fd, String(path));
    events.push({ call: "open", path: String(path) });
    return fd;
  }) as typeof fs.openSync;
  fs.fsyncSync = ((fd: number) => {
    events.push({ call: "fsync", path: paths.get(fd) ?? `fd ${fd}` });
    fsyncSync(fd);
  }) as typeof fs.fsyncSync;
  fs.renameSync = ((from: fs.PathLike, to: fs.PathLike) => {
    events.push({ call: "rename", path: `${String(from)} -> ${String(to)}` });
    renameSync(from, to);
  }) as typeof fs.renameSync;
  fs.closeSync = ((fd: number) => {
    events.push({ call: "close", path: paths.get(fd) ?? `fd ${fd}` });
    closeSync(fd);
  }) as typeof fs.closeSync;
  syncBuiltinESMExports();
  try {
    fn();
  } finally {
    Object.assign(fs, { openSync, fsyncSync, renameSync, closeSync });
    syncBuiltinESMExports();
  }
  return events;
}

test("a DUKPT register write goes to dukpt.json.new, synced, renamed onto dukpt.json, then the directory is synced", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-sim-sync-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const storage = new SimStorage(dir, false);
  const file = join(dir, "dukpt.json");
  const events = watchFs(() => storage.handle({ type: "store-write", file: "dukpt", key: "dukpt.tdes", bytes: Uint8Array.of(0xab, 0xcd) }));
  const fsyncs = events.filter((e) => e.call === "fsync" || e.call === "rename").map((e) => `${e.call} ${e.path}`);
  t.deepEqual(fsyncs, [`fsync ${file}.new`, `rename ${file}.new -> ${file}`, `fsync ${dir}`]);
  t.is(events.filter((e) => e.call === "open").length, events.filter((e) => e.call === "close").length, "every file and directory opened is closed");
  t.false(existsSync(`${file}.new`));
  t.deepEqual(JSON.parse(readFileSync(file, "utf8")), { "dukpt.tdes": "abcd" });
});

test("a key store write replaces keys.json the same way, and the next simulator reads what was written", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "xspos-sim-sync-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const storage = new SimStorage(dir, false);
  storage.handle({ type: "store-write", file: "keys", key: "tmk", bytes: Uint8Array.of(1, 2) });
  const file = join(dir, "keys.json");
  const events = watchFs(() => storage.handle({ type: "store-write", file: "keys", key: "dek", bytes: Uint8Array.of(3) }));
  t.deepEqual(
    events.filter((e) => e.call === "fsync" || e.call === "rename").map((e) => `${e.call} ${e.path}`),
    [`fsync ${file}.new`, `rename ${file}.new -> ${file}`, `fsync ${dir}`],
  );
  const next = new SimStorage(dir, false);
  t.deepEqual(next.handle({ type: "store-read", file: "keys", key: "dek" }), Uint8Array.of(1, 3));
  t.deepEqual(next.handle({ type: "store-read", file: "keys", key: "tmk" }), Uint8Array.of(1, 1, 2));
});
