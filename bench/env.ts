import { SoftwareCrypto } from "../modules/crypto/software-crypto.ts";

import { seededRandom } from "../modules/core/seeded-random.ts";
import type { BenchEnv } from "./case.ts";

/**
 * What every case gets, on both engines: the software crypto backend with
 * a seeded fill source (the benchmark needs fill bytes, not secrets), so
 * that Node and XS run the same code on the same bytes.
 */
export function benchEnv(): BenchEnv {
  const next = seededRandom(1);
  return { crypto: new SoftwareCrypto((n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256))) };
}
