import { checkBlockArguments } from "./check.ts";
import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "./port.ts";
import { rsaPublicBigInt } from "./rsa-bigint.ts";

/**
 * What the software backend and the board's share: the random source comes
 * from the host (only the host knows its entropy), block arguments are
 * checked with `check.ts` before the cipher sees them, and RSA runs on the
 * engine's BigInt. A backend supplies its block cipher and its digests.
 */
export abstract class BackendCrypto implements Crypto {
  #random: (n: number) => Uint8Array;

  /** @param random - the host's secure random source */
  constructor(random: (n: number) => Uint8Array) {
    this.#random = random;
  }

  random(n: number): Uint8Array {
    return this.#random(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    checkBlockArguments(alg, mode, key, data, iv);
    return data.length === 0 ? new Uint8Array(0) : this.block(true, alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    checkBlockArguments(alg, mode, key, data, iv);
    return data.length === 0 ? new Uint8Array(0) : this.block(false, alg, mode, key, data, iv);
  }

  abstract digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array;

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return rsaPublicBigInt(modulus, exponent, data);
  }

  /** The backend's cipher on checked, non-empty arguments. */
  protected abstract block(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array;
}
