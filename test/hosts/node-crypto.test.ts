import test from "ava";
import fc from "fast-check";
import { NodeCrypto } from "../../hosts/node/node-crypto.ts";
import { toHex } from "../../modules/core/hex.ts";
import type { BlockAlgorithm, BlockMode } from "../../modules/crypto/port.ts";
import { testCrypto } from "../support/crypto.ts";

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

test("both backends refuse bad sizes with the same codes", (t) => {
  for (const c of [node, soft]) {
    t.throws(() => c.blockEncrypt("AES", "ECB", new Uint8Array(15), new Uint8Array(16)), { code: "CRYPTO_KEY_LENGTH" });
    t.throws(() => c.blockEncrypt("TDES", "ECB", new Uint8Array(16), new Uint8Array(7)), { code: "CRYPTO_DATA_LENGTH" });
    t.throws(() => c.blockEncrypt("DES", "CBC", new Uint8Array(8), new Uint8Array(8), new Uint8Array(4)), { code: "CRYPTO_IV_LENGTH" });
  }
  t.is(node.random(16).length, 16);
});
