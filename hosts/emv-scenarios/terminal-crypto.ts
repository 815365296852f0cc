/**
 * The terminal's crypto port in a scenario: OpenSSL for the ciphers,
 * hashes and RSA, and a repeatable random source, so a scenario's
 * Unpredictable Number and trace come out the same on every run. The
 * random-selection draw of Book 3 §10.6.2 (a number from 1 to 99, the one
 * random byte the kernel asks for) is the scenario's `randomNumber`.
 */
import { seededRandom } from "../../modules/core/seeded-random.ts";
import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "../../modules/crypto/port.ts";
import { NodeCrypto } from "../node/node-crypto.ts";

const node = new NodeCrypto();

/** Seeded bytes, never a production source. */
export function seededBytes(seed: number): (n: number) => Uint8Array {
  const next = seededRandom(seed);
  return (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** The `Crypto` port of a scenario's terminal (and, with another seed, of its card): repeatable, never for production. */
export class ScenarioCrypto implements Crypto {
  #bytes: (n: number) => Uint8Array;
  #selection: number | undefined;

  /**
   * @param seed - the random source's seed
   * @param selectionNumber - 1-99: what a one-byte draw (random selection) gives; absent: seeded like the rest
   */
  constructor(seed: number, selectionNumber?: number) {
    this.#bytes = seededBytes(seed);
    this.#selection = selectionNumber;
  }

  random(n: number): Uint8Array {
    // the kernel reads its 1-99 number as (byte mod 99) + 1 from one byte below 198
    if (n === 1 && this.#selection !== undefined) return Uint8Array.of(this.#selection - 1);
    return this.#bytes(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return node.blockEncrypt(alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return node.blockDecrypt(alg, mode, key, data, iv);
  }

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    return node.digest(alg, data);
  }

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return node.rsaPublic(modulus, exponent, data);
  }
}
