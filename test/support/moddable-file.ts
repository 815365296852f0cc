/**
 * The Moddable SDK's `File` class (`file` module, modules/files/file/lin/modFile.c
 * of SDK 8.2.3) on node:fs, for host code that takes it by injection:
 * `new File(path)` opens for reading and throws when there is no file;
 * `new File(path, true)` opens for reading and writing, creating an empty
 * file when there is none; `read(ArrayBuffer, n)` reads from `position`
 * (fewer bytes at the end of the file, an error at or past it) and
 * advances it; `write` writes at `position` and advances it; every call
 * after `close` throws.
 */
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from "node:fs";

export class FakeFile {
  /** files opened and not closed, over every instance */
  static open = 0;
  #fd: number | undefined;
  #position = 0;

  constructor(path: string, write?: boolean) {
    if (write) this.#fd = openSync(path, existsSync(path) ? "r+" : "w+");
    else if (existsSync(path)) this.#fd = openSync(path, "r");
    else throw new Error("file not found");
    FakeFile.open++;
  }

  static exists(path: string): boolean {
    return existsSync(path);
  }

  get length(): number {
    return fstatSync(this.#handle()).size;
  }

  get position(): number {
    this.#handle();
    return this.#position;
  }

  set position(at: number) {
    this.#handle();
    this.#position = at;
  }

  read(type: typeof ArrayBuffer, count: number): ArrayBuffer {
    if (type !== ArrayBuffer) throw new Error("this fake reads ArrayBuffers only");
    const size = this.length;
    if (this.#position >= size) throw new Error("read past end of file");
    const out = new Uint8Array(Math.min(count, size - this.#position));
    readSync(this.#handle(), out, 0, out.length, this.#position);
    this.#position += out.length;
    return out.buffer;
  }

  write(buffer: ArrayBuffer): void {
    if (!(buffer instanceof ArrayBuffer)) throw new Error("this fake writes ArrayBuffers only");
    const bytes = new Uint8Array(buffer);
    writeSync(this.#handle(), bytes, 0, bytes.length, this.#position);
    this.#position += bytes.length;
  }

  close(): void {
    closeSync(this.#handle());
    this.#fd = undefined;
    FakeFile.open--;
  }

  #handle(): number {
    if (this.#fd === undefined) throw new Error("closed");
    return this.#fd;
  }
}
