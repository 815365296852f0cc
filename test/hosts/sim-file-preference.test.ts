import test from "ava";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { FilePreference } from "../../hosts/sim/file-preference.ts";
import { NvsBlobs } from "../../hosts/esp32/nvs-blobs.ts";
import { FakeDirectory, FakeFile } from "../support/moddable-file.ts";
import { scratchPath } from "../support/scratch.ts";

const FILES = { File: FakeFile, Directory: FakeDirectory };

function scratch(t: { teardown(fn: () => void): void }): string {
  return scratchPath(t, "xspos-sim-nvs-", "xspos-nvs");
}

test("the directory is made; a blob, a string, a number and a boolean read back as set, from a new instance too", (t) => {
  const dir = scratch(t);
  const nvs = new FilePreference(dir, FILES);
  t.true(existsSync(dir));
  nvs.set("xspos.keys", "tak", Uint8Array.of(1, 2, 0xff).buffer);
  nvs.set("xspos.keys", "label", "caisse 1");
  nvs.set("xspos.keys", "count", 42.5);
  nvs.set("xspos.keys", "on", true);
  nvs.set("xspos.keys", "off", false);
  const again = new FilePreference(dir, FILES);
  t.deepEqual(new Uint8Array(again.get("xspos.keys", "tak") as ArrayBuffer), Uint8Array.of(1, 2, 0xff));
  t.is(again.get("xspos.keys", "label"), "caisse 1");
  t.is(again.get("xspos.keys", "count"), 42.5);
  t.is(again.get("xspos.keys", "on"), true);
  t.is(again.get("xspos.keys", "off"), false);
  t.is(FakeFile.open, 0, "every call closed the file it opened");
});

test("a key never set is undefined; an empty blob and an empty string read back empty; a delete of a missing key is no error", (t) => {
  const nvs = new FilePreference(scratch(t), FILES);
  t.is(nvs.get("xspos.keys", "none"), undefined);
  nvs.set("xspos.keys", "empty", new ArrayBuffer(0));
  nvs.set("xspos.keys", "blank", "");
  t.is((nvs.get("xspos.keys", "empty") as ArrayBuffer).byteLength, 0);
  t.is(nvs.get("xspos.keys", "blank"), "");
  t.notThrows(() => nvs.delete("xspos.keys", "none"));
});

test("a set replaces the value whole, of another kind too; a delete takes the key's file away", (t) => {
  const dir = scratch(t);
  const nvs = new FilePreference(dir, FILES);
  nvs.set("xspos.dukpt", "registers", new Uint8Array(300).fill(7).buffer);
  nvs.set("xspos.dukpt", "registers", Uint8Array.of(9).buffer);
  t.deepEqual(new Uint8Array(nvs.get("xspos.dukpt", "registers") as ArrayBuffer), Uint8Array.of(9));
  nvs.set("xspos.dukpt", "registers", "text now");
  t.is(nvs.get("xspos.dukpt", "registers"), "text now");
  nvs.delete("xspos.dukpt", "registers");
  t.is(nvs.get("xspos.dukpt", "registers"), undefined);
  t.deepEqual(readdirSync(dir), []);
});

test("each key is a file of its own, <domain>.<key>: a byte for the kind, then the value", (t) => {
  const dir = scratch(t);
  const nvs = new FilePreference(dir, FILES);
  nvs.set("xspos.keys", "tmk", Uint8Array.of(0xaa, 0xbb).buffer);
  nvs.set("xspos.keys~", "tmk", Uint8Array.of(0xcc).buffer);
  t.deepEqual(readdirSync(dir).sort(), ["xspos.keys.tmk", "xspos.keys~.tmk"]);
  t.deepEqual(new Uint8Array(readFileSync(join(dir, "xspos.keys.tmk"))), Uint8Array.of(0, 0xaa, 0xbb));
});

test("the NVS stores run on it: a blob written through the copy domain reads back, the copy gone", (t) => {
  const dir = scratch(t);
  const blobs = new NvsBlobs(new FilePreference(dir, FILES), "xspos.keys");
  blobs.write("tak", Uint8Array.of(5, 6, 7));
  t.deepEqual(blobs.read("tak", "KEYSTORE_VALUE", "a key"), Uint8Array.of(5, 6, 7));
  t.deepEqual(readdirSync(dir), ["xspos.keys.tak"]);
});
