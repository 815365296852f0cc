import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { testCrypto } from "../../support/crypto.ts";
import { BLOCK_VECTORS } from "./published-vectors.ts";
import { REFUSALS } from "./refusals.ts";

const crypto = testCrypto();

test("DES and AES, ECB and CBC: the FIPS 81, FIPS 197 and SP 800-38A examples, both ways", (t) => {
  for (const v of BLOCK_VECTORS) {
    const key = fromHex(v.key);
    const iv = v.iv === undefined ? undefined : fromHex(v.iv);
    t.is(toHex(crypto.blockEncrypt(v.alg, v.mode, key, fromHex(v.plain), iv)), toHex(fromHex(v.cipher)), `${v.source} enciphered`);
    t.is(toHex(crypto.blockDecrypt(v.alg, v.mode, key, fromHex(v.cipher), iv)), toHex(fromHex(v.plain)), `${v.source} deciphered`);
  }
});

// ANSI X9.52 keying option 3 (K1 = K2 = K3) is single DES, and so is a double-length key K K
test("TDES with one key repeated is the FIPS 81 DES example", (t) => {
  const des = BLOCK_VECTORS[0];
  const k = fromHex(des.key);
  for (const key of [Uint8Array.of(...k, ...k), Uint8Array.of(...k, ...k, ...k)]) {
    t.is(toHex(crypto.blockEncrypt("TDES", "ECB", key, fromHex(des.plain))), toHex(fromHex(des.cipher)), `${key.length}-byte key`);
  }
});

test("the software backend refuses bad operands with the port's codes", (t) => {
  for (const r of REFUSALS) t.throws(() => r.call(crypto), { code: r.code }, r.title);
});
