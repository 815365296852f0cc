import test from "ava";
import { fromHex, toHex } from "../../../modules/core/hex.ts";
import { applicationCryptogram, arpcMethod1, commonSessionKey, iccMasterKey } from "../../../modules/emv/cryptogram.ts";
import { encodeTlv, parseTlv } from "../../../modules/emv/tlv.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto();
const kcv = (key: Uint8Array) => toHex(crypto.blockEncrypt("TDES", "ECB", key, new Uint8Array(8))).slice(0, 4);

// pyemv (knovichikhin/pyemv) tests/test_ac_hsm.py: option A, common session key, ARQC with
// EMV padding, ARPC method 1.
test("ICC master key, session key, ARQC and ARPC: the pyemv vectors", (t) => {
  const imk = fromHex("0123456789ABCDEFFEDCBA9876543210");
  t.is(kcv(imk), "08D7");
  const mk = iccMasterKey(crypto, imk, "9901234567890123", "45");
  t.is(kcv(mk), "1DA5");
  const sk = commonSessionKey(crypto, mk, fromHex("1234567890123456"));
  t.is(kcv(sk), "0995");
  const arqc = applicationCryptogram(crypto, sk, fromHex("0123456789ABCDEF0123456789ABCDEF"));
  t.is(toHex(arqc), "4B46013359B7A58B");
  t.is(toHex(arpcMethod1(crypto, mk, arqc, fromHex("0000"))), "F8C9CECAABD55AD1");
});

// EMV Book 3 annex B: one- and two-byte tags, short and long lengths.
test("BER-TLV: tags, lengths, padding, and malformed strings", (t) => {
  const bytes = fromHex("9F2608C2C12B098F3DA6E3 00 82023900 5F2A020978");
  t.deepEqual(parseTlv(bytes).map((x) => [x.tag, toHex(x.value)]), [["9F26", "C2C12B098F3DA6E3"], ["82", "3900"], ["5F2A", "0978"]]);
  t.is(toHex(encodeTlv("91", new Uint8Array(130))).slice(0, 6), "918182");
  t.throws(() => parseTlv(fromHex("9F2608C2C1")), { code: "TLV_LENGTH" });
  t.throws(() => parseTlv(fromHex("9F")), { code: "TLV_TAG" });
  t.throws(() => iccMasterKey(crypto, new Uint8Array(8), "4111111111111111"), { code: "EMV_KEY" });
});
