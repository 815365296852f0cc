/**
 * Inputs shared by the issuer-side suites, from two published test sets:
 * pyemv (github.com/knovichikhin/pyemv, tests/ and the doctests of
 * pyemv/kd.py and pyemv/ac.py) and jPOS (github.com/jpos/jPOS,
 * jpos/src/test/java/org/jpos/security/jceadapter/JCESecurityModuleTest.java).
 */
import { toHex } from "../../../../modules/core/hex.ts";
import { testCrypto } from "../../../support/crypto.ts";

export const crypto = testCrypto();

/** The first 2 bytes of TDES(key, zeros), as pyemv's `key_check_digits(key, 2)` prints them. */
export const kcv = (key: Uint8Array) => toHex(crypto.blockEncrypt("TDES", "ECB", key, new Uint8Array(8))).slice(0, 4);

/** pyemv's issuer master key in every test (check digits 08D7). */
export const PYEMV_IMK = "0123456789ABCDEFFEDCBA9876543210";

/** jPOS's `imkac`: "clear key value: 4 times 12345678", check value 6FB1C8. */
export const JPOS_IMK = "12345678123456781234567812345678";

/**
 * jPOS `EMVTxnData.getDataNoPad()`: amount 000000010000, other 000000001000,
 * country 0840, TVR 0000001080, currency 0840, date 980704, type 00, UN
 * 11111111, AIP 5800, ATC 3456, CVR A08003242000 (PAN 1234567890123456,
 * sequence 00). `getDataPad80()` is this with padding method 2 applied.
 */
export const JPOS_DATA = "000000010000" + "000000001000" + "0840" + "0000001080" + "0840" + "980704" + "00" + "11111111" + "5800" + "3456" + "A08003242000";

/**
 * pyemv tests/test_cvn_hsm.py, the Visa CVN 10 and 18 tests: 9F02, 9F03,
 * 9F1A, 95, 5F2A, 9A, 9C, 9F37, 82, 9F36 (PAN 1234567890123456, sequence 00).
 */
export const PYEMV_VISA_DATA = "000000004000" + "000000000000" + "0124" + "8000048000" + "0124" + "191105" + "01" + "52BF4585" + "1800" + "001C";

/** pyemv tests/test_cvn_hsm.py, the Mastercard CVN 16, 17, 20, 21 tests: the same tags, UN ABCDEF12, ATC 001C. */
export const PYEMV_MC_DATA = "000000009999" + "000000000000" + "0124" + "8000000000" + "0124" + "209906" + "00" + "ABCDEF12" + "1800" + "001C";
