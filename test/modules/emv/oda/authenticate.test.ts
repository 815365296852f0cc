import test from "ava";
import { fromHex } from "../../../../modules/core/hex.ts";
import { authenticate, type CdaInput, type DdaInput, type SdaInput } from "../../../../modules/emv/oda/authenticate.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { DATE, PAN, PUBLISHED_CA_KEYS, STATIC_DATA, TEST_CA } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// The test PKI of test-pki.ts (signed by OpenSSL), with the published keys in the same table.
const crypto = testCrypto();
const P = TEST_PKI;
const caKeys = [...PUBLISHED_CA_KEYS, TEST_CA];

const common = {
  caKeys,
  rid: fromHex(P.rid),
  caKeyIndex: P.caIndex,
  issuerCertificate: fromHex(P.issuerCertificates.valid.certificate),
  issuerRemainder: fromHex(P.issuerCertificates.valid.remainder),
  issuerExponent: fromHex(P.issuerKey.exponent),
  pan: PAN,
  transactionDate: DATE,
  staticData: STATIC_DATA,
};
const sda: SdaInput = { method: "SDA", ...common, signedStaticData: fromHex(P.staticSignatures.valid) };
const icc = { iccCertificate: fromHex(P.iccCertificates.valid.certificate), iccRemainder: fromHex(P.iccCertificates.valid.remainder), iccExponent: fromHex(P.iccKey.exponent) };
const dda: DdaInput = { method: "DDA", ...common, ...icc, signedDynamicData: fromHex(P.dynamicSignatures.valid), ddolData: fromHex(P.ddolData) };
const cda: CdaInput = {
  method: "CDA",
  ...common,
  ...icc,
  generateAcResponse: fromHex(P.cda.arqc),
  unpredictableNumber: fromHex(P.cda.unpredictableNumber),
  pdolData: fromHex(P.cda.pdolData),
  cdol1Data: fromHex(P.cda.cdol1Data),
};

test("Book 2 §5: SDA with the test CA is valid: CA key, issuer key and DAC, as plain JSON", (t) => {
  const r = authenticate(crypto, sda);
  t.is(r.verdict, "valid");
  t.is(r.step, undefined);
  t.deepEqual(r.caKey, { rid: P.rid, index: P.caIndex, checksum: P.ca.checksum });
  t.is(r.issuerKey?.verdict, "valid");
  t.is(r.staticSignature?.dataAuthenticationCode, "DAC1");
  t.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

test("Book 2 §6.5: DDA with the test CA is valid: issuer key, ICC key and ICC Dynamic Number; the PAN only masked", (t) => {
  const r = authenticate(crypto, dda);
  t.is(r.verdict, "valid");
  t.deepEqual(r.iccKey?.publicKey, P.iccKey);
  t.is(r.dynamicSignature?.iccDynamicNumber, P.iccDynamicNumber);
  const json = JSON.stringify(r);
  t.false(json.includes("6799998900000060018"));
  t.true(json.includes("679999*********0018"));
});

test("Book 2 §6.6: CDA with the test CA is valid for an ARQC, and for the second GENERATE AC with its CDOL2 data", (t) => {
  const r = authenticate(crypto, cda);
  t.is(r.verdict, "valid");
  t.like(r.cdaSignature, { cid: "80", cryptogram: "1122334455667788", iccDynamicNumber: P.iccDynamicNumber });
  const second = authenticate(crypto, { ...cda, generateAcResponse: fromHex(P.cda.tcSecondGenerateAc), cdol2Data: fromHex(P.cda.cdol2Data) });
  t.like(second, { verdict: "valid", cdaSignature: { cid: "40" } });
});

test("Book 3 §10.3: absent data objects are data-missing, each method listing the tags it needs and lacks", (t) => {
  t.like(authenticate(crypto, { ...sda, caKeyIndex: undefined, signedStaticData: undefined }), { verdict: "failed", step: "data", reason: "data-missing", missing: ["8F", "93"] });
  t.like(authenticate(crypto, { ...dda, issuerCertificate: new Uint8Array(0), iccExponent: undefined, signedDynamicData: undefined }), { reason: "data-missing", missing: ["90", "9F47", "9F4B"] });
  t.like(authenticate(crypto, { ...cda, issuerExponent: undefined, pan: undefined, iccCertificate: undefined, generateAcResponse: undefined }), { reason: "data-missing", missing: ["9F32", "5A", "9F46", "77"] });
  // the remainders are needed only when the key does not fit: their absence is the issuer step's remainder-missing
  t.like(authenticate(crypto, { ...sda, issuerRemainder: undefined }), { step: "issuer-key", reason: "remainder-missing" });
  t.like(authenticate(crypto, { ...dda, iccRemainder: undefined }), { step: "icc-key", reason: "remainder-missing" });
  t.like(authenticate(crypto, { ...cda, generateAcResponse: fromHex("7704 9F270180") }), { step: "dynamic-signature", reason: "data-missing", missing: ["9F4B"] });
});

test("Book 2 §5.2: a CA key index the table lacks for the RID is ca-key-unknown; a table key that fails its check sum is ca-key-checksum", (t) => {
  t.like(authenticate(crypto, { ...sda, caKeyIndex: 0xe2 }), { step: "ca-key", reason: "ca-key-unknown" });
  t.like(authenticate(crypto, { ...sda, rid: fromHex("A000009998") }), { step: "ca-key", reason: "ca-key-unknown" });
  t.like(authenticate(crypto, { ...sda, caKeys: [] }), { reason: "ca-key-unknown" });
  const tampered = { ...TEST_CA, checksum: fromHex(P.ca.checksum.slice(0, 38) + "00") };
  const r = authenticate(crypto, { ...sda, caKeys: [tampered] });
  t.like(r, { step: "ca-key", reason: "ca-key-checksum", caKey: { rid: P.rid, index: P.caIndex, checksum: P.ca.checksum } });
  t.is(r.issuerKey, undefined);
  t.like(authenticate(crypto, { ...sda, caKeys: [{ ...TEST_CA, rid: fromHex("A000009999"), modulus: new Uint8Array(0) }] }), { reason: "ca-key-checksum" });
});

test("the first failing step ends authentication with its reason and the results so far", (t) => {
  const issuer = authenticate(crypto, { ...dda, issuerCertificate: fromHex(P.issuerCertificates.expiredMay2025.certificate) });
  t.like(issuer, { verdict: "failed", step: "issuer-key", reason: "expired", issuerKey: { reason: "expired" } });
  t.is(issuer.iccKey, undefined);
  const iccStep = authenticate(crypto, { ...cda, iccCertificate: fromHex(P.iccCertificates.otherPan.certificate) });
  t.like(iccStep, { step: "icc-key", reason: "pan", issuerKey: { verdict: "valid" }, iccKey: { reason: "pan" } });
  t.is(iccStep.cdaSignature, undefined);
  t.like(authenticate(crypto, { ...sda, signedStaticData: fromHex(P.staticSignatures.otherStaticData) }), { step: "signed-static-data", reason: "hash" });
  t.like(authenticate(crypto, { ...dda, ddolData: fromHex("11223345") }), { step: "dynamic-signature", reason: "hash" });
  t.like(authenticate(crypto, { ...cda, generateAcResponse: fromHex(P.cda.cidMismatch) }), { step: "dynamic-signature", reason: "cid" });
  const revoked = authenticate(crypto, { ...sda, revoked: [{ rid: fromHex(P.rid), index: P.caIndex, serial: fromHex("00A1B2") }] });
  t.like(revoked, { step: "issuer-key", reason: "revoked" });
  // the static data is signed by the ICC certificate for DDA: changed, the ICC key fails
  t.like(authenticate(crypto, { ...dda, staticData: STATIC_DATA.subarray(0, -2) }), { step: "icc-key", reason: "hash" });
});

test("terminal input that is not what the kernel must give is an OdaError, not an outcome", (t) => {
  t.throws(() => authenticate(crypto, { ...sda, method: "XDA" } as unknown as SdaInput), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...sda, rid: fromHex("A0000099") }), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...sda, caKeyIndex: 256 }), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...sda, caKeys: undefined } as unknown as SdaInput), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...sda, staticData: undefined } as unknown as SdaInput), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...dda, ddolData: undefined } as unknown as DdaInput), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...cda, cdol1Data: "00" } as unknown as CdaInput), { code: "ODA_INPUT" });
  t.throws(() => authenticate(crypto, { ...sda, transactionDate: fromHex("251315") }), { code: "ODA_DATE" });
});
