import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { checkBlockArguments, tripleLength } from "../../modules/crypto/check.ts";
import type { BlockAlgorithm, BlockMode, Crypto } from "../../modules/crypto/port.ts";

/**
 * The crypto port on Node (OpenSSL). OpenSSL 3 keeps single DES in its
 * legacy provider, so DES runs as EDE with K K K, which is the same cipher.
 */
export class NodeCrypto implements Crypto {
  random(n: number): Uint8Array {
    return new Uint8Array(randomBytes(n));
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run(true, alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run(false, alg, mode, key, data, iv);
  }
}

function run(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkBlockArguments(alg, key, data, iv);
  const m = mode.toLowerCase();
  const name = alg === "AES" ? `aes-${key.length * 8}-${m}` : `des-ede3-${m}`;
  const k = alg === "AES" ? key : tripleLength(key);
  const size = alg === "AES" ? 16 : 8;
  const vector = mode === "ECB" ? null : (iv ?? new Uint8Array(size));
  const cipher = encrypt ? createCipheriv(name, k, vector) : createDecipheriv(name, k, vector);
  cipher.setAutoPadding(false);
  const out = cipher.update(data);
  const rest = cipher.final();
  return new Uint8Array(rest.length ? Buffer.concat([out, rest]) : out);
}
