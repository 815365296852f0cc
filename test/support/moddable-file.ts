/**
 * The Moddable SDK's `File` class (`file` module, modules/files/file/lin/modFile.c
 * of SDK 8.2.3) on node:fs, for host code that takes it by injection:
 * `new File(path)` opens for reading and throws when there is no file;
 * `new File(path, true)` opens for reading and writing, creating an empty
 * file when there is none; `read(ArrayBuffer or String, n)` reads from
 * `position` (the rest of the file without `n`, fewer bytes at its end,
 * an error at or past it) and advances it; `write` writes an ArrayBuffer
 * or a string's UTF-8 at `position` and advances it; every call after
 * `close` throws. `File.delete` unlinks a file and says whether there was
 * one; {@link FakeDirectory} `create` makes a directory, none if it is there.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";

export const FakeDirectory = {
  create(path: string): void {
    mkdirSync(path, { recursive: true });
  },
};

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

  static delete(path: string): boolean {
    if (!existsSync(path)) return false;
    unlinkSync(path);
    return true;
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

  read(type: typeof ArrayBuffer, count?: number): ArrayBuffer;
  read(type: typeof String, count?: number): string;
  read(type: typeof ArrayBuffer | typeof String, count?: number): ArrayBuffer | string {
    if (type !== ArrayBuffer && type !== String) throw new Error("this fake reads ArrayBuffers and strings only");
    const size = this.length;
    if (this.#position >= size) throw new Error("read past end of file");
    const out = new Uint8Array(Math.min(count ?? size, size - this.#position));
    readSync(this.#handle(), out, 0, out.length, this.#position);
    this.#position += out.length;
    return type === String ? new TextDecoder().decode(out) : out.buffer;
  }

  write(value: ArrayBuffer | string): void {
    if (!(value instanceof ArrayBuffer) && typeof value !== "string") throw new Error("this fake writes ArrayBuffers and strings only");
    const bytes = typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value);
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
