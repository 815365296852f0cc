import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { MemoryStore } from "../../../modules/core/memory-store.ts";
import { aesInitialKey, aesKsn, aesTransactionKey, aesWorkingKey, type AesKeyUsage } from "../../../modules/pin/dukpt/aes-dukpt.ts";
import { AesDukptTerminal } from "../../../modules/pin/dukpt/aes-terminal.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
// ANSI X9.24-3-2017 annex B and its supplementary test vectors (x9.org): AES-128 BDK and initial key ID.
const BDK = fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1");
const IKID = fromHex("1234567890123456");
const IK = "1273671EA26AC29AFA4D1084127652A1";

test("initial key from the BDK", (t) => {
  t.is(toHex(aesInitialKey(crypto, BDK, IKID)), IK);
});

// Counter 1, every key usage, AES-128 working keys: X9.24-3 test vectors as listed in
// CryptoScript's DUKPT_AES_WORKING_KEY tests and the paysec-dukpt working-key tests.
test("working keys of every usage at counter 1, and at counters 2, 8 and 8675309", (t) => {
  const ik = fromHex(IK);
  const ksn1 = aesKsn(IKID, 1);
  const key1 = aesTransactionKey(crypto, ik, ksn1);
  t.is(toHex(key1), "4F21B565BAD9835E112B6465635EAE44");
  const usages: [AesKeyUsage, string][] = [
    ["pin", "AF8CB133A78F8DC2D1359F18527593FB"],
    ["mac-generate", "A2DC23DE6FDE0824A2BC321E08E4B8B7"],
    ["mac-verify", "DBB463945B286C07CD3AD82EE96FD9C9"],
    ["mac-both", "85675439D18D7F1158BD8E3EAA3D502B"],
    ["data-encrypt", "A35C412EFD41FDB98B69797C02DCD08F"],
    ["data-decrypt", "16292C6EA8F64C5420A0584BFBC577BE"],
    ["data-both", "A308E080DD15A1B741F1721BF67DE11C"],
    ["kek", "36A724B7BEFA5A25F5E7B5782A4554A2"],
  ];
  for (const [usage, expected] of usages) t.is(toHex(aesWorkingKey(crypto, key1, ksn1, usage, "AES128")), expected, usage);
  const pin = (counter: number) => {
    const ksn = aesKsn(IKID, counter);
    return toHex(aesWorkingKey(crypto, aesTransactionKey(crypto, ik, ksn), ksn, "pin", "AES128"));
  };
  t.is(pin(2), "D30BDC73EC9714B000BEC66BDB7B6D09");
  t.is(pin(8), "4D9DF3FBEE3448FC3E676D04320A90F5");
  t.is(pin(0x845fed), "D1DDA386AA4A556AF0119FDCB5D132C6");
  const ksn2 = aesKsn(IKID, 2);
  t.is(toHex(aesWorkingKey(crypto, aesTransactionKey(crypto, ik, ksn2), ksn2, "mac-generate", "AES128")), "484C3B06E8562704528CD5B46FB12FB6");
  t.is(toHex(aesWorkingKey(crypto, aesTransactionKey(crypto, ik, ksn2), ksn2, "data-encrypt", "AES128")), "D639514AA33AC43AD9229E433D6D4E5B");
});

// The first 100 PIN keys a terminal uses and its intermediate derivation keys after loading:
// X9.24-3 supplementary test vectors as transcribed in the Forage Android SDK's DukptFixtures.
const FIRST_PIN_KEYS = [
  "af8cb133a78f8dc2d1359f18527593fb", "d30bdc73ec9714b000bec66bdb7b6d09", "7d69f01f3b45449f62c7816ece723268",
  "91a0588318ec2673214271f70137896e", "35a43bc9efeb09c756204b57e3fb7d4d", "02dcc6cd1201a3a2ca7099559c862123",
  "6ecf912f3b18ca11a7a27bb60705fd09", "4d9df3fbee3448fc3e676d04320a90f5", "b4273d0f8804829572aff61fa2bc417f",
  "ba7cf1abf6b4a23a16a07cde63f3514c", "fbb09b064691293a3ffba322f2c55014", "6743311b691a3065561bb075eb39da2d",
  "0bac7e46f72c543f06c7144080e2ad4b", "3453aa079ff413d9ff51e6055f03b664", "4a22d5a8b6b6c06292eaac6a1353c369",
  "a09c63853b707708deab907ba778c191", "0c30f0d8d070b90ff25d83b6e23bc1a4", "50233141fe61ddaa8c444df112eace8e",
  "155fa01a41971c9a185e125f2d99586c", "fd8ecd02676402dd573468d66c64f898", "5ecc93425a8bb6615f3857d3163f33a2",
  "41c280039c32390b817f30902ea389bf", "b7eaf85c830839be9d5523947c5d7072", "d22c707d6464a197a9186ffc8a5b9fc4",
  "4e36edc3020cffb882dd88e9cf1e451f", "44d03fad6371683a042057e43522ffb2", "3e61011d8e421453bb78e22c6bca789b",
  "485a7ea20f71519af37df4a45d22af67", "840bc596f423dcf5748dfdf8166e33e6", "37dffa00c03799daf195493d89740c8b",
  "d42bf5d7fc7544826e4b3bba2a19f124", "d4dd318bb3d0185de4bf6886262669df", "82100faaa6847aab16d6a58e077c7449",
  "6969bd538f8d18f566fb62bea49bd0ab", "fd2714d0bcffa395532cf9b038554059", "b3a4942eb350381c1e669f65c24725eb",
  "e654a3c9b68dc4ba9eed65481bcf6af0", "7a0fc50eb24465f65aa1fd2c603a5a15", "607250fec965315794ef4ba711f460d7",
  "4ac58e91005102ccb9d1671cb726429f",
];

test("terminal side: the first 40 PIN keys in order, across restarts", (t) => {
  const store = new MemoryStore();
  let terminal = new AesDukptTerminal(crypto, store);
  terminal.loadInitialKey(fromHex(IK), IKID);
  FIRST_PIN_KEYS.forEach((expected, i) => {
    if (i % 13 === 12) terminal = new AesDukptTerminal(crypto, store);
    const tx = terminal.nextTransaction(["pin"]);
    t.is(toHex(tx.ksn), "1234567890123456" + (i + 1).toString(16).toUpperCase().padStart(8, "0"));
    t.is(toHex(tx.keys.pin!).toLowerCase(), expected, `transaction ${i + 1}`);
  });
});

test("bad keys, KSNs and counters are typed errors", (t) => {
  const ik = fromHex(IK);
  t.throws(() => aesInitialKey(crypto, BDK.subarray(0, 15), IKID), { code: "PIN_KEY" });
  t.throws(() => aesInitialKey(crypto, BDK, IKID.subarray(0, 7)), { code: "DUKPT_KSN" });
  t.throws(() => aesTransactionKey(crypto, ik, aesKsn(IKID, 0)), { code: "DUKPT_COUNTER" });
  t.throws(() => aesTransactionKey(crypto, ik, aesKsn(IKID, 0x1ffff)), { code: "DUKPT_COUNTER" }, "17 one bits");
  t.throws(() => aesTransactionKey(crypto, ik, IKID), { code: "DUKPT_KSN" });
  t.throws(() => new AesDukptTerminal(crypto, new MemoryStore()).loadInitialKey(ik.subarray(0, 10), IKID), { code: "PIN_KEY" });
});

// ANSI X9.24-3-2017 6.1.3: a derived key is never stronger than the key it comes from.
// TDES types from an AES-128 key, counter 1, PIN usage: X9.24-3 annex B as listed in
// CryptoScript's DUKPT_AES_WORKING_KEY tests (AnnexBVectorsCoverTdeaWorkingKeyTypes).
test("X9.24-3-2017 6.1.3: an AES-128 key gives TDES2, TDES3 and AES-128 working keys", (t) => {
  const ksn = aesKsn(IKID, 1);
  const key = aesTransactionKey(crypto, fromHex(IK), ksn);
  t.is(toHex(aesWorkingKey(crypto, key, ksn, "pin", "TDES2")), "630C706D9546E47D4449313F61C4D4AB");
  t.is(toHex(aesWorkingKey(crypto, key, ksn, "pin", "TDES3")), "EA8B3F37EB9B15831167EF2977FD8762D9B5913F35766F6A");
  t.is(toHex(aesWorkingKey(crypto, key, ksn, "pin", "AES128")), "AF8CB133A78F8DC2D1359F18527593FB");
});

// AES-256 BDK: ASC X9 supplementary X9.24-3 vectors as listed in paysec-dukpt's working-key
// tests (test_derive_aes_128_working_keys_from_aes_256_bdk, ..._aes_256_..._from_aes_256_bdk).
// AES-192 BDK: paysec-dukpt's vectors generated with the ASC X9 reference algorithm
// (test_derive_aes_192_working_keys_from_aes_192_bdk).
test("X9.24-3-2017 6.1.3: an AES-256 key gives AES-128 and AES-256 keys, an AES-192 key AES-192 keys", (t) => {
  const pin = (bdk: string, type: "AES128" | "AES192" | "AES256") => {
    const ksn = aesKsn(IKID, 1);
    const key = aesTransactionKey(crypto, aesInitialKey(crypto, fromHex(bdk), IKID), ksn);
    return toHex(aesWorkingKey(crypto, key, ksn, "pin", type));
  };
  const bdk256 = "FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210F1F1F1F1F1F1F1F1";
  t.is(pin(bdk256, "AES128"), "09C9C432966811D6B2C3336BAC1B1202");
  t.is(pin(bdk256, "AES256"), "8C1AB7BEE973829E30242E0BBBDD4946D540C98FC1B5BDCF94790001A23FD502");
  t.is(pin("FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210", "AES192"), "C5043EDC7F2C001097974D40FF82A050B64A1AB27879F3DB");
});

test("X9.24-3-2017 6.1.3: a working key stronger than its derivation key is a DUKPT_KEY_TYPE error", (t) => {
  const ksn = aesKsn(IKID, 1);
  const key128 = aesTransactionKey(crypto, fromHex(IK), ksn);
  const key192 = aesTransactionKey(crypto, aesInitialKey(crypto, fromHex("FEDCBA9876543210F1F1F1F1F1F1F1F1FEDCBA9876543210"), IKID), ksn);
  const refused: [Uint8Array, "AES192" | "AES256"][] = [
    [key128, "AES192"],
    [key128, "AES256"],
    [key192, "AES256"],
  ];
  for (const [key, type] of refused) {
    const e = t.throws(() => aesWorkingKey(crypto, key, ksn, "pin", type), { code: "DUKPT_KEY_TYPE" }, `${type} from ${key.length * 8} bits`) as Error;
    t.regex(e.message, /6\.1\.3/);
  }
});

test("an AES-128 terminal refuses AES-256 working keys before its counter moves", (t) => {
  const terminal = new AesDukptTerminal(crypto, new MemoryStore());
  terminal.loadInitialKey(fromHex(IK), IKID);
  t.throws(() => terminal.nextTransaction(["pin"], "AES256"), { code: "DUKPT_KEY_TYPE" });
  t.is(toHex(terminal.nextKsn), "123456789012345600000001");
  t.is(toHex(terminal.nextTransaction(["pin"], "TDES2").keys.pin!), "630C706D9546E47D4449313F61C4D4AB");
});
