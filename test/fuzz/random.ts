/**
 * The fuzzer's randomness: the project's seeded generator (mulberry32),
 * with the helpers mutation needs. Each parser draws from its own stream,
 * derived from the run's seed and the parser's name, so that one parser
 * run alone sees the same inputs as in a run of all of them.
 */
import { seededRandom } from "../../modules/core/seeded-random.ts";

export class FuzzRandom {
  #next: () => number;

  constructor(seed: number) {
    this.#next = seededRandom(seed);
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.#next() * n);
  }

  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  byte(): number {
    return this.int(256);
  }

  chance(p: number): boolean {
    return this.#next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.byte();
    return out;
  }

  /** Small numbers much more often than large ones: 1 + a geometric draw, capped. */
  small(max: number): number {
    let n = 1;
    while (n < max && this.chance(0.5)) n++;
    return n;
  }
}

/** The stream seed of one parser: FNV-1a of its name, mixed with the run's seed. */
export function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
}
