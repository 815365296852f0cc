/**
 * Card data sealed under the device data key: the layout under the
 * cipher, a fresh IV each time, track-equivalent data objects dropped,
 * refusals, and every key buffer wiped after use.
 */
import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import type { BlockAlgorithm, BlockMode, Crypto } from "../../../modules/crypto/port.ts";
import { DATA_KEY_NAME, sealCardData, unsealCardData, withoutTrackData } from "../../../modules/journal/sealed-card-data.ts";
import { fixedRandomCrypto, testCrypto } from "../../support/crypto.ts";

const PAN = "4761739001010010"; // Visa test card of the EMVCo card set

/** A crypto port that remembers every key it was handed, to look at them afterwards. */
function spying(inner: Crypto): Crypto & { keys: Uint8Array[] } {
  const keys: Uint8Array[] = [];
  return {
    keys,
    random: (n) => inner.random(n),
    digest: (alg, data) => inner.digest(alg, data),
    rsaPublic: (m, e, d) => inner.rsaPublic(m, e, d),
    blockEncrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array) {
      keys.push(key);
      return inner.blockEncrypt(alg, mode, key, data, iv);
    },
    blockDecrypt(alg: BlockAlgorithm, mode: BlockMode, key: Uint8Array, data: Uint8Array, iv?: Uint8Array) {
      keys.push(key);
      return inner.blockDecrypt(alg, mode, key, data, iv);
    },
  };
}

test("a PAN alone: IV from the random source, then one AES-CBC block holding length, BCD digits, a zero chip-data length and 80 padding", (t) => {
  const iv = fromHex("000102030405060708090A0B0C0D0E0F");
  const crypto = fixedRandomCrypto(iv);
  const keys = new MemoryKeyStore();
  keys.put(DATA_KEY_NAME, fromHex("2B7E151628AED2A6ABF7158809CF4F3C"));
  const sealed = sealCardData(crypto, keys, { pan: PAN });
  t.is(sealed.length, 32);
  t.deepEqual(sealed.subarray(0, 16), iv);
  const plain = crypto.blockDecrypt("AES", "CBC", keys.get(DATA_KEY_NAME)!, sealed.subarray(16), iv);
  t.is(toHex(plain), "10" + "4761739001010010" + "0000" + "80" + "00".repeat(4));
  t.deepEqual(unsealCardData(crypto, keys, sealed), { pan: PAN });
});

test("the device data key is made on first use, 16 random bytes in the key store, and reused", (t) => {
  const crypto = testCrypto(9);
  const keys = new MemoryKeyStore();
  const a = sealCardData(crypto, keys, { pan: PAN });
  const key = keys.get(DATA_KEY_NAME)!;
  t.is(key.length, 16);
  const b = sealCardData(crypto, keys, { pan: PAN });
  t.deepEqual(keys.get(DATA_KEY_NAME), key);
  t.notDeepEqual(a, b, "a fresh IV each time");
  t.deepEqual(unsealCardData(crypto, keys, a), unsealCardData(crypto, keys, b));
});

test("chip data keeps every data object but track 1 and 2 equivalent data, PIN data and discretionary data", (t) => {
  // EMV Book 3 Annex A tags: 9F26 cryptogram, 57 track 2 equivalent data, 9F36 ATC, 5F34 PAN sequence number;
  // 56 track 1 data, 99 PIN data, 9F1F and 9F20 discretionary data, 9F6B track 2 data (scheme kernels)
  const kept = fromHex("9F26080102030405060708" + "9F36020001" + "5F340101");
  const withTracks = fromHex("9F26080102030405060708" + "57084761739001010010" + "9F36020001" + "5603414243" + "99021234" + "9F1F0131" + "9F200132" + "9F6B0133" + "5F340101");
  t.is(toHex(withoutTrackData(withTracks)), toHex(kept));
  const crypto = testCrypto(2);
  const keys = new MemoryKeyStore();
  t.deepEqual(unsealCardData(crypto, keys, sealCardData(crypto, keys, { pan: PAN, iccData: withTracks })), { pan: PAN, iccData: kept });
});

test("every key buffer handed to the cipher is wiped when sealing and unsealing return", (t) => {
  const crypto = spying(testCrypto(4));
  const keys = new MemoryKeyStore();
  const sealed = sealCardData(crypto, keys, { pan: PAN, iccData: fromHex("9F36020001") });
  unsealCardData(crypto, keys, sealed);
  t.is(crypto.keys.length, 2);
  for (const k of crypto.keys) t.true(k.every((b) => b === 0), toHex(k));
});

test("sealed data that does not open under the key in the store is refused with TX_SEALED", (t) => {
  const crypto = testCrypto(5);
  const keys = new MemoryKeyStore();
  const sealed = sealCardData(crypto, keys, { pan: PAN });
  const other = new MemoryKeyStore();
  other.put(DATA_KEY_NAME, fromHex("00112233445566778899AABBCCDDEEFF"));
  t.throws(() => unsealCardData(crypto, other, sealed), { code: "TX_SEALED" });
  t.throws(() => unsealCardData(crypto, new MemoryKeyStore(), sealed), { code: "TX_SEALED" }, "no key at all");
  t.throws(() => unsealCardData(crypto, keys, sealed.subarray(0, 24)), { code: "TX_SEALED" });
  const damaged = sealed.slice();
  damaged[20] ^= 0x40;
  t.throws(() => unsealCardData(crypto, keys, damaged), { code: "TX_SEALED" });
});

test("a PAN that is not 8-19 digits, or chip data that is not BER-TLV, is refused with TX_INPUT", (t) => {
  const crypto = testCrypto(6);
  const keys = new MemoryKeyStore();
  t.throws(() => sealCardData(crypto, keys, { pan: "4761 7390" }), { code: "TX_INPUT" });
  t.throws(() => sealCardData(crypto, keys, { pan: "47617390010100101234" }), { code: "TX_INPUT" });
  t.throws(() => sealCardData(crypto, keys, { pan: PAN, iccData: fromHex("9F2608") }), { code: "TX_INPUT" });
});
