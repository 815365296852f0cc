import { closeSync, fsyncSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Replaces the file at `path` with what `fill` writes to a new file
 * descriptor: the contents go to `<path>.new`, are synced, and the name
 * is then renamed into place and the directory synced. A crash, of the
 * process or of the operating system, leaves the old file or the new one,
 * never a short one: syncing the file before the rename keeps the rename
 * from landing ahead of the contents, and syncing the directory puts the
 * rename itself on the disk before the call returns.
 */
export function replaceFile(path: string, fill: (fd: number) => void): void {
  const temporary = `${path}.new`;
  const fd = openSync(temporary, "w");
  try {
    fill(fd);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(dirname(path), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** Writes all of `bytes` at `offset` of `fd`, however many calls it takes. */
export function writeAll(fd: number, bytes: Uint8Array, offset: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
}
