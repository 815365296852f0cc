import { BlockCipher, Digest, Mode } from "crypt";
import { checkBlockArguments, checkDigestAlgorithm } from "../../modules/crypto/check.ts";
import { blockSize, type BlockAlgorithm, type BlockMode, type Crypto, type DigestAlgorithm } from "../../modules/crypto/port.ts";
import { rsaPublicBigInt } from "../../modules/crypto/rsa-bigint.ts";

const DIGESTS = { "SHA-1": "SHA1", "SHA-256": "SHA256" } as const;

/**
 * The crypto port on the board: DES, TDES, AES and the SHA digests in C
 * from Moddable's `crypt` module, RSA on the engine's BigInt (the module's
 * big-number arithmetic serves its TLS and has no public-operation API).
 * The random source comes from the host (the ESP32's hardware generator):
 * the module's own RNG is not seeded from entropy.
 */
export class CryptCrypto implements Crypto {
  #random: (n: number) => Uint8Array;

  /** @param random - the board's secure random source */
  constructor(random: (n: number) => Uint8Array) {
    this.#random = random;
  }

  random(n: number): Uint8Array {
    return this.#random(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run(true, alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run(false, alg, mode, key, data, iv);
  }

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    checkDigestAlgorithm(alg);
    const hash = new Digest(DIGESTS[alg]);
    hash.write(data);
    return new Uint8Array(hash.close());
  }

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return rsaPublicBigInt(modulus, exponent, data);
  }
}

function run(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkBlockArguments(alg, mode, key, data, iv);
  if (data.length === 0) return new Uint8Array(0);
  // the module reads keys and IVs from ArrayBuffers only, not views
  const keyBuffer = key.slice().buffer;
  try {
    const cipher = new BlockCipher(alg, keyBuffer);
    const vector = mode === "CBC" ? (iv ?? new Uint8Array(blockSize(alg))).slice().buffer : undefined;
    const chain = new Mode(mode, cipher, vector, false);
    return new Uint8Array(encrypt ? chain.encrypt(data) : chain.decrypt(data));
  } finally {
    new Uint8Array(keyBuffer).fill(0);
  }
}
