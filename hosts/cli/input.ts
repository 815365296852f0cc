import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { isatty } from "node:tty";
import { XsposError } from "../../modules/core/error.ts";
import { fromHex } from "../../modules/core/hex.ts";
import { CliError } from "./cli-error.ts";

/** Longest file path taken (Linux PATH_MAX). */
export const MAX_PATH_CHARS = 4096;

/**
 * Refuses text longer than `limit` characters, or hex holding more than
 * `limit` bytes, before anything parses it.
 * @param label - how the message names the input, e.g. `--key`
 * @throws CliError `INPUT_TOO_LARGE`
 */
export function checkSize(text: string, kind: "text" | "hex" | "path", limit: number, label: string): void {
  if (kind !== "hex") {
    if (text.length > limit) throw new CliError("INPUT_TOO_LARGE", `${label} is longer than ${limit} characters`);
    return;
  }
  // white space may separate the digits; even so, four characters a byte is more than enough
  let digits = text.length > 4 * limit + 16 ? Infinity : 0;
  for (let i = 0; i < text.length && digits <= 2 * limit; i++) if (text.charCodeAt(i) > 0x20) digits++;
  if (digits > 2 * limit) throw new CliError("INPUT_TOO_LARGE", `${label} holds more than ${limit} bytes`);
}

/**
 * Bytes of a hex argument, its name in the error.
 * @throws XsposError `HEX_INVALID`
 */
export function hexInput(text: string, label: string): Uint8Array {
  try {
    return fromHex(text);
  } catch (e) {
    if (e instanceof XsposError) throw new XsposError(e.code, `${label}: ${e.message}`);
    throw e;
  }
}

/**
 * Opened without blocking: opening a FIFO for reading otherwise waits for
 * a writer, which may never come (O_NONBLOCK is POSIX; Windows has none).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Why a file that opened cannot be read to its end at once, or undefined:
 * regular files, and character devices that are not terminals (/dev/zero,
 * /dev/urandom, which never block and are cut at the limit), are read;
 * a FIFO or socket waits for a writer and a terminal for a user, so they
 * are refused, as is a directory.
 */
function unreadableKind(fd: number): string | undefined {
  const stat = fstatSync(fd);
  if (stat.isFIFO()) return "a named pipe (FIFO), which ends only when its writer says so";
  if (stat.isSocket()) return "a socket";
  if (stat.isDirectory()) return "a directory";
  if (stat.isCharacterDevice() && isatty(fd)) return "a terminal";
  if (!stat.isFile() && !stat.isCharacterDevice() && !stat.isBlockDevice()) return "something other than a file";
  return undefined;
}

/**
 * A file's bytes, reading at most `maxBytes + 1` of them, so that a huge
 * file or a device that never ends (/dev/zero) is refused at once. A FIFO,
 * a socket, a terminal or a directory is refused before anything is read:
 * none of them can be read without waiting.
 * @throws CliError `FILE_UNREADABLE`, `INPUT_TOO_LARGE`
 */
export function readBoundedFile(path: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch {
    throw new CliError("FILE_UNREADABLE", `cannot open ${path}`);
  }
  try {
    let kind: string | undefined;
    try {
      kind = unreadableKind(fd);
    } catch {
      throw new CliError("FILE_UNREADABLE", `cannot read ${path}`);
    }
    if (kind !== undefined) throw new CliError("FILE_UNREADABLE", `cannot read ${path}: it is ${kind}; give a file`);
    const buffer = new Uint8Array(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      let n: number;
      try {
        n = readSync(fd, buffer, length, buffer.length - length, null);
      } catch {
        throw new CliError("FILE_UNREADABLE", `cannot read ${path}`);
      }
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) throw new CliError("INPUT_TOO_LARGE", `${path} holds more than ${maxBytes} bytes`);
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}
