import test from "ava";
import { concat } from "../../../../modules/core/bytes.ts";
import { fromHex } from "../../../../modules/core/hex.ts";
import { verifyCdaSignature, type CdaSignatureInput } from "../../../../modules/emv/oda/cda-signature.ts";
import { encodeTlv } from "../../../../modules/emv/tlv.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { TEST_ICC_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// GENERATE AC responses whose signatures OpenSSL made under the test ICC key of test-pki.ts.
const crypto = testCrypto();
const cda = TEST_PKI.cda;

function input(response: string | Uint8Array, over: Partial<CdaSignatureInput> = {}): CdaSignatureInput {
  return {
    iccKey: TEST_ICC_KEY,
    response: typeof response === "string" ? fromHex(response) : response,
    unpredictableNumber: fromHex(cda.unpredictableNumber),
    pdolData: fromHex(cda.pdolData),
    cdol1Data: fromHex(cda.cdol1Data),
    ...over,
  };
}

test("Book 2 §6.6.2: a first GENERATE AC (ARQC) with CDA verifies and gives the ICC Dynamic Number, the CID and the cryptogram", (t) => {
  const r = verifyCdaSignature(crypto, input(cda.arqc));
  t.is(r.verdict, "valid");
  t.is(r.iccDynamicNumber, TEST_PKI.iccDynamicNumber);
  t.is(r.cid, "80");
  t.is(r.responseCid, "80");
  t.is(r.cryptogram, "1122334455667788");
  t.is(r.computedTransactionDataHash, r.recovered?.transactionDataHashCode);
  t.is(r.computedHash, r.recovered?.hashResult);
});

test("Book 2 §6.6.2 step 10: the second GENERATE AC's hash covers the CDOL2 data too; without it, or with the first GENERATE AC's data only, it fails", (t) => {
  t.is(verifyCdaSignature(crypto, input(cda.tcSecondGenerateAc, { cdol2Data: fromHex(cda.cdol2Data) })).verdict, "valid");
  t.is(verifyCdaSignature(crypto, input(cda.tcSecondGenerateAc)).reason, "transaction-data-hash");
  t.is(verifyCdaSignature(crypto, input(cda.arqc, { cdol2Data: fromHex(cda.cdol2Data) })).reason, "transaction-data-hash");
});

test("Book 2 §6.6.2 steps 10-12: changed PDOL data, CDOL1 data or an object of the response fails the transaction data hash, and only it", (t) => {
  const pdol = fromHex(cda.pdolData);
  pdol[0] ^= 1;
  t.is(verifyCdaSignature(crypto, input(cda.arqc, { pdolData: pdol })).reason, "transaction-data-hash");
  t.is(verifyCdaSignature(crypto, input(cda.arqc, { pdolData: new Uint8Array(0) })).reason, "transaction-data-hash");
  const cdol1 = fromHex(cda.cdol1Data);
  cdol1[cdol1.length - 1] ^= 1;
  t.is(verifyCdaSignature(crypto, input(cda.arqc, { cdol1Data: cdol1 })).reason, "transaction-data-hash");
  // the ATC 9F36 00 42 becomes 00 43
  const response = fromHex(cda.arqc);
  const atc = cda.arqc.indexOf("9F36020042") / 2 + 4;
  response[atc] = 0x43;
  t.is(verifyCdaSignature(crypto, input(response)).reason, "transaction-data-hash");
});

test("Book 2 §6.6.2 steps 7-9: the signature hashes the Unpredictable Number: another one fails with hash", (t) => {
  t.is(verifyCdaSignature(crypto, input(cda.arqc, { unpredictableNumber: fromHex("5A6B7C8E") })).reason, "hash");
});

test("Book 2 §6.6.2 step 6: a response whose CID (80) differs from the signed one (40) fails with cid", (t) => {
  const r = verifyCdaSignature(crypto, input(cda.cidMismatch));
  t.is(r.reason, "cid");
  t.is(r.recovered?.cid, "40");
  t.is(r.responseCid, "80");
});

test("Book 2 §6.6.1 table 19: ICC Dynamic Data one byte short of the Transaction Data Hash Code fails with dynamic-data-length", (t) => {
  t.is(verifyCdaSignature(crypto, input(cda.dynamicDataShort)).reason, "dynamic-data-length");
});

test("a response without 9F27 or 9F4B is data-missing with the tags; not a template 77, malformed, or a CID of two bytes is response-format", (t) => {
  const sig = encodeTlv("9F4B", new Uint8Array(128));
  const cid = encodeTlv("9F27", Uint8Array.of(0x80));
  t.like(verifyCdaSignature(crypto, input(encodeTlv("77", cid))), { reason: "data-missing", missing: ["9F4B"] });
  t.like(verifyCdaSignature(crypto, input(encodeTlv("77", sig))), { reason: "data-missing", missing: ["9F27"] });
  t.like(verifyCdaSignature(crypto, input(encodeTlv("77", new Uint8Array(0)))), { reason: "data-missing", missing: ["9F27", "9F4B"] });
  // format 1 (80: CID, ATC, AC) carries no signature
  t.is(verifyCdaSignature(crypto, input("800B80004211223344556677 88")).reason, "response-format");
  t.is(verifyCdaSignature(crypto, input(concat(encodeTlv("77", cid), encodeTlv("77", sig)))).reason, "response-format");
  t.is(verifyCdaSignature(crypto, input("7705 9F2701")).reason, "response-format");
  t.is(verifyCdaSignature(crypto, input(encodeTlv("77", concat(encodeTlv("9F27", fromHex("8000")), sig)))).reason, "response-format");
});

test("padding bytes between the response's objects are not data objects: the transaction data hash still verifies", (t) => {
  const response = fromHex(cda.arqc);
  // 77 81 LL: put 00 00 before the first object and grow the length
  const padded = encodeTlv("77", concat(Uint8Array.of(0, 0), response.subarray(3)));
  t.is(verifyCdaSignature(crypto, input(padded)).verdict, "valid");
});
