/**
 * A scenario's crypto port over any backend: the backend's ciphers,
 * hashes and RSA, and a repeatable random source, so a scenario's
 * Unpredictable Number and trace come out the same on every run and on
 * every engine. The random-selection draw of Book 3 §10.6.2 (a number
 * from 1 to 99, the one random byte the kernel asks for) is the
 * scenario's `randomNumber`. Portable: the XS run of the suite uses it
 * over the software backend.
 */
import { seededRandom } from "../../modules/core/seeded-random.ts";
import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "../../modules/crypto/port.ts";

/** Seeded bytes, never a production source. */
export function seededBytes(seed: number): (n: number) => Uint8Array {
  const next = seededRandom(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** The `Crypto` port of a scenario's terminal (and, with another seed, of its card): repeatable, never for production. */
export class SeededCrypto implements Crypto {
  #backend: Crypto;
  #bytes: (n: number) => Uint8Array;
  #selection: number | undefined;

  /**
   * @param backend - what does the ciphers, hashes and RSA
   * @param seed - the random source's seed
   * @param selectionNumber - 1-99: what a one-byte draw (random selection) gives; absent: seeded like the rest
   */
  constructor(backend: Crypto, seed: number, selectionNumber?: number) {
    this.#backend = backend;
    this.#bytes = seededBytes(seed);
    this.#selection = selectionNumber;
  }

  random(n: number): Uint8Array {
    // the kernel reads its 1-99 number as (byte mod 99) + 1 from one byte below 198
    if (n === 1 && this.#selection !== undefined) return Uint8Array.of(this.#selection - 1);
    return this.#bytes(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return this.#backend.blockEncrypt(alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return this.#backend.blockDecrypt(alg, mode, key, data, iv);
  }

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    return this.#backend.digest(alg, data);
  }

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return this.#backend.rsaPublic(modulus, exponent, data);
  }
}
