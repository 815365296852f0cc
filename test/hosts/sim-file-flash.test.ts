import test from "ava";
import { readFileSync, writeFileSync } from "node:fs";
import { FileFlash } from "../../hosts/sim/file-flash.ts";
import { FileFlash as NodeFileFlash } from "../../hosts/node/file-flash.ts";
import { FakeFile } from "../support/moddable-file.ts";
import { scratchPath } from "../support/scratch.ts";

const GEOMETRY = { blocks: 3, blockSize: 64 };

function scratch(t: { teardown(fn: () => void): void }): string {
  return scratchPath(t, "xspos-sim-flash-", "journal.bin");
}

test("a new file is made erased; writes AND, erases set FF, and the bytes are there for the next simulator", (t) => {
  const path = scratch(t);
  const flash = new FileFlash(path, GEOMETRY, FakeFile);
  t.true(flash.read(0, 192).every((b) => b === 0xff));
  flash.write(70, Uint8Array.of(0xf0, 0x0f));
  flash.write(70, Uint8Array.of(0x3c, 0x3c));
  flash.write(130, Uint8Array.of(0));
  flash.eraseBlock(2);
  const again = new FileFlash(path, GEOMETRY, FakeFile);
  t.deepEqual(again.read(70, 2), Uint8Array.of(0x30, 0x0c));
  t.is(again.read(130, 1)[0], 0xff);
  t.is(FakeFile.open, 0, "every call closed the file it opened");
});

test("a file of another size is FLASH_GEOMETRY, the code the Node backend gives, and is left as it was", (t) => {
  const path = scratch(t);
  writeFileSync(path, new Uint8Array(100).fill(0x5a));
  t.throws(() => new FileFlash(path, GEOMETRY, FakeFile), { code: "FLASH_GEOMETRY" });
  t.throws(() => NodeFileFlash.open(path, GEOMETRY), { code: "FLASH_GEOMETRY" });
  t.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array(100).fill(0x5a));
});

test("accesses outside the file are FLASH_RANGE", (t) => {
  const flash = new FileFlash(scratch(t), GEOMETRY, FakeFile);
  t.throws(() => flash.read(190, 3), { code: "FLASH_RANGE" });
  t.throws(() => flash.write(-1, Uint8Array.of(0)), { code: "FLASH_RANGE" });
  t.throws(() => flash.eraseBlock(3), { code: "FLASH_RANGE" });
});
