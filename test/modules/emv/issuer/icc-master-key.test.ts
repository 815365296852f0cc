import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { deriveIccMasterKey, iccMasterKey, iccMasterKeyOptionB } from "../../../../modules/emv/issuer/icc-master-key.ts";
import { crypto, kcv, PYEMV_IMK } from "./vectors.ts";

const imk = () => fromHex(PYEMV_IMK);

// pyemv pyemv/kd.py doctests (module and derive_icc_mk_a, derive_icc_mk_b): whole keys, odd parity
test("option A and B give pyemv's published ICC master keys byte for byte, parity bits included", (t) => {
  t.is(kcv(imk()), "08D7");
  t.is(toHex(iccMasterKey(crypto, imk(), "99012345678901234", "45")), "67F8292358083E5EA7AB7FDA58D53B6B");
  t.is(toHex(iccMasterKey(crypto, imk(), "12345678901234567", "01")), "73AD54688CEF2934B0979857E3C719F1");
  t.is(toHex(iccMasterKeyOptionB(crypto, imk(), "12345678901234567", "01")), "AD406D7F6D7570916D75E5DCAB8CF737");
});

// pyemv tests/test_kd_hsm.py: test_derive_icc_mk_a_psn, _a_no_psn (via its session key), and
// tests/test_ac_hsm.py: check digits of the ICC master key
test("option A: pyemv's check digits, with and without a PAN sequence number", (t) => {
  t.is(kcv(iccMasterKey(crypto, imk(), "12345678901234567", "45")), "FF08");
  t.is(kcv(iccMasterKey(crypto, imk(), "9901234567890123", "45")), "1DA5");
  t.is(kcv(iccMasterKey(crypto, imk(), "1234567890123456")), "BAB0");
});

// pyemv tests/test_kd_hsm.py: test_derive_icc_mk_b_pan16, _pan17_psn, _pan17_no_psn, _pan18, _sha_pad
test("option B: a 16-digit PAN falls back to option A; 17 and 18 digits hash; a hash short of digits decimalizes A-F", (t) => {
  t.is(kcv(iccMasterKeyOptionB(crypto, imk(), "1234567890123456")), "BAB0");
  t.is(kcv(iccMasterKeyOptionB(crypto, imk(), "12345678901234567", "45")), "0BAF");
  t.is(kcv(iccMasterKeyOptionB(crypto, imk(), "12345678901234567")), "4626");
  t.is(kcv(iccMasterKeyOptionB(crypto, imk(), "123456789012345679", "00")), "C2F3");
  t.is(kcv(iccMasterKeyOptionB(crypto, imk(), "000000000000000005", "23")), "DD73");
});

test("option B differs from option A for a long PAN, and the named option picks the function", (t) => {
  const a = iccMasterKey(crypto, imk(), "12345678901234567", "01");
  const b = iccMasterKeyOptionB(crypto, imk(), "12345678901234567", "01");
  t.not(toHex(a), toHex(b));
  t.is(toHex(deriveIccMasterKey(crypto, imk(), "12345678901234567", "01", "optionA")), toHex(a));
  t.is(toHex(deriveIccMasterKey(crypto, imk(), "12345678901234567", "01", "optionB")), toHex(b));
});

test("the issuer master key is left as given", (t) => {
  const key = imk();
  iccMasterKeyOptionB(crypto, key, "123456789012345679", "00");
  t.is(toHex(key), PYEMV_IMK);
});

test("a key not 16 bytes is EMV_KEY; a PAN not 8-19 digits or a sequence number not 2 digits is EMV_DATA, the PAN not in the message", (t) => {
  t.throws(() => iccMasterKey(crypto, new Uint8Array(8), "4111111111111111"), { code: "EMV_KEY" });
  t.throws(() => iccMasterKeyOptionB(crypto, new Uint8Array(24), "4111111111111111"), { code: "EMV_KEY" });
  for (const pan of ["4111111", "41111111111111111111", "411111111111111A", ""]) {
    const e = t.throws(() => iccMasterKeyOptionB(crypto, imk(), pan), { code: "EMV_DATA" }) as Error;
    t.false(pan.length > 0 && e.message.includes(pan));
  }
  t.throws(() => iccMasterKey(crypto, imk(), "4111111111111111", "1"), { code: "EMV_DATA" });
  t.throws(() => iccMasterKey(crypto, imk(), "4111111111111111", "0A"), { code: "EMV_DATA" });
});
