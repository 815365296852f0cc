/**
 * Operands every backend of the crypto port refuses, with the code it
 * refuses them with; shared by the software and Node backends' suites.
 */
import type { Crypto } from "../../../modules/crypto/port.ts";
import type { CryptoErrorCode } from "../../../modules/crypto/error.ts";

export interface Refusal {
  title: string;
  code: CryptoErrorCode;
  call(crypto: Crypto): unknown;
}

const modulus = (length: number, first = 0xc5, last = 0x01) => {
  const n = new Uint8Array(length).fill(0xa7);
  n[0] = first;
  n[length - 1] = last;
  return n;
};
const E3 = Uint8Array.of(3);
const data = (length: number) => new Uint8Array(length).fill(0x11);

export const REFUSALS: Refusal[] = [
  { title: "an AES key of 15 bytes", code: "CRYPTO_KEY_LENGTH", call: (c) => c.blockEncrypt("AES", "ECB", new Uint8Array(15), new Uint8Array(16)) },
  { title: "a DES key of 16 bytes", code: "CRYPTO_KEY_LENGTH", call: (c) => c.blockEncrypt("DES", "ECB", new Uint8Array(16), new Uint8Array(8)) },
  { title: "TDES data of 7 bytes", code: "CRYPTO_DATA_LENGTH", call: (c) => c.blockEncrypt("TDES", "ECB", new Uint8Array(16), new Uint8Array(7)) },
  { title: "a DES IV of 4 bytes", code: "CRYPTO_IV_LENGTH", call: (c) => c.blockDecrypt("DES", "CBC", new Uint8Array(8), new Uint8Array(8), new Uint8Array(4)) },
  { title: "a block cipher the port lacks", code: "CRYPTO_ALGORITHM", call: (c) => c.blockEncrypt("IDEA" as never, "ECB", new Uint8Array(16), new Uint8Array(8)) },
  { title: "a block mode the port lacks", code: "CRYPTO_ALGORITHM", call: (c) => c.blockEncrypt("AES", "CTR" as never, new Uint8Array(16), new Uint8Array(16)) },
  { title: "a digest the port lacks", code: "CRYPTO_ALGORITHM", call: (c) => c.digest("MD5" as never, new Uint8Array(3)) },
  { title: "an empty RSA modulus", code: "CRYPTO_RSA_MODULUS", call: (c) => c.rsaPublic(new Uint8Array(0), E3, new Uint8Array(0)) },
  { title: "an RSA modulus with a leading zero byte", code: "CRYPTO_RSA_MODULUS", call: (c) => c.rsaPublic(modulus(64, 0x00), E3, data(64)) },
  { title: "an even RSA modulus", code: "CRYPTO_RSA_MODULUS", call: (c) => c.rsaPublic(modulus(64, 0xc5, 0x02), E3, data(64)) },
  { title: "an RSA modulus of 1", code: "CRYPTO_RSA_MODULUS", call: (c) => c.rsaPublic(Uint8Array.of(1), E3, Uint8Array.of(0)) },
  { title: "an RSA modulus of 513 bytes", code: "CRYPTO_RSA_MODULUS", call: (c) => c.rsaPublic(modulus(513), E3, data(513)) },
  { title: "an empty RSA exponent", code: "CRYPTO_RSA_EXPONENT", call: (c) => c.rsaPublic(modulus(64), new Uint8Array(0), data(64)) },
  { title: "an RSA exponent of zero", code: "CRYPTO_RSA_EXPONENT", call: (c) => c.rsaPublic(modulus(64), Uint8Array.of(0, 0), data(64)) },
  { title: "an RSA exponent of 1", code: "CRYPTO_RSA_EXPONENT", call: (c) => c.rsaPublic(modulus(64), Uint8Array.of(1), data(64)) },
  { title: "an even RSA exponent", code: "CRYPTO_RSA_EXPONENT", call: (c) => c.rsaPublic(modulus(64), Uint8Array.of(1, 0), data(64)) },
  { title: "an RSA exponent of 65 bits", code: "CRYPTO_RSA_EXPONENT", call: (c) => c.rsaPublic(modulus(64), Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1), data(64)) },
  { title: "RSA data a byte shorter than the modulus", code: "CRYPTO_DATA_LENGTH", call: (c) => c.rsaPublic(modulus(64), E3, data(63)) },
  { title: "RSA data a byte longer than the modulus", code: "CRYPTO_DATA_LENGTH", call: (c) => c.rsaPublic(modulus(64), E3, data(65)) },
  { title: "RSA data equal to the modulus", code: "CRYPTO_RSA_DATA_RANGE", call: (c) => c.rsaPublic(modulus(64), E3, modulus(64)) },
  { title: "RSA data above the modulus", code: "CRYPTO_RSA_DATA_RANGE", call: (c) => c.rsaPublic(modulus(64), E3, modulus(64, 0xc5, 0x03)) },
];
