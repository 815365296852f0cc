import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { applicationCryptogram, verifyApplicationCryptogram } from "../../../../modules/emv/issuer/application-cryptogram.ts";
import { iccMasterKey } from "../../../../modules/emv/issuer/icc-master-key.ts";
import { commonSessionKey } from "../../../../modules/emv/issuer/session-key.ts";
import { crypto, PYEMV_IMK } from "./vectors.ts";

// pyemv pyemv/ac.py doctests: generate_ac (module, and over the ten Book 2 tags)
test("padding method 2: pyemv's published cryptograms", (t) => {
  t.is(toHex(applicationCryptogram(crypto, fromHex("29B33180E567CE38EA4CBC9D753B0E61"), fromHex("0123456789ABCDEF0123456789ABCDEF"))), "FA624250B008B59A");
  const data = fromHex("000000002000" + "000000000000" + "0124" + "0000008000" + "0124" + "110309" + "00" + "3804823E" + "5800" + "0001");
  t.is(toHex(applicationCryptogram(crypto, fromHex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB"), data)), "3B76CF10FECD8789");
});

// pyemv tests/test_ac_hsm.py: test_generate_ac_visa_aprc1 (17 bytes) and _no_padding_required (16 bytes)
test("padding method 1: pyemv's cryptograms for data short of a block and data filling its blocks", (t) => {
  const sk = commonSessionKey(crypto, iccMasterKey(crypto, fromHex(PYEMV_IMK), "9901234567890123", "45"), fromHex("1234567890123456"));
  t.is(toHex(applicationCryptogram(crypto, sk, fromHex("0123456789ABCDEF0123456789ABCDEF01"), 1)), "2E141C6BC4A20DA8");
  t.is(toHex(applicationCryptogram(crypto, sk, fromHex("0123456789ABCDEF0123456789ABCDEF"), 1)), "922F3E83125EB46B");
  t.is(toHex(applicationCryptogram(crypto, sk, fromHex("0123456789ABCDEF0123456789ABCDEF"), 2)), "4B46013359B7A58B");
});

test("verification: true for the cryptogram, false when one bit of it or of the data differs", (t) => {
  const sk = fromHex("29B33180E567CE38EA4CBC9D753B0E61");
  const data = fromHex("0123456789ABCDEF0123456789ABCDEF");
  const ac = fromHex("FA624250B008B59A");
  t.true(verifyApplicationCryptogram(crypto, sk, data, ac));
  t.false(verifyApplicationCryptogram(crypto, sk, data, fromHex("FA624250B008B59B")));
  t.false(verifyApplicationCryptogram(crypto, sk, fromHex("0123456789ABCDEF0123456789ABCDEE"), ac));
  t.false(verifyApplicationCryptogram(crypto, sk, data, ac, 1));
});

test("a session key not 16 bytes is EMV_KEY; empty data or a cryptogram not 8 bytes is EMV_DATA", (t) => {
  t.throws(() => applicationCryptogram(crypto, new Uint8Array(24), new Uint8Array(8)), { code: "EMV_KEY" });
  t.throws(() => applicationCryptogram(crypto, new Uint8Array(16), new Uint8Array(0)), { code: "EMV_DATA" });
  t.throws(() => verifyApplicationCryptogram(crypto, new Uint8Array(16), new Uint8Array(8), new Uint8Array(4)), { code: "EMV_DATA" });
});
