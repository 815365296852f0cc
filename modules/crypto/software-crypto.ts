import { cbc, ecb } from "@noble/ciphers/aes.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CBC, DES, EDE } from "des.js";
import { checkBlockArguments, checkDigestAlgorithm, tripleLength } from "./check.ts";
import type { BlockAlgorithm, BlockMode, Crypto, DigestAlgorithm } from "./port.ts";
import { rsaPublicBigInt } from "./rsa-bigint.ts";

const DES_CBC = CBC.instantiate(DES);
const EDE_CBC = CBC.instantiate(EDE);

/**
 * The crypto port in plain JavaScript, for any XS (device, simulator,
 * tests): AES from @noble/ciphers, DES and TDES from des.js, SHA-1 and
 * SHA-256 from @noble/hashes, RSA on BigInt. None of them writes to a
 * built-in, so they load under the frozen built-ins of a Moddable host.
 * The random source comes from the host, since only the host knows its
 * entropy.
 */
export class SoftwareCrypto implements Crypto {
  #random: (n: number) => Uint8Array;

  /** @param random - the host's secure random source */
  constructor(random: (n: number) => Uint8Array) {
    this.#random = random;
  }

  random(n: number): Uint8Array {
    return this.#random(n);
  }

  blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run("encrypt", alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run("decrypt", alg, mode, key, data, iv);
  }

  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    checkDigestAlgorithm(alg);
    return alg === "SHA-1" ? sha1(data) : sha256(data);
  }

  rsaPublic(modulus: Uint8Array, exponent: Uint8Array, data: Uint8Array): Uint8Array {
    return rsaPublicBigInt(modulus, exponent, data);
  }
}

function run(type: "encrypt" | "decrypt", alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
  checkBlockArguments(alg, mode, key, data, iv);
  if (data.length === 0) return new Uint8Array(0);
  if (alg === "AES") {
    const cipher = mode === "ECB" ? ecb(key, { disablePadding: true }) : cbc(key, iv ?? new Uint8Array(16), { disablePadding: true });
    return type === "encrypt" ? cipher.encrypt(data) : cipher.decrypt(data);
  }
  // a DES key goes to DES itself rather than to EDE as K K K, a third of the work
  const single = alg === "DES";
  const k = single ? key : tripleLength(key);
  const options = { type, key: k, padding: false, iv: mode === "CBC" ? (iv ?? new Uint8Array(8)) : undefined };
  const cipher = mode === "ECB" ? (single ? DES : EDE).create(options) : (single ? DES_CBC : EDE_CBC).create(options);
  const head = cipher.update(data);
  const tail = cipher.final();
  const out = new Uint8Array(data.length);
  out.set(head);
  out.set(tail, head.length);
  if (k !== key) k.fill(0);
  return out;
}
