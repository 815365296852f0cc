import type { Store } from "../../core/ports.ts";
import { PinError } from "../error.ts";
import { lowestBit, oneBits } from "./counter.ts";

/** What distinguishes TDES from AES DUKPT in the terminal's register machine. */
export interface DukptScheme {
  /** one byte in the stored state, so that a TDES state is never read as AES */
  id: number;
  /** 21 (TDES) or 32 (AES) */
  counterBits: number;
  /** counters with more one bits are skipped: 10 (TDES) or 16 (AES) */
  maxOneBits: number;
  keyLength: number;
  /**
   * The key for `counter` from the key of the counter without its lowest
   * one bit; `identity` is the key set's KSN or initial key ID.
   */
  derive(key: Uint8Array, counter: number, identity: Uint8Array): Uint8Array;
}

/** One transaction key handed out by the register machine. */
export interface TransactionKey {
  counter: number;
  /** wipe it (fill(0)) once the working keys are derived */
  key: Uint8Array;
}

const VERSION = 1;

function lrc(bytes: Uint8Array): number {
  let v = 0;
  for (let i = 0; i < bytes.length; i++) v ^= bytes[i];
  return v;
}

/**
 * The transaction-originating side of DUKPT: the future key registers of
 * ANSI X9.24-1:2009 A.2 (21 registers, TDES) and X9.24-3-2017 6.5 (32
 * intermediate derivation keys, AES). Each key is used once and erased;
 * keys for later counters are derived forward, so a captured terminal
 * reveals nothing of past transactions. Every change is written to the
 * store, with an LRC per register, before a key leaves this object.
 */
export class FutureKeyRegisters {
  #scheme: DukptScheme;
  #store: Store;
  #name: string;
  #counter = 0;
  /**
   * The registers, key after key, in one buffer: register k at
   * k × keyLength (21 or 32 keys as one array on the heap, not one each).
   */
  #keys: Uint8Array;
  /** 1 where register k holds a key */
  #held: Uint8Array;
  /** identity of the key set: the KSN (TDES) or initial key ID (AES), without counter */
  #identity = new Uint8Array(0);

  /**
   * Opens the registers kept in `store` under `name`, if any.
   * @throws PinError `DUKPT_STATE` when the stored state is not one this scheme wrote
   */
  constructor(scheme: DukptScheme, store: Store, name: string) {
    this.#scheme = scheme;
    this.#store = store;
    this.#name = name;
    this.#keys = new Uint8Array(scheme.counterBits * scheme.keyLength);
    this.#held = new Uint8Array(scheme.counterBits);
    const saved = store.read(name);
    if (saved) this.#restore(saved);
  }

  /** True once an initial key was loaded and keys remain. */
  get loaded(): boolean {
    return this.#identity.length > 0;
  }

  /** Counter of the next transaction (0 before the initial key is loaded). */
  get counter(): number {
    return this.#counter;
  }

  get identity(): Uint8Array {
    return this.#identity.slice();
  }

  /**
   * Loads an initial key: derives every register from it (the initial key
   * itself is not kept) and stores the result.
   */
  load(initialKey: Uint8Array, identity: Uint8Array): void {
    if (initialKey.length !== this.#scheme.keyLength) throw new PinError("PIN_KEY", `the initial key must have ${this.#scheme.keyLength} bytes, got ${initialKey.length}`);
    this.#keys.fill(0);
    this.#held.fill(0);
    this.#identity = identity.slice();
    for (let k = this.#scheme.counterBits - 1; k >= 0; k--) this.#hold(k, this.#scheme.derive(initialKey, 2 ** k, this.#identity));
    this.#counter = 1;
    this.#save();
  }

  /**
   * The key of the next transaction, then the registers moved on past it.
   * @throws PinError `DUKPT_NOT_LOADED`, `DUKPT_EXHAUSTED`
   */
  next(): TransactionKey {
    if (!this.loaded) throw new PinError("DUKPT_NOT_LOADED", "no DUKPT initial key has been loaded");
    const limit = 2 ** this.#scheme.counterBits;
    for (;;) {
      const c = this.#counter;
      if (c >= limit) throw new PinError("DUKPT_EXHAUSTED", "every DUKPT key of this terminal has been used: load a new initial key");
      const k = lowestBit(c);
      const key = this.#held[k] ? this.#register(k).slice() : undefined;
      const spare = oneBits(c) < this.#scheme.maxOneBits;
      if (key) {
        for (let j = k - 1; spare && j >= 0; j--) this.#hold(j, this.#scheme.derive(key, c + 2 ** j, this.#identity));
        this.#register(k).fill(0);
        this.#held[k] = 0;
      }
      // a lost register cannot seed the counters below it: skip them all
      this.#counter = spare && key ? c + 1 : c + 2 ** k;
      this.#save();
      if (key) return { counter: c, key };
    }
  }

  /** Register k, a view on the registers' buffer. */
  #register(k: number): Uint8Array {
    const length = this.#scheme.keyLength;
    return this.#keys.subarray(k * length, (k + 1) * length);
  }

  /** Puts `key` in register k, over what it held, and wipes `key`. */
  #hold(k: number, key: Uint8Array): void {
    this.#keys.set(key, k * this.#scheme.keyLength);
    this.#held[k] = 1;
    key.fill(0);
  }

  #save(): void {
    const { keyLength, counterBits } = this.#scheme;
    const out = new Uint8Array(7 + this.#identity.length + counterBits * (keyLength + 2));
    out[0] = VERSION;
    out[1] = this.#scheme.id;
    new DataView(out.buffer).setUint32(2, Math.min(this.#counter, 0xffffffff));
    out[6] = this.#identity.length;
    out.set(this.#identity, 7);
    let at = 7 + this.#identity.length;
    for (let k = 0; k < counterBits; k++, at += keyLength + 2) {
      if (!this.#held[k]) continue;
      const r = this.#register(k);
      out[at] = 1;
      out.set(r, at + 1);
      out[at + 1 + keyLength] = lrc(r);
    }
    // a counter past the last one is stored as the limit itself
    if (this.#counter >= 2 ** counterBits) out[1] |= 0x80;
    this.#store.write(this.#name, out);
    out.fill(0);
  }

  #restore(saved: Uint8Array): void {
    const { keyLength, counterBits } = this.#scheme;
    const idLength = saved[6] ?? 0;
    const expected = 7 + idLength + counterBits * (keyLength + 2);
    if (saved[0] !== VERSION || (saved[1] & 0x7f) !== this.#scheme.id || saved.length !== expected) {
      throw new PinError("DUKPT_STATE", `stored DUKPT state "${this.#name}" is not a state this terminal wrote`);
    }
    const counter = new DataView(saved.buffer, saved.byteOffset).getUint32(2);
    this.#counter = saved[1] & 0x80 ? 2 ** counterBits : counter;
    this.#identity = saved.slice(7, 7 + idLength);
    let at = 7 + idLength;
    for (let k = 0; k < counterBits; k++, at += keyLength + 2) {
      if (saved[at] !== 1) continue;
      const key = saved.subarray(at + 1, at + 1 + keyLength);
      // a register whose LRC fails is skipped, as A.2 prescribes, not used
      if (lrc(key) === saved[at + 1 + keyLength]) this.#hold(k, key);
    }
    saved.fill(0);
  }
}
