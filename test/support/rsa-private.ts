/**
 * The RSA private operation for test cards that must read what the
 * terminal enciphered (offline enciphered PIN). The key is the 1024-bit
 * one of RSA Laboratories' PKCS #1 v2.1 test vectors (oaep-int.txt: n,
 * e = 17 and the primes p and q, as published); the private exponents are
 * derived from them here. Test use only.
 */
import { fromHex } from "../../modules/core/hex.ts";
import { bigIntFromBytes, bytesFromBigInt, modPow } from "../../modules/crypto/rsa-bigint.ts";
import { RSA_OAEP_INT } from "../modules/crypto/published-vectors.ts";

const P = `ee cf ae 81 b1 b9 b3 c9 08 81 0b 10 a1 b5 60 01 99 eb 9f 44 ae f4 fd a4 93 b8 1a 9e 3d 84 f6 32
           12 4e f0 23 6e 5d 1e 3b 7e 28 fa e7 aa 04 0a 2d 5b 25 21 76 45 9d 1f 39 75 41 ba 2a 58 fb 65 99`;
const Q = `c9 7f b1 f0 27 f4 53 f6 34 12 33 ea aa d1 d9 35 3f 6c 42 d0 88 66 b1 d0 5a 0f 20 35 02 8b 9d 86
           98 40 b4 16 66 b4 2e 92 ea 0d a3 b4 32 04 b5 cf ce 33 52 52 4d 04 16 a5 a4 41 e7 00 af 46 15 03`;

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const p = bigIntFromBytes(fromHex(P));
const q = bigIntFromBytes(fromHex(Q));
const e = 17n;
const dp = inverse(e, p - 1n);
const dq = inverse(e, q - 1n);
const qInverse = inverse(q, p);

/** The public key: modulus and exponent as bytes. */
export const PKCS1_TEST_KEY = { modulus: fromHex(RSA_OAEP_INT.modulus), exponent: fromHex(RSA_OAEP_INT.exponent) };

/** Whether the published primes multiply to the published modulus (a check of the transcription). */
export function primesMatchModulus(): boolean {
  return p * q === bigIntFromBytes(PKCS1_TEST_KEY.modulus);
}

/** The private operation (CRT), `data` as long as the modulus. */
export function rsaPrivate(data: Uint8Array): Uint8Array {
  const c = bigIntFromBytes(data);
  const m1 = modPow(c, dp, p);
  const m2 = modPow(c, dq, q);
  const h = (qInverse * (((m1 - m2) % p) + p)) % p;
  return bytesFromBigInt(m2 + h * q, PKCS1_TEST_KEY.modulus.length);
}
