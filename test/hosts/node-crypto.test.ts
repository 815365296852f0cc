import test from "ava";
import fc from "fast-check";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import type { BlockAlgorithm, BlockMode } from "../../modules/crypto/port.ts";
import { testCrypto } from "../support/crypto.ts";
import { BLOCK_VECTORS, DIGEST_VECTORS, MILLION_A, RSA_OAEP_INT, RSA_PKCS1_SIGNATURE_15_5, SHA1_DIGEST_INFO } from "../modules/crypto/published-vectors.ts";
import { REFUSALS } from "../modules/crypto/refusals.ts";

const node = new NodeCrypto();
const soft = testCrypto();

test("the Node backend and the software backend agree on every algorithm, mode and key length", (t) => {
  const cases: [BlockAlgorithm, number, number][] = [["DES", 8, 8], ["TDES", 16, 8], ["TDES", 24, 8], ["AES", 16, 16], ["AES", 24, 16], ["AES", 32, 16]];
  fc.assert(
    fc.property(fc.constantFrom(...cases), fc.constantFrom<BlockMode>("ECB", "CBC"), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), ([alg, keyLength, block], mode, keyBytes, blocks, ivBytes) => {
      const key = keyBytes.subarray(0, keyLength);
      const data = new Uint8Array(blocks * block).map((_, i) => (i * 37 + keyBytes[0]) & 0xff);
      const iv = mode === "CBC" ? ivBytes.subarray(0, block) : undefined;
      const a = node.blockEncrypt(alg, mode, key, data, iv);
      const b = soft.blockEncrypt(alg, mode, key, data, iv);
      return toHex(a) === toHex(b) && toHex(node.blockDecrypt(alg, mode, key, a, iv)) === toHex(data);
    }),
    { numRuns: 200 },
  );
  t.pass();
});

test("the Node backend: DES and AES, ECB and CBC, on the FIPS 81, FIPS 197 and SP 800-38A examples, both ways", (t) => {
  for (const v of BLOCK_VECTORS) {
    const key = fromHex(v.key);
    const iv = v.iv === undefined ? undefined : fromHex(v.iv);
    t.is(toHex(node.blockEncrypt(v.alg, v.mode, key, fromHex(v.plain), iv)), toHex(fromHex(v.cipher)), `${v.source} enciphered`);
    t.is(toHex(node.blockDecrypt(v.alg, v.mode, key, fromHex(v.cipher), iv)), toHex(fromHex(v.plain)), `${v.source} deciphered`);
  }
});

test("the Node backend: SHA-1 and SHA-256 of the FIPS 180-2 messages, one million 'a' included", (t) => {
  for (const v of DIGEST_VECTORS) t.is(toHex(node.digest(v.alg, v.message)), toHex(fromHex(v.digest)), v.source);
  t.is(toHex(node.digest("SHA-1", MILLION_A.message)), toHex(fromHex(MILLION_A.sha1)));
  t.is(toHex(node.digest("SHA-256", MILLION_A.message)), toHex(fromHex(MILLION_A.sha256)));
});

test("the Node backend: the RSA public operation on the PKCS #1 oaep-int.txt example and signature example 15.5", (t) => {
  const v = RSA_OAEP_INT;
  t.is(toHex(node.rsaPublic(fromHex(v.modulus), fromHex(v.exponent), fromHex(v.input))), toHex(fromHex(v.output)));
  t.is(toHex(node.rsaPublic(fromHex(v.modulus), fromHex("00 " + v.exponent), fromHex(v.input))), toHex(fromHex(v.output)), "exponent with a leading zero byte");
  const s = RSA_PKCS1_SIGNATURE_15_5;
  const digestInfo = fromHex(SHA1_DIGEST_INFO);
  const expected = "0001" + "FF".repeat(256 - 3 - digestInfo.length - 20) + "00" + toHex(digestInfo) + toHex(node.digest("SHA-1", fromHex(s.message)));
  t.is(toHex(node.rsaPublic(fromHex(s.modulus), fromHex(s.exponent), fromHex(s.signature))), expected);
});

test("the Node backend and the software backend agree on the RSA public operation for random data below the modulus", (t) => {
  const n = fromHex(RSA_PKCS1_SIGNATURE_15_5.modulus);
  fc.assert(
    fc.property(fc.uint8Array({ minLength: n.length, maxLength: n.length }), fc.constantFrom(Uint8Array.of(3), Uint8Array.of(1, 0, 1)), (bytes, e) => {
      const data = bytes.slice();
      data[0] = data[0] % n[0];
      return toHex(node.rsaPublic(n, e, data)) === toHex(soft.rsaPublic(n, e, data));
    }),
    { numRuns: 20 },
  );
  t.pass();
});

test("both backends refuse bad operands with the same codes", (t) => {
  for (const c of [node, soft]) {
    for (const r of REFUSALS) t.throws(() => r.call(c), { code: r.code }, `${c === node ? "node" : "software"}: ${r.title}`);
  }
  t.is(node.random(16).length, 16);
});
