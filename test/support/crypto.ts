/**
 * The crypto port for the portable suites: the software backend, which
 * runs on Node and on XS alike, with a repeatable random source so that
 * randomized PIN blocks are reproducible. Never a production source.
 */
import { SoftwareCrypto } from "../../modules/crypto/software-crypto.ts";

import { seededRandom } from "../../modules/core/seeded-random.ts";

export function testCrypto(seed = 1): SoftwareCrypto {
  const next = seededRandom(seed);
  return new SoftwareCrypto((n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(next() * 256);
    return out;
  });
}

/** A source that returns the given bytes, cycling, for vectors with a fixed "random" fill. */
export function fixedRandomCrypto(bytes: Uint8Array): SoftwareCrypto {
  return new SoftwareCrypto((n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = bytes[i % bytes.length];
    return out;
  });
}
