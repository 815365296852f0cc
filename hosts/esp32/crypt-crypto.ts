import { BlockCipher, Digest, Mode } from "crypt";
import { BackendCrypto } from "../../modules/crypto/backend-crypto.ts";
import { checkDigestAlgorithm } from "../../modules/crypto/check.ts";
import { blockSize, type BlockAlgorithm, type BlockMode, type DigestAlgorithm } from "../../modules/crypto/port.ts";

const DIGESTS = { "SHA-1": "SHA1", "SHA-256": "SHA256" } as const;

/**
 * The crypto port on the board: DES, TDES, AES and the SHA digests in C
 * from Moddable's `crypt` module, RSA on the engine's BigInt (the module's
 * big-number arithmetic serves its TLS and has no public-operation API).
 * The random source comes from the host (the ESP32's hardware generator):
 * the module's own RNG is not seeded from entropy.
 */
export class CryptCrypto extends BackendCrypto {
  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    checkDigestAlgorithm(alg);
    const hash = new Digest(DIGESTS[alg]);
    hash.write(data);
    return new Uint8Array(hash.close());
  }

  protected block(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
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
}
