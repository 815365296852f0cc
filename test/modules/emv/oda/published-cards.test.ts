import test from "ava";
import { concat } from "../../../../modules/core/bytes.ts";
import { fromHex } from "../../../../modules/core/hex.ts";
import { authenticate } from "../../../../modules/emv/oda/authenticate.ts";
import { verifyCdaSignature } from "../../../../modules/emv/oda/cda-signature.ts";
import { verifyDynamicSignature } from "../../../../modules/emv/oda/dynamic-signature.ts";
import { recoverIccKey } from "../../../../modules/emv/oda/icc-key.ts";
import { recoverIssuerKey } from "../../../../modules/emv/oda/issuer-key.ts";
import { verifyStaticSignature } from "../../../../modules/emv/oda/static-signature.ts";
import { encodeTlv } from "../../../../modules/emv/tlv.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { PUBLISHED_CA_KEYS, publishedCaKey, rsaKey } from "./fixtures.ts";
import { MASTERCARD_05_CARD, mastercard05OdaInput, MASTERCARD_F1_CDA_CARD, VISA_01_SDA_CARD, VISA_94_CARD } from "./published-vectors.ts";

const crypto = testCrypto();
const empty = new Uint8Array(0);

// openemv/emv-utils tests/emv_rsa_test.c (Visa test key 94)
const visa = VISA_94_CARD;
const visaIssuerInput = (date: string, certificate = visa.issuerCertificate) => ({
  caKey: publishedCaKey(visa.rid, visa.caKeyIndex),
  certificate: fromHex(certificate),
  exponent: fromHex(visa.issuerExponent),
  pan: fromHex(visa.pan),
  transactionDate: fromHex(date),
});

test("Book 2 §5.3: the Visa test card's issuer certificate recovers under CA key 94 with the fields and key the source publishes", (t) => {
  const r = recoverIssuerKey(crypto, visaIssuerInput(visa.dates.issuerValid));
  t.is(r.verdict, "valid");
  t.like(r.recovered, { header: "6A", format: "02", trailer: "BC", ...visa.issuer, modulus: undefined });
  t.deepEqual(r.publicKey, { modulus: visa.issuer.modulus, exponent: "03" });
  t.is(r.computedHash, r.recovered?.hashResult);
});

test("Book 2 §5.3 step 9: the Visa test card's issuer certificate (expiry 12/31) has expired on 2032-01-01, as the source finds", (t) => {
  const r = recoverIssuerKey(crypto, visaIssuerInput(visa.dates.issuerExpired));
  t.is(r.verdict, "failed");
  t.is(r.reason, "expired");
  t.is(r.publicKey, undefined);
});

test("Book 2 §5.3: the source's corrupted issuer certificate (last byte changed) recovers nothing readable: the trailer is not BC", (t) => {
  const r = recoverIssuerKey(crypto, visaIssuerInput(visa.dates.issuerValid, visa.issuerCertificateCorrupted));
  t.is(r.reason, "trailer");
  t.is(r.publicKey, undefined);
});

test("Book 2 §5.4: the Visa test card's SSAD recovers the source's DAC and Hash Result; without the static data (not published) the hash cannot match", (t) => {
  const r = verifyStaticSignature(crypto, { issuerKey: rsaKey({ modulus: visa.issuer.modulus, exponent: "03" }), signedStaticData: fromHex(visa.signedStaticData), staticData: empty });
  t.like(r.recovered, { header: "6A", trailer: "BC", ...visa.staticSignature });
  t.is(r.reason, "hash");
  t.is(r.dataAuthenticationCode, undefined);
});

test("Book 2 §6.4: the Visa test card's ICC certificate recovers the source's fields; its key is the leftmost digits and the 42-byte remainder", (t) => {
  const r = recoverIccKey(crypto, {
    issuerKey: rsaKey({ modulus: visa.issuer.modulus, exponent: "03" }),
    certificate: fromHex(visa.iccCertificate),
    remainder: fromHex(visa.iccRemainder),
    exponent: fromHex(visa.iccExponent),
    staticData: empty,
    pan: fromHex(visa.pan),
    transactionDate: fromHex(visa.dates.iccValid),
  });
  t.like(r.recovered, { header: "6A", format: "04", trailer: "BC", ...visa.icc, modulus: undefined });
  t.is(r.recovered!.leftmostDigits + visa.iccRemainder, visa.icc.modulus);
  // the hash also covers the static data, which the source does not give
  t.is(r.reason, "hash");
});

test("Book 2 §6.5.2: the Visa test card's DDA signature over DDOL data 7FBC4049 verifies and gives ICC Dynamic Number 00AE; the corrupted one does not", (t) => {
  const iccKey = rsaKey({ modulus: visa.icc.modulus, exponent: "03" });
  const r = verifyDynamicSignature(crypto, { iccKey, signedDynamicData: fromHex(visa.signedDynamicData), ddolData: fromHex(visa.ddolData) });
  t.is(r.verdict, "valid");
  t.is(r.iccDynamicNumber, visa.dynamicSignature.iccDynamicNumber);
  t.like(r.recovered, { format: "05", hashAlgorithm: "01", hashResult: visa.dynamicSignature.hashResult });
  const bad = verifyDynamicSignature(crypto, { iccKey, signedDynamicData: fromHex(visa.signedDynamicDataCorrupted), ddolData: fromHex(visa.ddolData) });
  t.is(bad.verdict, "failed");
  t.is(bad.reason, "trailer");
  const otherDdol = verifyDynamicSignature(crypto, { iccKey, signedDynamicData: fromHex(visa.signedDynamicData), ddolData: fromHex("7FBC4048") });
  t.is(otherDdol.reason, "hash");
});

// openemv/emv-utils tests/emv_rsa_cda_test.c (Mastercard test key F1)
const mc = MASTERCARD_F1_CDA_CARD;

test("Book 2 §6.3, §6.4: the Mastercard test card recovers its 896-bit issuer key under CA key F1 and its ICC certificate's published fields", (t) => {
  const issuer = recoverIssuerKey(crypto, {
    caKey: publishedCaKey(mc.rid, mc.caKeyIndex),
    certificate: fromHex(mc.issuerCertificate),
    exponent: fromHex(mc.issuerExponent),
    pan: fromHex(mc.pan),
    transactionDate: fromHex(mc.transactionDate),
  });
  t.is(issuer.verdict, "valid");
  t.like(issuer.recovered, { ...mc.issuer, modulus: undefined });
  t.is(issuer.publicKey?.modulus, mc.issuer.modulus);
  const icc = recoverIccKey(crypto, {
    issuerKey: rsaKey(issuer.publicKey!),
    certificate: fromHex(mc.iccCertificate),
    remainder: fromHex(mc.iccRemainder),
    exponent: fromHex(mc.iccExponent),
    staticData: empty,
    pan: fromHex(mc.pan),
    transactionDate: fromHex(mc.transactionDate),
  });
  t.like(icc.recovered, { ...mc.icc, modulus: undefined });
  t.is(icc.recovered!.leftmostDigits + mc.iccRemainder, mc.icc.modulus);
});

test("Book 2 §6.6.2 steps 1-9: the Mastercard test card's CDA signature recovers the source's ICC Dynamic Data and verifies over UN 8B55633B", (t) => {
  const iccKey = rsaKey({ modulus: mc.icc.modulus, exponent: mc.iccExponent });
  const response = encodeTlv("77", concat(encodeTlv("9F27", fromHex(mc.cdaSignature.cid)), encodeTlv("9F4B", fromHex(mc.signedDynamicData))));
  const r = verifyCdaSignature(crypto, { iccKey, response, unpredictableNumber: fromHex(mc.unpredictableNumber), pdolData: empty, cdol1Data: empty });
  t.like(r.recovered, mc.cdaSignature);
  t.is(r.computedHash, mc.cdaSignature.hashResult);
  // the source has no GENERATE AC transaction data: the last check, and only it, fails
  t.is(r.reason, "transaction-data-hash");
  const corrupted = encodeTlv("77", concat(encodeTlv("9F27", fromHex("00")), encodeTlv("9F4B", fromHex(mc.signedDynamicDataCorrupted))));
  t.is(verifyCdaSignature(crypto, { iccKey, response: corrupted, unpredictableNumber: fromHex(mc.unpredictableNumber), pdolData: empty, cdol1Data: empty }).reason, "trailer");
});

// lumag/emv-tools test/sda-test.c (Visa production key 01)
test("Book 2 §5: SDA of the emv-tools Visa card under CA key 01 (1024 bits) is valid; the issuer certificate expires 12/09", (t) => {
  const s = VISA_01_SDA_CARD;
  const input = {
    method: "SDA" as const,
    caKeys: PUBLISHED_CA_KEYS,
    rid: fromHex(s.rid),
    caKeyIndex: s.caKeyIndex,
    issuerCertificate: fromHex(s.issuerCertificate),
    issuerRemainder: fromHex(s.issuerRemainder),
    issuerExponent: fromHex(s.issuerExponent),
    pan: fromHex(s.pan),
    transactionDate: fromHex("091231"),
    staticData: fromHex(s.staticData),
    signedStaticData: fromHex(s.signedStaticData),
  };
  const r = authenticate(crypto, input);
  t.is(r.verdict, "valid");
  t.is(r.issuerKey?.recovered?.expiry, "1209");
  t.is(r.issuerKey?.recovered?.issuerIdentifier, "427655FF");
  t.is(r.staticSignature?.dataAuthenticationCode, r.staticSignature?.recovered?.dataAuthenticationCode);
  t.is(authenticate(crypto, { ...input, transactionDate: fromHex("100101") }).reason, "expired");
  // the AIP at the end of the static data is signed too
  t.is(authenticate(crypto, { ...input, staticData: concat(fromHex(s.staticData).subarray(0, -2), fromHex("5800")) }).reason, "hash");
});

// lumag/emv-tools test/dda-test.c and test/cda-test.c (Mastercard production key 05)
const m = MASTERCARD_05_CARD;

test("Book 2 §6.5: DDA of the emv-tools M/Chip card under CA key 05 (1408 bits) is valid with DDOL data 00000000, and fails with other DDOL data", (t) => {
  const r = authenticate(crypto, { method: "DDA", ...mastercard05OdaInput(PUBLISHED_CA_KEYS), signedDynamicData: fromHex(m.ddaSignedDynamicData), ddolData: fromHex(m.ddolData) });
  t.is(r.verdict, "valid");
  t.is(r.iccKey?.recovered?.pan, "528588******5653");
  t.is(r.dynamicSignature?.iccDynamicNumber?.length, 16);
  const other = authenticate(crypto, { method: "DDA", ...mastercard05OdaInput(PUBLISHED_CA_KEYS), signedDynamicData: fromHex(m.ddaSignedDynamicData), ddolData: fromHex("00000001") });
  t.is(other.reason, "hash");
  t.is(other.step, "dynamic-signature");
});

test("Book 2 §6.6: CDA of the emv-tools M/Chip card is valid: CID 40 in signature and response, the transaction data hash over CDOL1 data and the response's objects", (t) => {
  const objects = fromHex(m.responseObjects);
  // 9F27 and 9F36 (9 bytes), then the signature, then 9F10, as the source lists them
  const response = encodeTlv("77", concat(objects.subarray(0, 9), encodeTlv("9F4B", fromHex(m.cdaSignedDynamicData)), objects.subarray(9)));
  const input = { method: "CDA" as const, ...mastercard05OdaInput(PUBLISHED_CA_KEYS), generateAcResponse: response, unpredictableNumber: fromHex(m.unpredictableNumber), pdolData: empty, cdol1Data: fromHex(m.cdol1Data) };
  const r = authenticate(crypto, input);
  t.is(r.verdict, "valid");
  t.is(r.cdaSignature?.cid, "40");
  t.is(r.cdaSignature?.responseCid, "40");
  t.is(r.cdaSignature?.computedTransactionDataHash, r.cdaSignature?.recovered?.transactionDataHashCode);
  t.is(r.cdaSignature?.cryptogram?.length, 16);
  // one byte of the CDOL1 data changed, or 9F36 before 9F27: the transaction data hash fails
  const cdol1 = fromHex(m.cdol1Data);
  cdol1[11] ^= 1;
  t.is(authenticate(crypto, { ...input, cdol1Data: cdol1 }).reason, "transaction-data-hash");
  const swapped = encodeTlv("77", concat(objects.subarray(4, 9), objects.subarray(0, 4), encodeTlv("9F4B", fromHex(m.cdaSignedDynamicData)), objects.subarray(9)));
  t.is(authenticate(crypto, { ...input, generateAcResponse: swapped }).reason, "transaction-data-hash");
  // where the signature sits does not matter: only the other objects are hashed
  const signatureLast = encodeTlv("77", concat(objects, encodeTlv("9F4B", fromHex(m.cdaSignedDynamicData))));
  t.is(authenticate(crypto, { ...input, generateAcResponse: signatureLast }).verdict, "valid");
});
