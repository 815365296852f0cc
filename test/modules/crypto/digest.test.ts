import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { testCrypto } from "../../support/crypto.ts";
import { DIGEST_VECTORS, MILLION_A } from "./published-vectors.ts";

const crypto = testCrypto();

test("SHA-1 and SHA-256 of the FIPS 180-2 one-block and two-block messages", (t) => {
  for (const v of DIGEST_VECTORS) t.is(toHex(crypto.digest(v.alg, v.message)), toHex(fromHex(v.digest)), v.source);
});

test("SHA-1 and SHA-256 of one million 'a' (FIPS 180-2 A.3, B.3)", (t) => {
  t.is(toHex(crypto.digest("SHA-1", MILLION_A.message)), toHex(fromHex(MILLION_A.sha1)));
  t.is(toHex(crypto.digest("SHA-256", MILLION_A.message)), toHex(fromHex(MILLION_A.sha256)));
});

test("a digest leaves its input as it was", (t) => {
  const message = Uint8Array.of(0x61, 0x62, 0x63);
  crypto.digest("SHA-256", message);
  t.deepEqual(message, Uint8Array.of(0x61, 0x62, 0x63));
});
