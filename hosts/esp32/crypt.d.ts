// Moddable's native `crypt` module (modules/crypt/digest in the SDK) has no
// declaration in @moddable/typings; this is the part crypt-crypto.ts uses.
declare module "crypt" {
  type Readable = ArrayBuffer | ArrayBufferView;

  /** A running hash; `close` gives the digest and ends it. */
  export class Digest {
    constructor(type: "MD5" | "SHA1" | "SHA224" | "SHA256" | "SHA384" | "SHA512");
    write(data: Readable | string): void;
    close(): ArrayBuffer;
    reset(): void;
    readonly blockSize: number;
    readonly outputSize: number;
  }

  /** One block cipher with its key (copied into the native context); DES and TDES take 8, 16 or 24 bytes. */
  export class BlockCipher {
    constructor(cipher: "DES" | "TDES" | "AES", key: ArrayBuffer);
    readonly keySize: number;
    readonly blockSize: number;
  }

  /** A mode over a block cipher; CBC keeps its chaining value between calls. */
  export class Mode {
    constructor(mode: "ECB" | "CBC" | "CTR", cipher: BlockCipher, iv?: ArrayBuffer, padding?: boolean);
    encrypt(data: Readable, result?: ArrayBuffer): ArrayBuffer;
    decrypt(data: Readable, result?: ArrayBuffer): ArrayBuffer;
    setIV(iv: ArrayBuffer): void;
  }
}
