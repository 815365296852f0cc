import type { PreferencePort } from "../esp32/preference-port.ts";

/** An open file, as the `file` module's `File` gives it (the part used here). */
export interface PreferenceFile {
  readonly length: number;
  read(type: typeof ArrayBuffer, count?: number): ArrayBuffer;
  read(type: typeof String, count?: number): string;
  write(value: ArrayBuffer | string): void;
  close(): void;
}

/** The `file` module's `File` class (opens a file, `write`: for writing, created when absent) and its `Directory`. */
export interface PreferenceFiles {
  File: {
    new (path: string, write?: boolean): PreferenceFile;
    exists(path: string): boolean;
    delete(path: string): boolean | void;
  };
  Directory: { create(path: string): void };
}

/** What a value's file starts with: the kind of value NVS keeps. */
const BLOB = 0;
const TEXT = 1;
const NUMBER = 2;
const BOOLEAN = 3;

/**
 * The `preference` module's port in files, a file per key
 * (`<directory>/<domain>.<key>`), read when asked: as NVS on the ESP32,
 * the values stay out of the XS heap. The SDK's own `preference` module
 * on Linux, macOS and Windows keeps every domain in the heap as one JSON
 * object and writes all of it back at each `set`, which is not the
 * board's heap. A file holds a byte naming the kind of value (a blob, a
 * string, a number or a boolean, NVS's kinds), then the value. As on the
 * ESP32 (the SDK erases a key before it writes it), a `set` deletes the
 * key's file, then writes the new one: the NVS stores' copy through a
 * second domain (hosts/esp32/nvs-blobs.ts) is what keeps a value whole
 * across a cut.
 */
export class FilePreference implements PreferencePort {
  readonly #directory: string;
  readonly #files: PreferenceFiles;

  /**
   * @param directory - where the files are, made when absent (main.ts: `xspos-nvs/` in the `file` module's root)
   * @param files - the `file` module's `File` and `Directory` (main.ts passes them)
   */
  constructor(directory: string, files: PreferenceFiles) {
    this.#directory = directory.endsWith("/") ? directory : `${directory}/`;
    this.#files = files;
    files.Directory.create(this.#directory);
  }

  get(domain: string, key: string): string | boolean | number | ArrayBuffer | undefined {
    const path = this.#path(domain, key);
    const { File } = this.#files;
    if (!File.exists(path)) return undefined;
    const file = new File(path);
    try {
      const length = file.length;
      if (length === 0) return undefined;
      const kind = new Uint8Array(file.read(ArrayBuffer, 1))[0];
      if (kind === BLOB) return length === 1 ? new ArrayBuffer(0) : file.read(ArrayBuffer);
      const text = length === 1 ? "" : file.read(String);
      if (kind === TEXT) return text;
      if (kind === NUMBER) return Number(text);
      if (kind === BOOLEAN) return text === "1";
      return undefined;
    } finally {
      file.close();
    }
  }

  set(domain: string, key: string, value: string | boolean | number | ArrayBuffer): void {
    const path = this.#path(domain, key);
    const { File } = this.#files;
    File.delete(path);
    const file = new File(path, true);
    try {
      if (value instanceof ArrayBuffer) {
        file.write(Uint8Array.of(BLOB).buffer);
        if (value.byteLength > 0) file.write(value);
      } else {
        const kind = typeof value === "string" ? TEXT : typeof value === "number" ? NUMBER : BOOLEAN;
        const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value);
        file.write(Uint8Array.of(kind).buffer);
        if (text.length > 0) file.write(text);
      }
    } finally {
      file.close();
    }
  }

  delete(domain: string, key: string): void {
    this.#files.File.delete(this.#path(domain, key));
  }

  #path(domain: string, key: string): string {
    return `${this.#directory}${domain}.${key}`;
  }
}
