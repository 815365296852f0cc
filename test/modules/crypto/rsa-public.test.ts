import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { testCrypto } from "../../support/crypto.ts";
import { RSA_OAEP_INT, RSA_PKCS1_SIGNATURE_15_5, SHA1_DIGEST_INFO } from "./published-vectors.ts";

const crypto = testCrypto();

test("RSA public operation: EM^17 mod n is the ciphertext of the PKCS #1 oaep-int.txt example (1024 bits)", (t) => {
  const v = RSA_OAEP_INT;
  t.is(toHex(crypto.rsaPublic(fromHex(v.modulus), fromHex(v.exponent), fromHex(v.input))), toHex(fromHex(v.output)));
});

test("RSA public operation: s^65537 mod n is the EMSA-PKCS1-v1_5 encoding of PKCS #1 signature example 15.5 (2048 bits)", (t) => {
  const v = RSA_PKCS1_SIGNATURE_15_5;
  const recovered = crypto.rsaPublic(fromHex(v.modulus), fromHex(v.exponent), fromHex(v.signature));
  // RFC 8017 §9.2: 00 01, FF up to the modulus length, 00, DigestInfo, H(M)
  const digestInfo = fromHex(SHA1_DIGEST_INFO);
  const padding = "FF".repeat(256 - 3 - digestInfo.length - 20);
  t.is(recovered.length, 256);
  t.is(toHex(recovered), "0001" + padding + "00" + toHex(digestInfo) + toHex(crypto.digest("SHA-1", fromHex(v.message))));
});

test("RSA public operation: leading zero bytes of the exponent do not change the result; the output keeps the modulus length", (t) => {
  const v = RSA_OAEP_INT;
  t.is(toHex(crypto.rsaPublic(fromHex(v.modulus), fromHex("00 00 " + v.exponent), fromHex(v.input))), toHex(fromHex(v.output)));
  // 2^3 mod 187 = 8, by hand
  t.is(toHex(crypto.rsaPublic(Uint8Array.of(0xbb), Uint8Array.of(3), Uint8Array.of(2))), "08");
  // 1^3 = 1: 127 zero bytes, then 01
  const n = fromHex(v.modulus);
  const one = new Uint8Array(n.length);
  one[n.length - 1] = 1;
  t.is(toHex(crypto.rsaPublic(n, Uint8Array.of(3), one)), toHex(one));
});
