import test from "ava";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";

const TMK = Uint8Array.of(0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10);

test("put then get gives the key back; get of a name never put is undefined", (t) => {
  const store = new MemoryKeyStore();
  store.put("tmk", TMK);
  t.deepEqual(store.get("tmk"), TMK);
  t.is(store.get("session.pin"), undefined);
});

test("get hands out a copy: wiping it after use leaves the stored key whole", (t) => {
  const store = new MemoryKeyStore();
  store.put("tmk", TMK);
  const key = store.get("tmk")!;
  key.fill(0);
  t.deepEqual(store.get("tmk"), TMK);
});

test("put stores a copy: the caller may wipe its own array at once", (t) => {
  const store = new MemoryKeyStore();
  const mine = TMK.slice();
  store.put("tmk", mine);
  mine.fill(0);
  t.deepEqual(store.get("tmk"), TMK);
});

test("delete forgets the key and put replaces it", (t) => {
  const store = new MemoryKeyStore();
  store.put("dek", TMK);
  store.put("dek", Uint8Array.of(1, 2, 3));
  t.deepEqual(store.get("dek"), Uint8Array.of(1, 2, 3));
  store.delete("dek");
  t.is(store.get("dek"), undefined);
  t.notThrows(() => store.delete("dek"));
  t.deepEqual(store.names(), []);
});

test("bad names get KEYSTORE_NAME and bad keys KEYSTORE_KEY", (t) => {
  const store = new MemoryKeyStore();
  for (const name of ["", "sixteen-chars-xx", "tmk key", "tmk/1", 7 as unknown as string]) {
    t.throws(() => store.put(name, TMK), { code: "KEYSTORE_NAME" }, String(name));
    t.throws(() => store.get(name), { code: "KEYSTORE_NAME" }, String(name));
  }
  t.notThrows(() => store.put("fifteen-chars.x", TMK));
  for (const key of [new Uint8Array(0), new Uint8Array(257), [1, 2] as unknown as Uint8Array]) {
    t.throws(() => store.put("tmk", key), { code: "KEYSTORE_KEY" });
  }
});
