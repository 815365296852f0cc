import type { Crypto } from "./port.ts";

/** SHA-256's input block, which HMAC pads its key to (FIPS 198-1 §3, B). */
const BLOCK = 64;

/** The length of an HMAC-SHA-256 tag. */
export const HMAC_SHA256_LENGTH = 32;

/**
 * HMAC-SHA-256 with one key over many messages (FIPS 198-1, RFC 2104):
 * the padded key is XORed with ipad and opad once, and each tag costs two
 * digests of the port. The port's digest is one-shot, so the inner and
 * outer blocks are kept and only the message part is rewritten.
 */
export class HmacSha256 {
  readonly #crypto: Crypto;
  readonly #inner: Uint8Array;
  readonly #outer = new Uint8Array(BLOCK + HMAC_SHA256_LENGTH);

  constructor(crypto: Crypto, key: Uint8Array) {
    this.#crypto = crypto;
    // a key longer than the block is hashed first (FIPS 198-1 §4, step 2)
    const k = key.length > BLOCK ? crypto.digest("SHA-256", key) : key;
    this.#inner = new Uint8Array(BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      const b = i < k.length ? k[i] : 0;
      this.#inner[i] = b ^ 0x36;
      this.#outer[i] = b ^ 0x5c;
    }
    if (k !== key) k.fill(0);
  }

  /** The 32-byte tag of `data`. */
  tag(data: Uint8Array): Uint8Array {
    const inner = new Uint8Array(BLOCK + data.length);
    inner.set(this.#inner);
    inner.set(data, BLOCK);
    const h = this.#crypto.digest("SHA-256", inner);
    inner.fill(0);
    this.#outer.set(h, BLOCK);
    h.fill(0);
    const t = this.#crypto.digest("SHA-256", this.#outer);
    this.#outer.fill(0, BLOCK);
    return t;
  }

  /** Wipes the padded key. */
  wipe(): void {
    this.#inner.fill(0);
    this.#outer.fill(0);
  }
}

/** HMAC-SHA-256 of `data` under `key` (FIPS 198-1), 32 bytes. */
export function hmacSha256(crypto: Crypto, key: Uint8Array, data: Uint8Array): Uint8Array {
  const mac = new HmacSha256(crypto, key);
  const t = mac.tag(data);
  mac.wipe();
  return t;
}
