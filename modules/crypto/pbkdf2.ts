import { CryptoError } from "./error.ts";
import { HMAC_SHA256_LENGTH, HmacSha256 } from "./hmac.ts";
import type { Crypto } from "./port.ts";
import { isIntegerIn } from "../core/integers.ts";

/** The most iterations {@link pbkdf2HmacSha256} takes: far beyond what a terminal can afford, a guard against a corrupt count. */
export const PBKDF2_MAX_ITERATIONS = 10_000_000;

/**
 * PBKDF2 with HMAC-SHA-256 as its PRF (RFC 8018 §5.2, NIST SP 800-132):
 * a key of `length` bytes stretched from `password` and `salt` by
 * `iterations` rounds. Each round costs two digests of the port.
 * @throws CryptoError `CRYPTO_PARAMETER` unless `iterations` is an integer of 1 to {@link PBKDF2_MAX_ITERATIONS} and `length` of 1 to 1024
 */
export function pbkdf2HmacSha256(crypto: Crypto, password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array {
  if (!isIntegerIn(iterations, 1, PBKDF2_MAX_ITERATIONS)) {
    throw new CryptoError("CRYPTO_PARAMETER", `PBKDF2 takes 1 to ${PBKDF2_MAX_ITERATIONS} iterations`);
  }
  if (!isIntegerIn(length, 1, 1024)) throw new CryptoError("CRYPTO_PARAMETER", "PBKDF2 derives 1 to 1024 bytes");
  const prf = new HmacSha256(crypto, password);
  const out = new Uint8Array(length);
  const first = new Uint8Array(salt.length + 4);
  first.set(salt);
  for (let block = 1, at = 0; at < length; block++, at += HMAC_SHA256_LENGTH) {
    // U1 = PRF(P, S || INT(i)), Uc = PRF(P, Uc-1), T = U1 ^ ... ^ Uc
    first[salt.length] = block >>> 24;
    first[salt.length + 1] = (block >>> 16) & 0xff;
    first[salt.length + 2] = (block >>> 8) & 0xff;
    first[salt.length + 3] = block & 0xff;
    let u = prf.tag(first);
    const t = u.slice();
    for (let c = 1; c < iterations; c++) {
      const next = prf.tag(u);
      u.fill(0);
      u = next;
      for (let j = 0; j < HMAC_SHA256_LENGTH; j++) t[j] ^= u[j];
    }
    u.fill(0);
    out.set(t.subarray(0, Math.min(HMAC_SHA256_LENGTH, length - at)), at);
    t.fill(0);
  }
  prf.wipe();
  return out;
}
