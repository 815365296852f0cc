import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { cbcMac, retailMac } from "../../../modules/crypto/iso9797-mac.ts";
import { cmac } from "../../../modules/crypto/cmac.ts";
import { padIso9797 } from "../../../modules/crypto/padding.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// NIST SP 800-38B, appendix D.1 (AES-128), the same examples as RFC 4493 section 4.
const AES_KEY = fromHex("2b7e151628aed2a6abf7158809cf4f3c");
const MESSAGE = fromHex(
  "6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710",
);

test("AES-CMAC: SP 800-38B / RFC 4493 examples 1-4", (t) => {
  t.is(toHex(cmac(crypto, "AES", AES_KEY, new Uint8Array(0))), "BB1D6929E95937287FA37D129B756746");
  t.is(toHex(cmac(crypto, "AES", AES_KEY, MESSAGE.subarray(0, 16))), "070A16B46B4D4144F79BDD9DD04A287C");
  t.is(toHex(cmac(crypto, "AES", AES_KEY, MESSAGE.subarray(0, 40))), "DFA66747DE9AE63030CA32611497C827");
  t.is(toHex(cmac(crypto, "AES", AES_KEY, MESSAGE)), "51F0BEBF7E3B9D92FC49741779363CFE");
});

// NIST SP 800-38B, appendix D.4 (three-key TDEA).
test("TDES-CMAC: SP 800-38B three-key TDEA examples", (t) => {
  const key = fromHex("8aa83bf8cbda1062 0bc1bf19fbb6cd58 bc313d4a371ca8b5");
  t.is(toHex(cmac(crypto, "TDES", key, new Uint8Array(0))), "B7A688E122FFAF95");
  t.is(toHex(cmac(crypto, "TDES", key, MESSAGE.subarray(0, 8))), "8E8F293136283797");
  t.is(toHex(cmac(crypto, "TDES", key, MESSAGE.subarray(0, 20))), "743DDBE0CE2DC2ED");
  t.is(toHex(cmac(crypto, "TDES", key, MESSAGE.subarray(0, 32))), "33E6B1092400EAE5");
});

// FIPS 113 / ANSI X9.9 example: DES CBC-MAC of "7654321 Now is the time for " under 0123456789ABCDEF.
test("ISO 9797-1 algorithm 1 with DES: the FIPS 113 example", (t) => {
  const mac = cbcMac(crypto, "DES", fromHex("0123456789ABCDEF"), ascii("7654321 Now is the time for "));
  t.is(toHex(mac).slice(0, 8), "F1D30F68");
});

test("ISO 9797-1 padding methods 1 and 2", (t) => {
  t.is(toHex(padIso9797(fromHex("0102"), 8, 1)), "0102000000000000");
  t.is(toHex(padIso9797(new Uint8Array(8).fill(1), 8, 1)), "0101010101010101");
  t.is(toHex(padIso9797(new Uint8Array(0), 8, 1)), "0000000000000000");
  t.is(toHex(padIso9797(new Uint8Array(8).fill(1), 8, 2)), "0101010101010101" + "8000000000000000");
});

test("retail MAC refuses a key that is not double length", (t) => {
  t.throws(() => retailMac(crypto, new Uint8Array(8), new Uint8Array(8)), { code: "CRYPTO_KEY_LENGTH" });
  t.throws(() => cmac(crypto, "AES", new Uint8Array(15), new Uint8Array(8)), { code: "CRYPTO_KEY_LENGTH" });
});
