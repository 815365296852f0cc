import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { caKeyCheckValue, checkCaKey, findCaKey } from "../../../../modules/emv/oda/ca-key.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { caKey, PUBLISHED_CA_KEYS } from "./fixtures.ts";
import { LIVE_CA_KEYS, TEST_CA_KEYS } from "./published-vectors.ts";

const crypto = testCrypto();

// openemv/emv-utils src/emv_capk_static_data.h and lumag/emv-tools data/*-test.keys: each key with its check sum.
for (const k of [...TEST_CA_KEYS, ...LIVE_CA_KEYS]) {
  const name = `${k.scheme} ${k.kind} CA key ${toHex(Uint8Array.of(k.index))} (${k.bits} bits)`;
  test(`Book 2 CA Public Key Check Sum: SHA-1(RID || index || modulus || exponent) of the ${name} is its published check sum`, (t) => {
    const key = caKey(k);
    t.is(key.modulus.length * 8, k.bits);
    t.is(toHex(caKeyCheckValue(crypto, key)), k.checksum);
    t.notThrows(() => checkCaKey(crypto, key));
  });
}

test("a CA key whose modulus, exponent, index or RID differs from what its check sum covers is ODA_CA_KEY_CHECKSUM", (t) => {
  const good = caKey(TEST_CA_KEYS[0]);
  const modulus = good.modulus.slice();
  modulus[10] ^= 0x01;
  t.throws(() => checkCaKey(crypto, { ...good, modulus }), { code: "ODA_CA_KEY_CHECKSUM" });
  t.throws(() => checkCaKey(crypto, { ...good, exponent: fromHex("010001") }), { code: "ODA_CA_KEY_CHECKSUM" });
  t.throws(() => checkCaKey(crypto, { ...good, index: good.index + 1 }), { code: "ODA_CA_KEY_CHECKSUM" });
  t.throws(() => checkCaKey(crypto, { ...good, rid: fromHex("A000000004") }), { code: "ODA_CA_KEY_CHECKSUM" });
  // the message names the key, not its modulus
  const e = t.throws(() => checkCaKey(crypto, { ...good, modulus }));
  t.is(e?.message, "CA public key A000000003 index 92 does not match its check sum");
});

test("a CA key of the wrong shape is ODA_CA_KEY: RID not 5 bytes, index outside 0-255, modulus empty or over 248 bytes, exponent over 3 bytes, check sum not 20 bytes", (t) => {
  const good = caKey(TEST_CA_KEYS[0]);
  for (const bad of [
    { ...good, rid: fromHex("A0000000") },
    { ...good, index: 256 },
    { ...good, index: -1 },
    { ...good, index: 1.5 },
    { ...good, modulus: new Uint8Array(0) },
    { ...good, modulus: new Uint8Array(249).fill(0xff) },
    { ...good, exponent: fromHex("01000001") },
    { ...good, exponent: new Uint8Array(0) },
    { ...good, checksum: good.checksum.subarray(0, 19) },
  ]) {
    t.throws(() => checkCaKey(crypto, bad), { code: "ODA_CA_KEY" });
  }
});

test("Book 2 §5.2: the key is found by RID and CA Public Key Index; another RID's key of the same index is not it", (t) => {
  const visa92 = findCaKey(PUBLISHED_CA_KEYS, fromHex("A000000003"), 0x92);
  t.is(visa92 && toHex(visa92.checksum), "429C954A3859CEF91295F663C963E582ED6EB253");
  const mc05 = findCaKey(PUBLISHED_CA_KEYS, fromHex("A000000004"), 0x05);
  t.is(mc05 && toHex(mc05.checksum), "EBFA0D5D06D8CE702DA3EAE890701D45E274C845");
  t.is(findCaKey(PUBLISHED_CA_KEYS, fromHex("A000000004"), 0x92), undefined);
  t.is(findCaKey(PUBLISHED_CA_KEYS, fromHex("A000000003"), 0x93), undefined);
  t.is(findCaKey([], fromHex("A000000003"), 0x92), undefined);
});
