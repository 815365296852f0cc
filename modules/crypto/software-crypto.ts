import { cbc, ecb } from "@noble/ciphers/aes.js";
import { sha1 } from "@noble/hashes/legacy.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CBC, DES, EDE } from "des.js";
import { BackendCrypto } from "./backend-crypto.ts";
import { checkDigestAlgorithm, tripleLength } from "./check.ts";
import type { BlockAlgorithm, BlockMode, DigestAlgorithm } from "./port.ts";

const DES_CBC = CBC.instantiate(DES);
const EDE_CBC = CBC.instantiate(EDE);

/**
 * The crypto port in plain JavaScript, for any XS (device, simulator,
 * tests): AES from @noble/ciphers, DES and TDES from des.js, SHA-1 and
 * SHA-256 from @noble/hashes, RSA on BigInt. None of them writes to a
 * built-in, so they load under the frozen built-ins of a Moddable host.
 * The random source comes from the host.
 */
export class SoftwareCrypto extends BackendCrypto {
  digest(alg: DigestAlgorithm, data: Uint8Array): Uint8Array {
    checkDigestAlgorithm(alg);
    return alg === "SHA-1" ? sha1(data) : sha256(data);
  }

  protected block(encrypt: boolean, alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return run(encrypt ? "encrypt" : "decrypt", alg, mode, key, data, iv);
  }
}

function run(type: "encrypt" | "decrypt", alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
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
