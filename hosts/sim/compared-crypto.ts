import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "../../modules/crypto/port.ts";

/**
 * A crypto port that answers with `subject` and, while {@link checking},
 * also asks `reference` and throws when the two disagree: the benchmark
 * app checks the board's `crypt` backend against the software one on the
 * very calls a case makes before it times the case. Only the ciphers and
 * the digests are compared, where the backends have code of their own;
 * both run RSA on the same BigInt code, and the random bytes come from
 * `subject` alone.
 */
export class ComparedCrypto implements Crypto {
  /** compare each call (the check run); false to time `subject` alone */
  checking = true;
  /** cipher and digest calls compared so far */
  compared = 0;

  constructor(
    private readonly subject: Crypto,
    private readonly reference: Crypto,
  ) {}

  random(n: number): Uint8Array {
    return this.subject.random(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return this.both(`${alg}-${mode} encryption of ${data.length} bytes`, (c) => c.blockEncrypt(alg, mode, key, data, iv));
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return this.both(`${alg}-${mode} decryption of ${data.length} bytes`, (c) => c.blockDecrypt(alg, mode, key, data, iv));
  }

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    return this.both(`${alg} of ${data.length} bytes`, (c) => c.digest(alg, data));
  }

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return this.subject.rsaPublic(modulus, exponent, data);
  }

  private both(what: string, call: (c: Crypto) => Uint8Array): Uint8Array {
    if (!this.checking) return call(this.subject);
    let answer: Uint8Array;
    try {
      answer = call(this.subject);
    } catch (e) {
      // an error must be the reference's too (bad arguments are checked the same way by both)
      let referenceThrew = false;
      try {
        call(this.reference);
      } catch {
        referenceThrew = true;
      }
      if (!referenceThrew) throw new Error(`${what}: the backend under test threw (${String(e)}), the reference did not`);
      throw e;
    }
    const expected = call(this.reference);
    this.compared++;
    if (answer.length !== expected.length || answer.some((b, i) => b !== expected[i])) throw new Error(`${what}: the backend under test and the reference differ`);
    return answer;
  }
}
