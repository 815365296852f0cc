import test from "ava";
import { concat } from "../../../../modules/core/bytes.ts";
import { fromHex } from "../../../../modules/core/hex.ts";
import { recoverIccKey, type IccKeyInput } from "../../../../modules/emv/oda/icc-key.ts";
import type { OdaReason } from "../../../../modules/emv/oda/reason.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { DATE, PAN, STATIC_DATA, TEST_ICC_KEY, TEST_ISSUER_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// ICC certificates signed by OpenSSL under the test issuer key of test-pki.ts (see make-test-pki.ts).
const crypto = testCrypto();
const certs = TEST_PKI.iccCertificates;

function input(cert: { certificate: string; remainder: string } = certs.valid, over: Partial<IccKeyInput> = {}): IccKeyInput {
  return {
    issuerKey: TEST_ISSUER_KEY,
    certificate: fromHex(cert.certificate),
    remainder: fromHex(cert.remainder),
    exponent: TEST_ICC_KEY.exponent,
    staticData: STATIC_DATA,
    pan: PAN,
    transactionDate: DATE,
    ...over,
  };
}

test("Book 2 §6.4 table 14: a valid certificate gives every field, the PAN masked, and the ICC key (leftmost digits || 26-byte remainder, exponent 01 00 01)", (t) => {
  const r = recoverIccKey(crypto, input());
  t.is(r.verdict, "valid");
  t.deepEqual(r.recovered, {
    header: "6A",
    format: "04",
    pan: "679999*********0018",
    expiry: "0628",
    serial: "000042",
    hashAlgorithm: "01",
    publicKeyAlgorithm: "01",
    publicKeyLength: 128,
    exponentLength: 3,
    leftmostDigits: TEST_PKI.iccKey.modulus.slice(0, 2 * 102),
    hashResult: r.computedHash,
    trailer: "BC",
  });
  t.deepEqual(r.publicKey, TEST_PKI.iccKey);
  t.false(JSON.stringify(r).includes("6799998900000060018"));
});

const REASONS: [keyof typeof certs, OdaReason][] = [
  ["header", "header"],
  ["format", "format"],
  ["trailer", "trailer"],
  ["hash", "hash"],
  ["otherStaticData", "hash"],
  ["hashAlgorithm", "hash-algorithm"],
  ["otherPan", "pan"],
  ["expiredMay2025", "expired"],
  ["expiryMonth00", "expiry-format"],
  ["publicKeyAlgorithm", "public-key-algorithm"],
  ["exponentLength1", "exponent-length"],
];
for (const [variant, reason] of REASONS) {
  test(`Book 2 §6.4: an ICC certificate whose ${variant} is wrong fails with "${reason}" and gives no key`, (t) => {
    const r = recoverIccKey(crypto, input(certs[variant]));
    t.is(r.verdict, "failed");
    t.is(r.reason, reason);
    t.is(r.publicKey, undefined);
  });
}

test("Book 2 §6.4 step 5: the certificate signs the static data to be authenticated: one byte changed, the AIP left out, or nothing, and the hash fails", (t) => {
  const changed = STATIC_DATA.slice();
  changed[5] ^= 0x10;
  t.is(recoverIccKey(crypto, input(undefined, { staticData: changed })).reason, "hash");
  t.is(recoverIccKey(crypto, input(undefined, { staticData: STATIC_DATA.subarray(0, -2) })).reason, "hash");
  t.is(recoverIccKey(crypto, input(undefined, { staticData: new Uint8Array(0) })).reason, "hash");
});

test("Book 2 §6.4 step 1: an ICC certificate shorter or longer than the issuer modulus fails with length", (t) => {
  const cert = fromHex(certs.valid.certificate);
  t.is(recoverIccKey(crypto, input(undefined, { certificate: cert.subarray(0, -1) })).reason, "length");
  t.is(recoverIccKey(crypto, input(undefined, { certificate: concat(cert, Uint8Array.of(0)) })).reason, "length");
});

test("Book 2 §6.4 step 5: the 1024-bit ICC key needs its 26-byte remainder (9F48): missing, or 25 bytes, fails", (t) => {
  t.is(recoverIccKey(crypto, input(undefined, { remainder: undefined })).reason, "remainder-missing");
  t.is(recoverIccKey(crypto, input(undefined, { remainder: fromHex(certs.valid.remainder).subarray(1) })).reason, "remainder-length");
});

test("Book 2 §6.4 step 8: the certificate's PAN must be the card's, all 19 digits: a 16-digit PAN sharing its start does not match", (t) => {
  t.is(recoverIccKey(crypto, input(undefined, { pan: fromHex("6799998900000060") })).reason, "pan");
  t.is(recoverIccKey(crypto, input(undefined, { pan: fromHex("6799998900000060018FFF") })).verdict, "valid");
});

test("Book 2 §6.4 step 9: the certificate expiring 06/28 is good through 2028-06-30, expired on 2028-07-01", (t) => {
  t.is(recoverIccKey(crypto, input(undefined, { transactionDate: fromHex("280630") })).verdict, "valid");
  t.is(recoverIccKey(crypto, input(undefined, { transactionDate: fromHex("280701") })).reason, "expired");
});

test("an ICC certificate recovered with another key than its issuer's does not verify", (t) => {
  // the ICC key is shorter than the certificate: step 1
  t.is(recoverIccKey(crypto, input(undefined, { issuerKey: TEST_ICC_KEY })).reason, "length");
});
