import test from "ava";
import { fromHex } from "../../../../modules/core/hex.ts";
import { verifyStaticSignature } from "../../../../modules/emv/oda/static-signature.ts";
import type { OdaReason } from "../../../../modules/emv/oda/reason.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { STATIC_DATA, TEST_ISSUER_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// Signed Static Application Data signed by OpenSSL under the test issuer key of test-pki.ts.
const crypto = testCrypto();
const sigs = TEST_PKI.staticSignatures;
const verify = (signed: string, staticData = STATIC_DATA) => verifyStaticSignature(crypto, { issuerKey: TEST_ISSUER_KEY, signedStaticData: fromHex(signed), staticData });

test("Book 2 §5.4 table 7: valid Signed Static Application Data gives its Data Authentication Code (9F45)", (t) => {
  const r = verify(sigs.valid);
  t.is(r.verdict, "valid");
  t.is(r.dataAuthenticationCode, "DAC1");
  t.deepEqual(r.recovered, { header: "6A", format: "03", hashAlgorithm: "01", dataAuthenticationCode: "DAC1", hashResult: r.computedHash, trailer: "BC" });
});

const REASONS: [keyof typeof sigs, OdaReason][] = [
  ["header", "header"],
  ["format", "format"],
  ["trailer", "trailer"],
  ["otherStaticData", "hash"],
  ["hashAlgorithm", "hash-algorithm"],
];
for (const [variant, reason] of REASONS) {
  test(`Book 2 §5.4: Signed Static Application Data whose ${variant} is wrong fails with "${reason}" and gives no DAC`, (t) => {
    const r = verify(sigs[variant]);
    t.is(r.reason, reason);
    t.is(r.dataAuthenticationCode, undefined);
  });
}

test("Book 2 §5.4 steps 1 and 5: other static data fails the hash; a signature not as long as the issuer modulus fails with length", (t) => {
  t.is(verify(sigs.valid, STATIC_DATA.subarray(1)).reason, "hash");
  t.is(verify(sigs.valid.slice(2)).reason, "length");
  t.is(verify(sigs.valid + "00").reason, "length");
});
