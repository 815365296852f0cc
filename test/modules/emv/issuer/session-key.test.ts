import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { iccMasterKey } from "../../../../modules/emv/issuer/icc-master-key.ts";
import { withOddParity } from "../../../../modules/emv/issuer/key-parity.ts";
import { commonSessionKey, emvSessionKey, mastercardSessionKey } from "../../../../modules/emv/issuer/session-key.ts";
import { crypto, kcv, PYEMV_IMK } from "./vectors.ts";

// pyemv pyemv/kd.py, derive_common_sk doctest: the whole key, odd parity
test("common session key: pyemv's published key for R = 001C000000000000", (t) => {
  t.is(toHex(commonSessionKey(crypto, fromHex(PYEMV_IMK), fromHex("001C000000000000"))), "E9FB384AF807B940FEDCEA613461B0C4");
  t.is(toHex(emvSessionKey(crypto, fromHex(PYEMV_IMK), fromHex("001C"))), "E9FB384AF807B940FEDCEA613461B0C4");
});

// pyemv tests/test_kd_hsm.py test_derive_icc_mk_a_psn and _a_no_psn: R = 1234567890123456
test("common session key: pyemv's check digits for an arbitrary R", (t) => {
  const withPsn = iccMasterKey(crypto, fromHex(PYEMV_IMK), "12345678901234567", "45");
  t.is(kcv(commonSessionKey(crypto, withPsn, fromHex("1234567890123456"))), "DF82");
  const noPsn = iccMasterKey(crypto, fromHex(PYEMV_IMK), "12345678901234567");
  t.is(kcv(commonSessionKey(crypto, noPsn, fromHex("1234567890123456"))), "3F4F");
});

// pyemv tests/test_cvn_hsm.py: test_visa_cvn18 (common, 22C8) and test_mastercard_cvn16 (SKD, 2FD5),
// ICC master key by option A from PAN 1234567890123456, sequence 00
test("the ATC session key and the Mastercard SKD session key: pyemv's check digits for ATC 001C and UN ABCDEF12", (t) => {
  const mk = iccMasterKey(crypto, fromHex(PYEMV_IMK), "1234567890123456", "00");
  t.is(kcv(emvSessionKey(crypto, mk, fromHex("001C"))), "22C8");
  t.is(kcv(mastercardSessionKey(crypto, mk, fromHex("001C"), fromHex("ABCDEF12"))), "2FD5");
  t.is(toHex(mastercardSessionKey(crypto, mk, fromHex("001C"), fromHex("ABCDEF12"))), toHex(commonSessionKey(crypto, mk, fromHex("001C0000ABCDEF12"))));
});

test("odd parity: each byte gets an odd count of ones, the high seven bits kept", (t) => {
  t.is(toHex(withOddParity(fromHex("0001FEFF8081"))), "0101FEFE8080");
});

test("a master key not 16 bytes is EMV_KEY; an R not 8 bytes, an ATC not 2, a UN not 4 are EMV_DATA", (t) => {
  const mk = fromHex(PYEMV_IMK);
  t.throws(() => commonSessionKey(crypto, new Uint8Array(8), new Uint8Array(8)), { code: "EMV_KEY" });
  t.throws(() => commonSessionKey(crypto, mk, new Uint8Array(7)), { code: "EMV_DATA" });
  t.throws(() => emvSessionKey(crypto, mk, new Uint8Array(3)), { code: "EMV_DATA" });
  t.throws(() => mastercardSessionKey(crypto, mk, new Uint8Array(2), new Uint8Array(8)), { code: "EMV_DATA" });
});
