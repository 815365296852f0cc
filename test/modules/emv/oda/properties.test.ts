import test from "ava";
import fc from "fast-check";
import { fromHex } from "../../../../modules/core/hex.ts";
import { authenticate, type OdaResult } from "../../../../modules/emv/oda/authenticate.ts";
import { verifyCdaSignature } from "../../../../modules/emv/oda/cda-signature.ts";
import { recoverIccKey } from "../../../../modules/emv/oda/icc-key.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { DATE, PAN, STATIC_DATA, TEST_CA, TEST_ICC_KEY, TEST_ISSUER_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

const crypto = testCrypto();
const P = TEST_PKI;

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
/** mostly as long as the key, sometimes not: the recovery is where the work is */
const sized = (n: number) => fc.oneof(fc.uint8Array({ minLength: n, maxLength: n }), bytes(2 * n));

const verdictOnly = (r: OdaResult) => r.verdict === "failed" && typeof r.reason === "string";

test("random bytes as issuer certificate, remainder, exponent, SSAD and PAN never throw: SDA fails with a reason", (t) => {
  fc.assert(
    fc.property(sized(TEST_CA.modulus.length), bytes(8), bytes(4), sized(144), bytes(12), (certificate, remainder, exponent, ssad, pan) => {
      const r = authenticate(crypto, {
        method: "SDA",
        caKeys: [TEST_CA],
        rid: TEST_CA.rid,
        caKeyIndex: TEST_CA.index,
        issuerCertificate: certificate,
        issuerRemainder: remainder,
        issuerExponent: exponent,
        pan,
        transactionDate: DATE,
        staticData: STATIC_DATA,
        signedStaticData: ssad,
      });
      return verdictOnly(r) && JSON.stringify(JSON.parse(JSON.stringify(r))) === JSON.stringify(r);
    }),
    { numRuns: 60, seed: 4451 },
  );
  t.pass();
});

test("random bytes as ICC certificate, remainder and exponent behind a valid issuer key never throw", (t) => {
  fc.assert(
    fc.property(sized(TEST_ISSUER_KEY.modulus.length), bytes(40), bytes(4), bytes(40), (certificate, remainder, exponent, staticData) => {
      const r = recoverIccKey(crypto, { issuerKey: TEST_ISSUER_KEY, certificate, remainder, exponent, staticData, pan: PAN, transactionDate: DATE });
      return r.verdict === "failed" && typeof r.reason === "string";
    }),
    { numRuns: 60, seed: 4452 },
  );
  t.pass();
});

test("random signatures and GENERATE AC responses behind a valid ICC key never throw: DDA and CDA fail with a reason", (t) => {
  const iccData = {
    caKeys: [TEST_CA],
    rid: TEST_CA.rid,
    caKeyIndex: TEST_CA.index,
    issuerCertificate: fromHex(P.issuerCertificates.valid.certificate),
    issuerRemainder: fromHex(P.issuerCertificates.valid.remainder),
    issuerExponent: TEST_ISSUER_KEY.exponent,
    pan: PAN,
    transactionDate: DATE,
    staticData: STATIC_DATA,
    iccCertificate: fromHex(P.iccCertificates.valid.certificate),
    iccRemainder: fromHex(P.iccCertificates.valid.remainder),
    iccExponent: TEST_ICC_KEY.exponent,
  };
  fc.assert(
    fc.property(sized(TEST_ICC_KEY.modulus.length), bytes(12), (sdad, ddol) => {
      return verdictOnly(authenticate(crypto, { method: "DDA", ...iccData, signedDynamicData: sdad, ddolData: ddol }));
    }),
    { numRuns: 25, seed: 4453 },
  );
  // a template 77 around CID 80 and a random signature, or random bytes
  const response = fc.oneof(
    fc.oneof(fc.uint8Array({ minLength: 128, maxLength: 128 }), bytes(200)).map((s) => Uint8Array.of(0x77, 0x81, s.length + 8, 0x9f, 0x27, 0x01, 0x80, 0x9f, 0x4b, 0x81, s.length, ...s)),
    bytes(200),
  );
  fc.assert(
    fc.property(response, (generateAcResponse) => {
      const r = verifyCdaSignature(crypto, { iccKey: TEST_ICC_KEY, response: generateAcResponse, unpredictableNumber: fromHex(P.cda.unpredictableNumber), pdolData: new Uint8Array(0), cdol1Data: new Uint8Array(0) });
      return r.verdict === "failed" && typeof r.reason === "string";
    }),
    { numRuns: 40, seed: 4454 },
  );
  t.pass();
});
