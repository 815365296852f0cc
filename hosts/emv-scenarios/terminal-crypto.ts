/**
 * The terminal's crypto port in a scenario on Node: OpenSSL for the
 * ciphers, hashes and RSA, under the repeatable random source of
 * ./seeded-crypto.ts.
 */
import { NodeCrypto } from "../node/node-crypto.ts";
import { SeededCrypto } from "./seeded-crypto.ts";

export { seededBytes } from "./seeded-crypto.ts";

const node = new NodeCrypto();

/** The `Crypto` port of a scenario's terminal (and, with another seed, of its card) on Node: repeatable, never for production. */
export class ScenarioCrypto extends SeededCrypto {
  /**
   * @param seed - the random source's seed
   * @param selectionNumber - 1-99: what a one-byte draw (random selection) gives; absent: seeded like the rest
   */
  constructor(seed: number, selectionNumber?: number) {
    super(node, seed, selectionNumber);
  }
}
