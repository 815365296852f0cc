import test from "ava";
import fc from "fast-check";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { FutureKeyRegisters, type DukptScheme } from "../../../modules/pin/dukpt/future-keys.ts";

/**
 * A small scheme with the register machine's shape (6-bit counter, at most
 * 3 one bits) whose "key" records the counter it was derived for, so that
 * every key handed out can be checked against its counter.
 */
function toy(counterBits = 6, maxOneBits = 3): DukptScheme {
  return {
    id: 9,
    counterBits,
    maxOneBits,
    keyLength: 4,
    derive: (_key, counter) => Uint8Array.of(counter >> 24, counter >> 16, counter >> 8, counter),
  };
}

const counterOf = (key: Uint8Array) => ((key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3]) >>> 0;
const ones = (n: number) => n.toString(2).replace(/0/g, "").length;
const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);

test("the registers hand out every counter with few enough one bits, in order, then stop", (t) => {
  const registers = new FutureKeyRegisters(toy(), new MemoryStore(), "toy");
  registers.load(new Uint8Array(4), Uint8Array.of(1));
  const seen: number[] = [];
  for (;;) {
    try {
      const { counter, key } = registers.next();
      t.is(counterOf(key), counter, "each key is the one derived for its counter");
      seen.push(counter);
    } catch (e) {
      t.is((e as { code: string }).code, "DUKPT_EXHAUSTED");
      break;
    }
  }
  const expected = Array.from({ length: 63 }, (_, i) => i + 1).filter((c) => ones(c) <= 3);
  t.deepEqual(seen, expected);
  // X9.24-1: a 21-bit counter with at most 10 one bits gives sum C(21, k) = 2^20 - 1 keys; here C(6,1..3)
  t.is(seen.length, choose(6, 1) + choose(6, 2) + choose(6, 3));
  t.throws(() => registers.next(), { code: "DUKPT_EXHAUSTED" }, "exhaustion is remembered");
});

test("the state after any number of transactions survives a restart", (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 40 }), (n) => {
      const store = new MemoryStore();
      const a = new FutureKeyRegisters(toy(), store, "toy");
      a.load(new Uint8Array(4), Uint8Array.of(7));
      for (let i = 0; i < n; i++) a.next();
      const b = new FutureKeyRegisters(toy(), store, "toy");
      return b.counter === a.counter && counterOf(b.next().key) === a.next().counter;
    }),
    { numRuns: 30 },
  );
  t.pass();
});

test("a state written by another scheme is refused", (t) => {
  const store = new MemoryStore();
  new FutureKeyRegisters(toy(), store, "toy").load(new Uint8Array(4), Uint8Array.of(1));
  t.throws(() => new FutureKeyRegisters({ ...toy(), id: 3 }, store, "toy"), { code: "DUKPT_STATE" });
});
