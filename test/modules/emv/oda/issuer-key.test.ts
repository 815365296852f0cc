import test from "ava";
import { concat } from "../../../../modules/core/bytes.ts";
import { fromHex } from "../../../../modules/core/hex.ts";
import { recoverIssuerKey, type IssuerKeyInput } from "../../../../modules/emv/oda/issuer-key.ts";
import type { OdaReason } from "../../../../modules/emv/oda/reason.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { DATE, PAN, TEST_CA, TEST_ISSUER_KEY } from "./fixtures.ts";
import { TEST_PKI } from "./test-pki.ts";

// Certificates signed by OpenSSL under the test CA of test-pki.ts (see make-test-pki.ts).
const crypto = testCrypto();
const certs = TEST_PKI.issuerCertificates;

function input(cert: { certificate: string; remainder: string } = certs.valid, over: Partial<IssuerKeyInput> = {}): IssuerKeyInput {
  return { caKey: TEST_CA, certificate: fromHex(cert.certificate), remainder: fromHex(cert.remainder), exponent: TEST_ISSUER_KEY.exponent, pan: PAN, transactionDate: DATE, ...over };
}

test("Book 2 §5.3 table 6: a valid certificate gives every field and the issuer key (leftmost digits || 4-byte remainder, exponent 9F32)", (t) => {
  const r = recoverIssuerKey(crypto, input());
  t.is(r.verdict, "valid");
  t.is(r.reason, undefined);
  t.deepEqual(r.recovered, {
    header: "6A",
    format: "02",
    issuerIdentifier: "679999FF",
    expiry: "1230",
    serial: "00A1B2",
    hashAlgorithm: "01",
    publicKeyAlgorithm: "01",
    publicKeyLength: 144,
    exponentLength: 1,
    leftmostDigits: TEST_PKI.issuerKey.modulus.slice(0, 2 * 140),
    hashResult: r.computedHash,
    trailer: "BC",
  });
  t.deepEqual(r.publicKey, TEST_PKI.issuerKey);
  // plain JSON
  t.deepEqual(JSON.parse(JSON.stringify(r)), r);
});

// Each variant changes one field of the valid certificate and is signed over it.
const REASONS: [keyof typeof certs, OdaReason][] = [
  ["header", "header"],
  ["format", "format"],
  ["trailer", "trailer"],
  ["hash", "hash"],
  ["hashAlgorithm", "hash-algorithm"],
  ["otherIssuer", "issuer-identifier"],
  ["shortIdentifier", "issuer-identifier"],
  ["expiredMay2025", "expired"],
  ["expiryMonth13", "expiry-format"],
  ["publicKeyAlgorithm", "public-key-algorithm"],
  ["exponentLength3", "exponent-length"],
];
for (const [variant, reason] of REASONS) {
  test(`Book 2 §5.3: a certificate whose ${variant} is wrong fails with "${reason}" and gives no key`, (t) => {
    const r = recoverIssuerKey(crypto, input(certs[variant]));
    t.is(r.verdict, "failed");
    t.is(r.reason, reason);
    t.is(r.publicKey, undefined);
    t.is(r.recovered?.trailer, variant === "trailer" ? "BD" : "BC");
  });
}

test("Book 2 §5.3 steps 2-4 in order: a changed header is reported as such; the checks before the hash leave computedHash out", (t) => {
  const r = recoverIssuerKey(crypto, input(certs.header));
  t.is(r.recovered?.header, "6B");
  t.is(r.computedHash, undefined);
  const hash = recoverIssuerKey(crypto, input(certs.hash));
  t.not(hash.computedHash, hash.recovered?.hashResult);
  t.is(hash.computedHash?.length, 40);
});

test("Book 2 §5.3 step 1: a certificate shorter or longer than the CA modulus, or empty, fails with length", (t) => {
  const cert = fromHex(certs.valid.certificate);
  for (const c of [cert.subarray(1), concat(cert, Uint8Array.of(0)), concat(Uint8Array.of(0), cert), new Uint8Array(0)]) {
    const r = recoverIssuerKey(crypto, input(undefined, { certificate: c }));
    t.is(r.reason, "length");
    t.is(r.recovered, undefined);
  }
});

test("a certificate that is not below the CA modulus cannot be recovered: not-recoverable", (t) => {
  t.is(recoverIssuerKey(crypto, input(undefined, { certificate: TEST_CA.modulus })).reason, "not-recoverable");
  t.is(recoverIssuerKey(crypto, input(undefined, { certificate: new Uint8Array(TEST_CA.modulus.length).fill(0xff) })).reason, "not-recoverable");
});

test("Book 2 §5.3 step 5: the 1152-bit key does not fit in the 1408-bit certificate: no remainder is remainder-missing, 3 or 5 bytes remainder-length, 4 other bytes hash", (t) => {
  t.is(recoverIssuerKey(crypto, input(undefined, { remainder: undefined })).reason, "remainder-missing");
  t.is(recoverIssuerKey(crypto, input(undefined, { remainder: new Uint8Array(0) })).reason, "remainder-missing");
  const remainder = fromHex(certs.valid.remainder);
  t.is(recoverIssuerKey(crypto, input(undefined, { remainder: remainder.subarray(1) })).reason, "remainder-length");
  t.is(recoverIssuerKey(crypto, input(undefined, { remainder: concat(remainder, Uint8Array.of(0)) })).reason, "remainder-length");
  const other = remainder.slice();
  other[3] ^= 0x02;
  t.is(recoverIssuerKey(crypto, input(undefined, { remainder: other })).reason, "hash");
});

test("Book 2 §5.3 step 5: the exponent 9F32 is hashed: 01 00 01 against a 1-byte length is exponent-length, 05 is hash", (t) => {
  t.is(recoverIssuerKey(crypto, input(undefined, { exponent: fromHex("010001") })).reason, "exponent-length");
  t.is(recoverIssuerKey(crypto, input(undefined, { exponent: fromHex("05") })).reason, "hash");
});

test("Book 2 §5.3 step 8: the Issuer Identifier 679999 must start the PAN (19 digits, F padded); another PAN, a shorter one or one that is not cn fails", (t) => {
  t.is(recoverIssuerKey(crypto, input(undefined, { pan: fromHex("6799998900000060018F") })).verdict, "valid");
  t.is(recoverIssuerKey(crypto, input(undefined, { pan: fromHex("6799991234567890") })).verdict, "valid");
  t.is(recoverIssuerKey(crypto, input(undefined, { pan: fromHex("6799989900000060018F") })).reason, "issuer-identifier");
  t.is(recoverIssuerKey(crypto, input(undefined, { pan: fromHex("6799") })).reason, "issuer-identifier");
  t.is(recoverIssuerKey(crypto, input(undefined, { pan: fromHex("67999A8900000060") })).reason, "issuer-identifier");
});

test("Book 2 §5.3 step 9: a certificate expiring 12/30 is good through 2030-12-31 and expired on 2031-01-01", (t) => {
  t.is(recoverIssuerKey(crypto, input(undefined, { transactionDate: fromHex("301231") })).verdict, "valid");
  t.is(recoverIssuerKey(crypto, input(undefined, { transactionDate: fromHex("310101") })).reason, "expired");
  // Book 4 date management: 99 is 1999, 49 is 2049
  t.is(recoverIssuerKey(crypto, input(undefined, { transactionDate: fromHex("991231") })).verdict, "valid");
  t.is(recoverIssuerKey(crypto, input(undefined, { transactionDate: fromHex("490101") })).reason, "expired");
});

test("Book 2 §5.3 step 10: RID A000009999, index E1 and serial 00A1B2 on the revocation list is revoked; a list naming another serial, index or RID is not", (t) => {
  const rid = TEST_CA.rid;
  const serial = fromHex("00A1B2");
  t.is(recoverIssuerKey(crypto, input(undefined, { revoked: [{ rid, index: 0xe1, serial }] })).reason, "revoked");
  const others = [
    { rid, index: 0xe1, serial: fromHex("00A1B3") },
    { rid, index: 0xe2, serial },
    { rid: fromHex("A000009998"), index: 0xe1, serial },
  ];
  t.is(recoverIssuerKey(crypto, input(undefined, { revoked: others })).verdict, "valid");
  t.is(recoverIssuerKey(crypto, input(undefined, { revoked: [...others, { rid, index: 0xe1, serial }] })).reason, "revoked");
});

test("a CA key the crypto port cannot use (even modulus) is public-key-invalid, not an exception", (t) => {
  const modulus = TEST_CA.modulus.slice();
  modulus[modulus.length - 1] &= 0xfe;
  t.is(recoverIssuerKey(crypto, input(undefined, { caKey: { ...TEST_CA, modulus } })).reason, "public-key-invalid");
});

test("a transaction date that is not YYMMDD in BCD is the terminal's fault: ODA_DATE", (t) => {
  for (const d of ["251301", "250600", "250632", "2506", "25061A", "00250615"]) {
    t.throws(() => recoverIssuerKey(crypto, input(undefined, { transactionDate: fromHex(d) })), { code: "ODA_DATE" }, d);
  }
});
