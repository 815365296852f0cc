import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { arpcMethod1, arpcMethod2 } from "../../../../modules/emv/issuer/arpc.ts";
import { iccMasterKey } from "../../../../modules/emv/issuer/icc-master-key.ts";
import { commonSessionKey } from "../../../../modules/emv/issuer/session-key.ts";
import { crypto, PYEMV_IMK } from "./vectors.ts";

// pyemv pyemv/ac.py doctests: generate_arpc_1 and generate_arpc_2 (module and function examples)
test("methods 1 and 2: pyemv's published ARPCs", (t) => {
  const sk = fromHex("29B33180E567CE38EA4CBC9D753B0E61");
  t.is(toHex(arpcMethod1(crypto, sk, fromHex("FA624250B008B59A"), fromHex("0000"))), "45D4255EEF10C920");
  t.is(toHex(arpcMethod2(crypto, sk, fromHex("FA624250B008B59A"), fromHex("00000000"))), "CB56FA40");
  const ab = fromHex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB");
  t.is(toHex(arpcMethod1(crypto, ab, fromHex("1234567890ABCDEF"), fromHex("0000"))), "F5E6F44147E2F1B0");
  t.is(toHex(arpcMethod2(crypto, ab, fromHex("1234567890ABCDEF"), fromHex("00000000"))), "9308BEBC");
});

// pyemv tests/test_ac_hsm.py: test_generate_arpc2 (8 bytes of proprietary data) and
// test_generate_ac_emv_arpc1 (method 1 under the ICC master key)
test("method 2 with Proprietary Authentication Data, method 1 under the ICC master key: pyemv's vectors", (t) => {
  const mk = iccMasterKey(crypto, fromHex(PYEMV_IMK), "9901234567890123", "45");
  const sk = commonSessionKey(crypto, mk, fromHex("1234567890123456"));
  const arqc = fromHex("4B46013359B7A58B");
  t.is(toHex(arpcMethod2(crypto, sk, arqc, fromHex("00000000"), fromHex("1234567890ABCDEF"))), "4962B76C");
  t.is(toHex(arpcMethod2(crypto, sk, arqc, fromHex("00000000"))), "7DFB1188");
  t.is(toHex(arpcMethod1(crypto, mk, arqc, fromHex("0000"))), "F8C9CECAABD55AD1");
});

test("the ARC, CSU and proprietary data change the ARPC", (t) => {
  const sk = fromHex("29B33180E567CE38EA4CBC9D753B0E61");
  const arqc = fromHex("FA624250B008B59A");
  t.not(toHex(arpcMethod1(crypto, sk, arqc, fromHex("3030"))), "45D4255EEF10C920");
  t.not(toHex(arpcMethod2(crypto, sk, arqc, fromHex("00800000"))), "CB56FA40");
  t.not(toHex(arpcMethod2(crypto, sk, arqc, fromHex("00000000"), fromHex("00"))), "CB56FA40");
});

test("a key not 16 bytes is EMV_KEY; an ARQC not 8 bytes, an ARC not 2, a CSU not 4, proprietary data over 8 are EMV_DATA", (t) => {
  const sk = new Uint8Array(16);
  t.throws(() => arpcMethod1(crypto, new Uint8Array(8), new Uint8Array(8), new Uint8Array(2)), { code: "EMV_KEY" });
  t.throws(() => arpcMethod1(crypto, sk, new Uint8Array(7), new Uint8Array(2)), { code: "EMV_DATA" });
  t.throws(() => arpcMethod1(crypto, sk, new Uint8Array(8), new Uint8Array(3)), { code: "EMV_DATA" });
  t.throws(() => arpcMethod2(crypto, sk, new Uint8Array(8), new Uint8Array(2)), { code: "EMV_DATA" });
  t.throws(() => arpcMethod2(crypto, sk, new Uint8Array(8), new Uint8Array(4), new Uint8Array(9)), { code: "EMV_DATA" });
});
