import test from "ava";
import { TagStore } from "../../../../modules/emv/kernel/tag-store.ts";
import { KernelStop } from "../../../../modules/emv/kernel/stop.ts";

test("a value set is given back as the same bytes, copied: changing the array set afterwards changes nothing in the store", (t) => {
  const store = new TagStore();
  const value = Uint8Array.of(1, 2, 3);
  store.set("9F37", value);
  value[0] = 9;
  t.deepEqual(store.get("9F37"), Uint8Array.of(1, 2, 3));
  t.true(store.has("9F37"));
  t.false(store.has("9F36"));
  t.is(store.get("9F36"), undefined);
});

test("a value set again replaces the old one; a view taken before keeps the old bytes", (t) => {
  const store = new TagStore();
  store.set("8A", Uint8Array.of(0x59, 0x31));
  const before = store.get("8A")!;
  store.set("8A", Uint8Array.of(0x5a, 0x33));
  t.deepEqual(store.get("8A"), Uint8Array.of(0x5a, 0x33));
  t.deepEqual(before, Uint8Array.of(0x59, 0x31));
  t.deepEqual(store.tags(), ["8A"]);
});

test("a shared value is the caller's array itself: bits set in it later are what the store gives", (t) => {
  const store = new TagStore();
  const tvr = new Uint8Array(5);
  store.share("95", tvr);
  tvr[0] = 0x80;
  t.is(store.get("95"), tvr);
  t.is(store.get("95")![0], 0x80);
  store.set("95", Uint8Array.of(1, 2, 3, 4, 5));
  tvr[1] = 0xff;
  t.deepEqual(store.get("95"), Uint8Array.of(1, 2, 3, 4, 5), "a set value takes the shared one's place");
});

test("delete removes a copied or a shared value and says whether there was one; clear removes all", (t) => {
  const store = new TagStore();
  store.set("5A", Uint8Array.of(0x54, 0x13));
  store.share("9B", new Uint8Array(2));
  t.true(store.delete("5A"));
  t.false(store.delete("5A"));
  t.true(store.delete("9B"));
  t.deepEqual(store.tags(), []);
  store.set("82", Uint8Array.of(0x1c, 0));
  store.share("9F34", Uint8Array.of(0x3f, 0, 0));
  store.clear();
  t.deepEqual(store.tags(), []);
  t.is(store.get("82"), undefined);
});

test("past its first 256 bytes and 16 entries the store grows and keeps every value, dropping replaced ones", (t) => {
  const store = new TagStore();
  const expected = new Map<string, Uint8Array>();
  for (let i = 0; i < 60; i++) {
    const tag = `DF${(i + 1).toString(16).toUpperCase().padStart(2, "0")}`;
    const value = new Uint8Array(40 + i).fill(i);
    store.set(tag, value);
    expected.set(tag, value);
    if (i % 3 === 0) {
      const again = new Uint8Array(10).fill(200 + (i % 50));
      store.set(tag, again);
      expected.set(tag, again);
    }
  }
  for (const [tag, value] of expected) t.deepEqual(store.get(tag), value, tag);
  t.deepEqual(store.tags().sort(), [...expected.keys()].sort());
});

test("a card whose data would pass 64 KB ends the transaction (format) instead of growing the arena past its 16-bit offsets", (t) => {
  const store = new TagStore();
  const record = new Uint8Array(250);
  let stop: unknown;
  try {
    for (let i = 1; i < 300; i++) store.set(`DF${(i >> 8).toString(16).padStart(2, "0")}${(i & 0xff).toString(16).padStart(2, "0")}`.toUpperCase(), record);
  } catch (e) {
    stop = e;
  }
  t.true(stop instanceof KernelStop);
  t.is((stop as KernelStop).reason, "format");
});

test("a mark given with a value stays through a later unmarked set of the tag and goes with clear; a value set without one is not marked", (t) => {
  const store = new TagStore();
  store.set("50", Uint8Array.of(0x56));
  t.false(store.marked("50"), "a value from the FCI is not the response's");
  store.set("50", Uint8Array.of(0x57), true);
  t.true(store.marked("50"));
  store.set("50", Uint8Array.of(0x58));
  t.true(store.marked("50"));
  t.deepEqual(store.get("50"), Uint8Array.of(0x58));
  t.false(store.marked("5A"));
  store.clear();
  t.false(store.marked("50"));
});

test("marks and values survive the growth that drops replaced entries", (t) => {
  const store = new TagStore();
  for (let i = 1; i <= 40; i++) store.set(`DF${i.toString(16).toUpperCase().padStart(2, "0")}`, new Uint8Array(20).fill(i), i % 2 === 0);
  for (let i = 1; i <= 40; i++) {
    const tag = `DF${i.toString(16).toUpperCase().padStart(2, "0")}`;
    t.is(store.marked(tag), i % 2 === 0, tag);
    t.deepEqual(store.get(tag), new Uint8Array(20).fill(i), tag);
  }
});

test("a tag is found whatever the case of its hex digits, and 00 or no tag at all finds no value, even after a value was replaced", (t) => {
  const store = new TagStore();
  store.set("9F37", Uint8Array.of(1, 2, 3, 4));
  store.set("9F37", Uint8Array.of(5, 6, 7, 8));
  t.deepEqual(store.get("9f37"), Uint8Array.of(5, 6, 7, 8));
  t.is(store.get("00"), undefined);
  t.is(store.get(""), undefined);
  t.false(store.has("00"));
  t.deepEqual(store.tags(), ["9F37"]);
});
