import type { Crypto } from "../../modules/crypto/port.ts";

/** A crypto port whose random source can replay what it drew, and the controls of the replay. */
export interface RepeatRandom {
  crypto: Crypto;
  /** From now on, `crypto.random` gives again what it gave so far, call for call. */
  replay(): void;
  /** Forgets the draws (they are PIN block fill). */
  wipe(): void;
}

/**
 * `inner` with a random source that can replay its draws. The pinblock
 * command builds the clear block it prints, then replays the same fill to
 * encipher: the block printed beside it is that clear block enciphered,
 * not another draw. Every other operation goes to `inner` unchanged.
 */
export function repeatRandom(inner: Crypto): RepeatRandom {
  const draws: Uint8Array[] = [];
  let next = -1;
  const random = (n: number): Uint8Array => {
    if (next < 0) {
      const bytes = inner.random(n);
      draws.push(bytes.slice());
      return bytes;
    }
    const bytes = draws[next++];
    // the replayed computation must draw exactly what the first one drew
    if (bytes === undefined || bytes.length !== n) throw new Error("the replayed computation draws differently from the first");
    return bytes.slice();
  };
  const crypto = new Proxy(inner, {
    get(target, property) {
      if (property === "random") return random;
      const v: unknown = Reflect.get(target, property, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return {
    crypto,
    replay: () => {
      next = 0;
    },
    wipe: () => {
      for (const d of draws) d.fill(0);
      draws.length = 0;
    },
  };
}
