import test from "ava";
import { emvCryptogram, type EmvCryptogramRequest } from "../../../../modules/emv/issuer/cryptogram-request.ts";
import { crypto, JPOS_DATA, JPOS_IMK, PYEMV_IMK, PYEMV_MC_DATA, PYEMV_VISA_DATA } from "./vectors.ts";

const pyemv = { imk: PYEMV_IMK, pan: "1234567890123456", psn: "00", atc: "001C" };
const jpos = { imk: JPOS_IMK, pan: "1234567890123456", psn: "00", atc: "3456", data: JPOS_DATA };

// pyemv tests/test_cvn_hsm.py test_visa_cvn10: CVR 03A06010 after the ten tags, ARC 3030
test("visa-cvn10: the ICC master key is the session key, zero padding, ARPC method 1 (pyemv)", (t) => {
  const r = emvCryptogram(crypto, { ...pyemv, sessionKey: "visa-cvn10", data: PYEMV_VISA_DATA + "03A06010", arqc: "29CCA15AE665FA2E", arc: "3030" });
  t.like(r, { method: "optionA", padding: 1, arqc: "29CCA15AE665FA2E", arqcMatches: true, arpcMethod: 1, arpc: "28993816AFAE4AEB", issuerAuthenticationData: "28993816AFAE4AEB3030" });
  t.is(r.iccMasterKeyCheckValue.slice(0, 4), "BAB0");
  t.is(r.sessionKey, r.iccMasterKey);
  t.is(r.r, undefined);
});

// pyemv tests/test_cvn_hsm.py test_visa_cvn18: 9F10 06011203A0B800 after the ten tags, CSU 00000000
test("visa-cvn18: common session key, padding method 2, ARPC method 2 with the CSU (pyemv)", (t) => {
  const r = emvCryptogram(crypto, { ...pyemv, sessionKey: "visa-cvn18", data: PYEMV_VISA_DATA + "06011203A0B800", csu: "00000000" });
  t.like(r, { method: "optionB", r: "001C000000000000", padding: 2, arqc: "7A788EA6B8A3E733", arpcMethod: 2, arpcKey: "session", arpc: "9AF514C1", issuerAuthenticationData: "9AF514C100000000" });
  t.is(r.sessionKeyCheckValue.slice(0, 4), "22C8");
});

// pyemv tests/test_cvn_hsm.py test_mastercard_cvn16 and _cvn17 (CVR A00003220000; CVN 17 adds the
// counters 00000000000322FF), ARC 0010, ARPC under the ICC master key
test("mastercard: the SKD session key from ATC and UN, ARPC method 1 under the ICC master key (pyemv CVN 16 and 17)", (t) => {
  const cvn16 = emvCryptogram(crypto, { ...pyemv, sessionKey: "mastercard", un: "ABCDEF12", data: PYEMV_MC_DATA + "A00003220000", arc: "0010" });
  t.like(cvn16, { r: "001C0000ABCDEF12", arqc: "24CCF3DEE3158C70", arpcKey: "master", arpc: "73F6BBF389A6586C" });
  t.is(cvn16.sessionKeyCheckValue.slice(0, 4), "2FD5");
  const cvn17 = emvCryptogram(crypto, { ...pyemv, sessionKey: "mastercard", un: "ABCDEF12", data: PYEMV_MC_DATA + "A00003220000" + "00000000000322FF", arc: "0010" });
  t.like(cvn17, { arqc: "EAE8A620A75648D8", arpc: "29CF11FBDB9CA650" });
});

// pyemv tests/test_cvn_hsm.py test_mastercard_cvn20: the common session key, ARPC method 1 under it
test("common: the ATC session key, ARPC method 1 under the session key (pyemv Mastercard CVN 20)", (t) => {
  const r = emvCryptogram(crypto, { ...pyemv, sessionKey: "common", data: PYEMV_MC_DATA + "A00003220000", arc: "0010" });
  t.like(r, { arqc: "CD29615D6452E70E", arpcKey: "session", arpc: "DFD0956606B68D64" });
});

// jPOS JCESecurityModuleTest: testVerifyARQCGenerateARPCImpl_VSDC_P00_M1 and _P80_M1
test("visa-cvn10 on jPOS's VSDC vectors, padding method 1 and 2", (t) => {
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "visa-cvn10", arc: "3030" }), { arqc: "26C8A1042D1CAF3E", arpc: "98DE7C7B3D80A831" });
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "visa-cvn10", padding: 2, arc: "3030" }), { arqc: "2263CD868F3E0234", arpc: "5A1D15A96C035C4F" });
});

// jPOS JCESecurityModuleTest: testVerifyARQCGenerateARPCImpl_MCHIP_P00_M1 and _P80_M1
test("mastercard on jPOS's MCHIP vectors, padding method 1 and 2", (t) => {
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "mastercard", un: "11111111", padding: "1", arc: "0012" }), { arqc: "9FFD1D52AE0EC0F3", arpc: "20DCD25599B060B5" });
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "mastercard", un: "11111111", arc: "0012" }), { arqc: "AC8074C9E62EE6EF", arpc: "5B5B712F9A644774" });
});

// jPOS JCESecurityModuleTest: testVerifyARQCGenerateARPCImpl_CSKD_P00_M1, _P00_M2, _P80_M1, _P80_M2, _P00_M1_OA_P19
test("common on jPOS's CSKD vectors: both paddings, both ARPC methods, and option A's rightmost 16 digits of a 19-digit PAN", (t) => {
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "common", padding: 1, arc: "0012" }), { arqc: "36DBEE15F36B1E7F", arpc: "0E56BBA476EB5588" });
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "common", padding: 1, arpcMethod: 2, csu: "00120000" }), { arpc: "332CD266" });
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "common", arc: "0012" }), { arqc: "55BE45DD2C9E0CBF", arpc: "01BAE8DE6A0DE9E0" });
  t.like(emvCryptogram(crypto, { ...jpos, sessionKey: "common", arpcMethod: "2", csu: "00120000" }), { arpc: "B4C698B6" });
  t.like(emvCryptogram(crypto, { ...jpos, pan: "8901234567890123456", sessionKey: "common", padding: 1 }), { method: "optionA", arqc: "36DBEE15F36B1E7F" });
});

// jPOS JCESecurityModuleTest: testVerifyARQCGenerateARPCImpl_CSKD_P00_M1_OB_P19, _P00_M2_OB_P19,
// _P80_M1_OB_P19, _P80_M2_OB_P19 (PAN 8901234567890123456, sequence 00)
test("option B on jPOS's 19-digit PAN vectors, both paddings and both ARPC methods", (t) => {
  const ob = { ...jpos, pan: "8901234567890123456", method: "optionB", sessionKey: "common" };
  t.like(emvCryptogram(crypto, { ...ob, padding: 1, arc: "0012" }), { method: "optionB", arqc: "FD4271966BB0E366", arpc: "1882BCA130A38D6C" });
  t.like(emvCryptogram(crypto, { ...ob, padding: 1, arpcMethod: 2, csu: "00120000" }), { arpc: "5CA2E0BC" });
  t.like(emvCryptogram(crypto, { ...ob, arc: "0012" }), { arqc: "78289F2805494561", arpc: "C99AF51220D865E3" });
  t.like(emvCryptogram(crypto, { ...ob, arpcMethod: 2, csu: "00120000" }), { arpc: "26630C18", issuerAuthenticationData: "26630C1800120000" });
});

// pyemv tests/test_kd_hsm.py test_derive_icc_mk_b_sha_pad: R = 001C000000000000, proprietary data 12345678
test("ARPC method 2 with Proprietary Authentication Data over the given ARQC (pyemv option B, hash short of digits)", (t) => {
  const data = "0000000040000000000000000124800004800001241911050152BF45851800001C06011203A0B800";
  const r = emvCryptogram(crypto, { imk: PYEMV_IMK, pan: "000000000000000005", psn: "23", method: "optionB", sessionKey: "visa-cvn18", atc: "001C", data, arqc: "8CAD6F2489C640B1", csu: "00000000", proprietaryData: "12345678" });
  t.like(r, { arqc: "8CAD6F2489C640B1", arqcMatches: true, arpc: "E39F1876", issuerAuthenticationData: "E39F18760000000012345678" });
});

test("a wrong ARQC does not match, and the ARPC answers the ARQC given, not the computed one", (t) => {
  const right = emvCryptogram(crypto, { ...jpos, sessionKey: "common", arc: "0012" });
  const wrong = emvCryptogram(crypto, { ...jpos, sessionKey: "common", arqc: "55BE45DD2C9E0CBE", arc: "0012" });
  t.is(wrong.arqc, "55BE45DD2C9E0CBF");
  t.false(wrong.arqcMatches);
  t.not(wrong.arpc, right.arpc);
  t.is(right.arqcMatches, undefined);
});

test("names are case-insensitive; without an ARC or CSU there is no ARPC; the result survives JSON", (t) => {
  const r = emvCryptogram(crypto, { ...jpos, pan: "8901234567890123456", method: "OptionB", sessionKey: "COMMON", padding: 1, arpcKey: "Session" });
  t.like(r, { method: "optionB", sessionKeyMethod: "common", arqc: "FD4271966BB0E366" });
  t.is(r.arpc, undefined);
  t.is(r.issuerAuthenticationData, undefined);
  t.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test("arpcKey overrides the method's default key", (t) => {
  const master = emvCryptogram(crypto, { ...pyemv, sessionKey: "common", arpcKey: "master", data: PYEMV_MC_DATA + "A00003220000", arc: "0010" });
  const session = emvCryptogram(crypto, { ...pyemv, sessionKey: "common", data: PYEMV_MC_DATA + "A00003220000", arc: "0010" });
  t.is(master.arpcKey, "master");
  t.not(master.arpc, session.arpc);
});

test("names from a command line that are prototype members or unknown are EMV_CRYPTOGRAM_OPTION", (t) => {
  const base: EmvCryptogramRequest = { ...jpos, sessionKey: "common" };
  for (const name of ["__proto__", "constructor", "toString", "hasOwnProperty", "", "emv"]) {
    t.throws(() => emvCryptogram(crypto, { ...base, sessionKey: name }), { code: "EMV_CRYPTOGRAM_OPTION" });
    t.throws(() => emvCryptogram(crypto, { ...base, method: name }), { code: "EMV_CRYPTOGRAM_OPTION" });
    t.throws(() => emvCryptogram(crypto, { ...base, arpcKey: name }), { code: "EMV_CRYPTOGRAM_OPTION" });
    t.throws(() => emvCryptogram(crypto, { ...base, padding: name }), { code: "EMV_CRYPTOGRAM_OPTION" });
    t.throws(() => emvCryptogram(crypto, { ...base, arpcMethod: name }), { code: "EMV_CRYPTOGRAM_OPTION" });
  }
  t.throws(() => emvCryptogram(crypto, { ...base, padding: 3 }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, sessionKey: undefined as unknown as string }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, sessionKey: {} as unknown as string }), { code: "EMV_CRYPTOGRAM_OPTION" });
});

test("inputs the chosen methods do not use are EMV_CRYPTOGRAM_OPTION", (t) => {
  const base: EmvCryptogramRequest = { ...jpos, sessionKey: "common" };
  t.throws(() => emvCryptogram(crypto, { ...base, un: "11111111" }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, arpcMethod: 2, arc: "0012" }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, csu: "00120000" }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, proprietaryData: "00" }), { code: "EMV_CRYPTOGRAM_OPTION" });
  t.throws(() => emvCryptogram(crypto, { ...base, sessionKey: "visa-cvn18", arc: "0012" }), { code: "EMV_CRYPTOGRAM_OPTION" });
});

test("missing, malformed or wrong-length fields are EMV_DATA or EMV_KEY, without the key or PAN in the message", (t) => {
  const base: EmvCryptogramRequest = { ...jpos, sessionKey: "common" };
  const cases: [Partial<EmvCryptogramRequest>, string][] = [
    [{ sessionKey: "mastercard" }, "EMV_DATA"],
    [{ sessionKey: "mastercard", un: "111111" }, "EMV_DATA"],
    [{ atc: "34" }, "EMV_DATA"],
    [{ atc: "ZZZZ" }, "EMV_DATA"],
    [{ data: "" }, "EMV_DATA"],
    [{ data: "ABC" }, "EMV_DATA"],
    [{ data: "00".repeat(513) }, "EMV_DATA"],
    [{ arqc: "55BE45DD2C9E0C" }, "EMV_DATA"],
    [{ arc: "001" }, "EMV_DATA"],
    [{ arc: "001200" }, "EMV_DATA"],
    [{ arpcMethod: 2, csu: "0012" }, "EMV_DATA"],
    [{ arpcMethod: 2, csu: "00120000", proprietaryData: "00".repeat(9) }, "EMV_DATA"],
    [{ pan: "12345678901234567890" }, "EMV_DATA"],
    [{ psn: "0" }, "EMV_DATA"],
    [{ imk: "1234567812345678" }, "EMV_KEY"],
    [{ imk: "12345678123456781234567812345678XY" }, "EMV_DATA"],
  ];
  for (const [change, code] of cases) {
    const e = t.throws(() => emvCryptogram(crypto, { ...base, ...change }), { code }) as Error;
    t.false(e.message.includes("12345678") || e.message.includes("1234567890123456"), e.message);
  }
});
