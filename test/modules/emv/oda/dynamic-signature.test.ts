import test from "ava";
import { fromHex } from "../../../../modules/core/hex.ts";
import { verifyDynamicSignature } from "../../../../modules/emv/oda/dynamic-signature.ts";
import type { OdaReason } from "../../../../modules/emv/oda/reason.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { TEST_ICC_KEY, TEST_ISSUER_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// Signed Dynamic Application Data signed by OpenSSL under the test ICC key of test-pki.ts.
const crypto = testCrypto();
const sigs = TEST_PKI.dynamicSignatures;
const verify = (signed: string, ddol = TEST_PKI.ddolData, iccKey = TEST_ICC_KEY) => verifyDynamicSignature(crypto, { iccKey, signedDynamicData: fromHex(signed), ddolData: fromHex(ddol) });

test("Book 2 §6.5.2 table 17: a valid INTERNAL AUTHENTICATE signature over the DDOL data gives the ICC Dynamic Number (9F4C)", (t) => {
  const r = verify(sigs.valid);
  t.is(r.verdict, "valid");
  t.is(r.iccDynamicNumber, TEST_PKI.iccDynamicNumber);
  t.deepEqual(r.recovered, { header: "6A", format: "05", hashAlgorithm: "01", dynamicDataLength: 9, dynamicData: "08" + TEST_PKI.iccDynamicNumber, hashResult: r.computedHash, trailer: "BC" });
});

const REASONS: [keyof typeof sigs, OdaReason][] = [
  ["header", "header"],
  ["format", "format"],
  ["trailer", "trailer"],
  ["otherDdolData", "hash"],
  ["hashAlgorithm", "hash-algorithm"],
  ["numberLength1", "dynamic-data-length"],
  ["numberLength9", "dynamic-data-length"],
  ["lddPastPadding", "dynamic-data-length"],
];
for (const [variant, reason] of REASONS) {
  test(`Book 2 §6.5.2: a signature whose ${variant} is wrong fails with "${reason}" and gives no ICC Dynamic Number`, (t) => {
    const r = verify(sigs[variant]);
    t.is(r.reason, reason);
    t.is(r.iccDynamicNumber, undefined);
  });
}

test("Book 2 §6.5.2 steps 1 and 5: the DDOL data is hashed (another Unpredictable Number fails); a signature under another key's length fails with length", (t) => {
  t.is(verify(sigs.valid, "11223345").reason, "hash");
  t.is(verify(sigs.valid, "").reason, "hash");
  t.is(verify(sigs.valid, TEST_PKI.ddolData, TEST_ISSUER_KEY).reason, "length");
});
