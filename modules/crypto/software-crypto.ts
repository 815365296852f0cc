import { cbc, ecb } from "@noble/ciphers/aes.js";
import "./forge-globals.ts";
import forge from "node-forge/lib/forge.js";
import "node-forge/lib/des.js";
import { checkBlockArguments, tripleLength } from "./check.ts";
import type { BlockAlgorithm, BlockMode, Crypto } from "./port.ts";

const ZERO_IV = "\0\0\0\0\0\0\0\0";

// node-forge works on binary strings (one char per byte)
function toBinary(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function fromBinary(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * The crypto port in plain JavaScript, for any XS (device, simulator,
 * tests): AES from @noble/ciphers, DES and TDES from node-forge. The random
 * source comes from the host, since only the host knows its entropy.
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
    return this.#run("encrypt", alg, mode, key, data, iv);
  }

  blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    return this.#run("decrypt", alg, mode, key, data, iv);
  }

  #run(type: "encrypt" | "decrypt", alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array): Uint8Array {
    checkBlockArguments(alg, key, data, iv);
    if (data.length === 0) return new Uint8Array(0);
    if (alg === "AES") {
      const cipher = mode === "ECB" ? ecb(key, { disablePadding: true }) : cbc(key, iv ?? new Uint8Array(16), { disablePadding: true });
      return type === "encrypt" ? cipher.encrypt(data) : cipher.decrypt(data);
    }
    const name = `${alg === "DES" ? "DES" : "3DES"}-${mode}` as const;
    const k = toBinary(alg === "DES" ? key : tripleLength(key));
    const cipher = type === "encrypt" ? forge.cipher.createCipher(name, k) : forge.cipher.createDecipher(name, k);
    // the port takes and gives whole blocks: no padding mode (forge's types omit these fields)
    const blockMode = cipher.mode as unknown as { pad: unknown; unpad: unknown };
    blockMode.pad = null;
    blockMode.unpad = null;
    cipher.start({ iv: mode === "CBC" ? (iv ? toBinary(iv) : ZERO_IV) : undefined });
    cipher.update(forge.util.createBuffer(toBinary(data)));
    cipher.finish();
    return fromBinary(cipher.output.getBytes());
  }
}
