import test from "ava";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { PreferenceKeyStore } from "../../hosts/esp32/preference-key-store.ts";
import { MAX_STORE_VALUE, PreferenceStore } from "../../hosts/esp32/preference-store.ts";
import { TdesDukptTerminal } from "../../modules/pin/dukpt/tdes-terminal.ts";
import { FakePreference, MAX_VALUE_BYTES } from "../support/moddable-preference.ts";
import { testCrypto } from "../support/crypto.ts";

const crypto = testCrypto();
// ANSI X9.24-1:2009 annex A.4 test data: the IPEK of BDK 0123456789ABCDEFFEDCBA9876543210 and KSN FFFF9876543210E00000.
const IPEK = fromHex("6AC292FAA1315B4D858AB3A3D7D5933A");
const IKSN = fromHex("FFFF9876543210E00000");

test("a key put is got back with its bytes, and lies in NVS as an ArrayBuffer blob in the xspos.keys namespace", (t) => {
  const nvs = new FakePreference();
  const keys = new PreferenceKeyStore(nvs);
  keys.put("tmk", Uint8Array.of(1, 2, 3, 4));
  t.deepEqual(keys.get("tmk"), Uint8Array.of(1, 2, 3, 4));
  const raw = nvs.raw("xspos.keys", "tmk");
  t.true(raw instanceof ArrayBuffer);
  t.deepEqual(new Uint8Array(raw as ArrayBuffer), Uint8Array.of(1, 2, 3, 4));
  t.deepEqual(nvs.keys("xspos.keys~"), [], "no copy is left once the write is done");
});

test("a key that is a view into a larger buffer is stored as the view's bytes only", (t) => {
  const nvs = new FakePreference();
  const keys = new PreferenceKeyStore(nvs);
  const whole = Uint8Array.of(9, 9, 5, 6, 7, 9);
  keys.put("dek", whole.subarray(2, 5));
  t.deepEqual(keys.get("dek"), Uint8Array.of(5, 6, 7));
  t.deepEqual(whole, Uint8Array.of(9, 9, 5, 6, 7, 9), "the caller's key is not wiped");
});

test("a key got is a copy the caller wipes without changing what NVS holds", (t) => {
  const keys = new PreferenceKeyStore(new FakePreference());
  keys.put("tmk", Uint8Array.of(1, 2, 3));
  keys.get("tmk")!.fill(0);
  t.deepEqual(keys.get("tmk"), Uint8Array.of(1, 2, 3));
});

test("a missing key is undefined, deleting it is no error, and a deleted key is gone", (t) => {
  const keys = new PreferenceKeyStore(new FakePreference());
  t.is(keys.get("tmk"), undefined);
  keys.delete("tmk");
  keys.put("tmk", Uint8Array.of(1));
  keys.delete("tmk");
  t.is(keys.get("tmk"), undefined);
});

test("a value under a key's name that is not a blob is KEYSTORE_VALUE, and the error does not carry it", (t) => {
  const nvs = new FakePreference();
  nvs.set("xspos.keys", "tmk", "0123456789ABCDEF");
  const e = t.throws(() => new PreferenceKeyStore(nvs).get("tmk"), { code: "KEYSTORE_VALUE" });
  t.false(e!.message.includes("0123456789ABCDEF"));
});

test("bad names and keys are refused with KEYSTORE_NAME and KEYSTORE_KEY before NVS is touched", (t) => {
  const nvs = new FakePreference();
  const keys = new PreferenceKeyStore(nvs);
  // NVS keys hold 15 characters: a 16th would make the SDK's set fail after it erased the key
  t.throws(() => keys.put("a".repeat(16), Uint8Array.of(1)), { code: "KEYSTORE_NAME" });
  t.throws(() => keys.get(""), { code: "KEYSTORE_NAME" });
  t.throws(() => keys.put("tmk", new Uint8Array(0)), { code: "KEYSTORE_KEY" });
  t.throws(() => keys.put("tmk", new Uint8Array(257)), { code: "KEYSTORE_KEY" });
  t.throws(() => new PreferenceKeyStore(nvs, "a".repeat(15)), { code: "KEYSTORE_NAME" }, "the copy namespace needs a 16th character");
  t.is(nvs.writes, 0);
});

test("the key store and the DUKPT store keep the same key name apart, each in its own namespace", (t) => {
  const nvs = new FakePreference();
  new PreferenceKeyStore(nvs).put("dukpt.tdes", Uint8Array.of(1));
  const store = new PreferenceStore(nvs);
  t.is(store.read("dukpt.tdes"), undefined);
  store.write("dukpt.tdes", Uint8Array.of(2));
  t.deepEqual(new PreferenceKeyStore(nvs).get("dukpt.tdes"), Uint8Array.of(1));
  t.deepEqual(nvs.keys("xspos.dukpt"), ["dukpt.tdes"]);
});

test("a power cut between the SDK's erase and its write of a key leaves the old key or the new one, never none", (t) => {
  // the SDK erases the key first (modPreference.c ERASE_KEY): cut the first set (the copy) and then the second (the key)
  for (const cut of [1, 2]) {
    const nvs = new FakePreference();
    const keys = new PreferenceKeyStore(nvs);
    keys.put("tmk", Uint8Array.of(1, 1));
    const before = nvs.writes;
    const set = nvs.set.bind(nvs);
    let sets = 0;
    nvs.set = (d, k, v) => {
      if (++sets === cut) nvs.cutPowerAfterErase();
      set(d, k, v);
    };
    t.throws(() => keys.put("tmk", Uint8Array.of(2, 2)), { message: "power cut" });
    t.true(nvs.writes > before);
    // the board boots again on what NVS holds
    t.deepEqual(new PreferenceKeyStore(nvs).get("tmk"), cut === 1 ? Uint8Array.of(1, 1) : Uint8Array.of(2, 2), `cut in set ${cut}`);
  }
});

test("DUKPT registers kept through the store go on from where they were after a reboot: the KSN counter never goes back", (t) => {
  const nvs = new FakePreference();
  const dukpt = new TdesDukptTerminal(crypto, new PreferenceStore(nvs));
  dukpt.loadInitialKey(IPEK, IKSN);
  for (let i = 0; i < 3; i++) dukpt.nextTransaction(["pin"]);
  const rebooted = new TdesDukptTerminal(crypto, new PreferenceStore(nvs));
  t.true(rebooted.loaded);
  // X9.24-1 annex A.4: the fourth transaction carries counter E00004
  t.is(toHex(rebooted.nextKsn), "FFFF9876543210E00004");
});

test("a power cut in the DUKPT registers' write leaves them loaded, at the old counter or the new one", (t) => {
  for (const cut of [1, 2]) {
    const nvs = new FakePreference();
    const dukpt = new TdesDukptTerminal(crypto, new PreferenceStore(nvs));
    dukpt.loadInitialKey(IPEK, IKSN);
    dukpt.nextTransaction(["pin"]);
    const set = nvs.set.bind(nvs);
    let sets = 0;
    nvs.set = (d, k, v) => {
      if (++sets === cut) nvs.cutPowerAfterErase();
      set(d, k, v);
    };
    t.throws(() => dukpt.nextTransaction(["pin"]), { message: "power cut" });
    const rebooted = new TdesDukptTerminal(crypto, new PreferenceStore(nvs));
    t.true(rebooted.loaded, `cut in set ${cut}: the registers are still there`);
    t.is(toHex(rebooted.nextKsn), cut === 1 ? "FFFF9876543210E00002" : "FFFF9876543210E00003");
  }
});

test("a value over the NVS limit is STORE_VALUE before NVS is touched, and the old value stays", (t) => {
  t.is(MAX_STORE_VALUE, MAX_VALUE_BYTES);
  const nvs = new FakePreference();
  const store = new PreferenceStore(nvs);
  store.write("dukpt.tdes", Uint8Array.of(7));
  t.throws(() => store.write("dukpt.tdes", new Uint8Array(MAX_STORE_VALUE + 1)), { code: "STORE_VALUE" });
  t.deepEqual(store.read("dukpt.tdes"), Uint8Array.of(7));
  store.write("dukpt.tdes", new Uint8Array(MAX_STORE_VALUE).fill(3));
  t.is(store.read("dukpt.tdes")!.length, MAX_STORE_VALUE);
});

test("a stored value that is not bytes is STORE_VALUE; a missing one is undefined; delete removes it", (t) => {
  const nvs = new FakePreference();
  nvs.set("xspos.dukpt", "dukpt.tdes", 42);
  const store = new PreferenceStore(nvs);
  t.throws(() => store.read("dukpt.tdes"), { code: "STORE_VALUE" });
  store.delete("dukpt.tdes");
  t.is(store.read("dukpt.tdes"), undefined);
  t.throws(() => store.write("x".repeat(16), Uint8Array.of(1)), { code: "KEYSTORE_NAME" });
});
