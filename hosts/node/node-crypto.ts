import { constants, createCipheriv, createDecipheriv, createHash, createPublicKey, publicEncrypt, randomBytes } from "node:crypto";
import { checkBlockArguments, checkDigestAlgorithm, checkRsaArguments, tripleLength } from "../../modules/crypto/check.ts";
import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "../../modules/crypto/port.ts";

const HASHES: Record<DigestAlgorithm, string> = { "SHA-1": "sha1", "SHA-256": "sha256" };

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

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    checkDigestAlgorithm(alg);
    return new Uint8Array(createHash(HASHES[alg]).update(data).digest());
  }

  /** OpenSSL's RSA without padding, on a public key given as a JWK. */
  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    const e = checkRsaArguments(modulus, exponent, data);
    const jwk = { kty: "RSA", n: Buffer.from(modulus).toString("base64url"), e: Buffer.from(e).toString("base64url") };
    const key = createPublicKey({ key: jwk, format: "jwk" });
    return new Uint8Array(publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, data));
  }
}

function run(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkBlockArguments(alg, mode, key, data, iv);
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
