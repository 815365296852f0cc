/**
 * Writes test-pki.ts: a test CA, issuer and card whose certificates and
 * signatures are signed by OpenSSL (node:crypto's raw RSA private
 * operation), one for each way EMV 4.4 Book 2 §5 and §6 make offline data
 * authentication fail. The verification under test only does public
 * operations, so these fixtures check it against an independent signer;
 * they are plain hex so that the same suite runs on XS.
 *
 *   npx tsx test/modules/emv/oda/make-test-pki.ts
 *
 * Each run draws new RSA keys (the private keys are never written), so
 * every fixture changes together; the tests read the keys from the file.
 */
import { constants, createHash, generateKeyPairSync, privateDecrypt, type KeyObject } from "node:crypto";
import { writeFileSync } from "node:fs";

const hex = (b: Uint8Array | Buffer) => Buffer.from(b).toString("hex").toUpperCase();
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ""), "hex");
const sha1 = (...parts: Buffer[]) => createHash("sha1").update(Buffer.concat(parts)).digest();

interface Pair {
  privateKey: KeyObject;
  modulus: Buffer;
  exponent: Buffer;
}

function rsa(bits: number, exponent: number): Pair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: exponent });
  const jwk = publicKey.export({ format: "jwk" });
  return { privateKey, modulus: Buffer.from(jwk.n!, "base64url"), exponent: Buffer.from(jwk.e!, "base64url") };
}

/** The signature giving message recovery of Book 2 annex A2.1: the message to the private exponent, no padding. */
function sign(key: Pair, message: Buffer): Buffer {
  if (message.length !== key.modulus.length) throw new Error(`message of ${message.length} bytes for a ${key.modulus.length}-byte key`);
  return privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, message);
}

/** 6A || fields || hash || BC, where the hash covers the fields and `hashed` (Book 2 tables 6, 7, 14, 17, 22). */
function signed(key: Pair, fields: Buffer, hashed: Buffer[], change: Change = {}): Buffer {
  let hash = sha1(change.hashedFields ?? fields, ...hashed);
  if (change.hash) hash = Buffer.from(hash.map((b, i) => (i === 0 ? b ^ 0x01 : b)));
  const message = Buffer.concat([Buffer.of(change.header ?? 0x6a), fields, hash, Buffer.of(change.trailer ?? 0xbc)]);
  return sign(key, message);
}

interface Change {
  header?: number;
  trailer?: number;
  /** flip a bit of the hash */
  hash?: boolean;
  /** hash these fields instead of the certificate's */
  hashedFields?: Buffer;
}

const RID = bytes("A000009999");
const CA_INDEX = 0xe1;
const ca = rsa(1408, 3);
const issuer = rsa(1152, 3);
const icc = rsa(1024, 65537);
// a 19-digit PAN, so that the card's PAN (5A) and the ICC certificate's both end in F padding
const PAN = bytes("6799998900000060018F");
const TRANSACTION_DATE = "250615";
// the records' data (5F24, 5A, 5F34, 8E ...) then the AIP, as 9F4A = 82 asks
const STATIC_DATA = bytes("5F24032812315A0A6799998900000060018F5F3401018E0A00000000000000000203 5C00");

interface IssuerCert {
  format?: number;
  identifier?: string;
  expiry?: string;
  serial?: string;
  hashAlgorithm?: number;
  pkAlgorithm?: number;
  exponentLength?: number;
  change?: Change;
}

/** Book 2 §5.3 table 6 (the data of table 2 signed by the CA). */
function issuerCertificate(c: IssuerCert = {}): { certificate: string; remainder: string } {
  const field = ca.modulus.length - 36;
  const key = issuer.modulus;
  const leftmost = key.length > field ? key.subarray(0, field) : Buffer.concat([key, Buffer.alloc(field - key.length, 0xbb)]);
  const remainder = key.length > field ? key.subarray(field) : Buffer.alloc(0);
  const fields = Buffer.concat([
    Buffer.of(c.format ?? 0x02),
    bytes(c.identifier ?? "679999FF"),
    bytes(c.expiry ?? "1230"),
    bytes(c.serial ?? "00A1B2"),
    Buffer.of(c.hashAlgorithm ?? 0x01, c.pkAlgorithm ?? 0x01, key.length, c.exponentLength ?? issuer.exponent.length),
    leftmost,
  ]);
  return { certificate: hex(signed(ca, fields, [remainder, issuer.exponent], c.change)), remainder: hex(remainder) };
}

interface IccCert {
  format?: number;
  pan?: string;
  expiry?: string;
  hashAlgorithm?: number;
  pkAlgorithm?: number;
  exponentLength?: number;
  staticData?: Buffer;
  change?: Change;
}

/** Book 2 §6.4 table 14 (the data of table 13 signed by the issuer, with the static data). */
function iccCertificate(c: IccCert = {}): { certificate: string; remainder: string } {
  const field = issuer.modulus.length - 42;
  const key = icc.modulus;
  const leftmost = key.length > field ? key.subarray(0, field) : Buffer.concat([key, Buffer.alloc(field - key.length, 0xbb)]);
  const remainder = key.length > field ? key.subarray(field) : Buffer.alloc(0);
  const fields = Buffer.concat([
    Buffer.of(c.format ?? 0x04),
    bytes(c.pan ?? hex(PAN)),
    bytes(c.expiry ?? "0628"),
    bytes("000042"),
    Buffer.of(c.hashAlgorithm ?? 0x01, c.pkAlgorithm ?? 0x01, key.length, c.exponentLength ?? icc.exponent.length),
    leftmost,
  ]);
  return { certificate: hex(signed(issuer, fields, [remainder, icc.exponent, c.staticData ?? STATIC_DATA], c.change)), remainder: hex(remainder) };
}

/** Book 2 §5.4 table 7 (table 3 signed by the issuer). */
function staticSignature(c: { format?: number; hashAlgorithm?: number; staticData?: Buffer; change?: Change } = {}): string {
  const fields = Buffer.concat([Buffer.of(c.format ?? 0x03, c.hashAlgorithm ?? 0x01), bytes("DAC1"), Buffer.alloc(issuer.modulus.length - 26, 0xbb)]);
  return hex(signed(issuer, fields, [c.staticData ?? STATIC_DATA], c.change));
}

/** Book 2 §6.5.2 table 17 and §6.6.2 table 22: format 05, LDD, the dynamic data, BB padding. */
function dynamicSignature(dynamic: Buffer, terminalData: Buffer, c: { format?: number; hashAlgorithm?: number; ldd?: number; change?: Change } = {}): string {
  const pad = icc.modulus.length - dynamic.length - 25;
  const fields = Buffer.concat([Buffer.of(c.format ?? 0x05, c.hashAlgorithm ?? 0x01, c.ldd ?? dynamic.length), dynamic, Buffer.alloc(pad, 0xbb)]);
  return hex(signed(icc, fields, [terminalData], c.change));
}

const DDOL_DATA = bytes("11223344");
const IDN = bytes("0809A1B2C3D4E5F607");

// CDA: a first GENERATE AC asking for an ARQC, and a second one for a TC
const UN = bytes("5A6B7C8D");
const PDOL_DATA = bytes("0000000010000978");
const CDOL1_DATA = bytes("000000001000 000000000000 0978 0000000000 0978 250615 00 5A6B7C8D 22 1E0300");
const CDOL2_DATA = bytes("3030 0000008000 5A6B7C8D");

function tlv(tag: string, value: Buffer): Buffer {
  const length = value.length < 0x80 ? Buffer.of(value.length) : Buffer.of(0x81, value.length);
  return Buffer.concat([bytes(tag), length, value]);
}

/** ICC Dynamic Data of CDA, Book 2 §6.6.1 table 19. */
function cdaDynamic(cid: number, cryptogram: Buffer, transactionHash: Buffer): Buffer {
  return Buffer.concat([IDN, Buffer.of(cid), cryptogram, transactionHash]);
}

interface CdaCase {
  cid: number;
  signedCid?: number;
  cdol2?: boolean;
  dynamicCut?: number;
}

/** A GENERATE AC response (template 77) with CDA, and the transaction data it signs. */
function cdaResponse(c: CdaCase): string {
  const atc = tlv("9F36", bytes("0042"));
  const iad = tlv("9F10", bytes("0601 0A03 A00000"));
  const cidTlv = tlv("9F27", Buffer.of(c.cid));
  const cryptogram = bytes(c.cid === 0x80 ? "1122334455667788" : "8877665544332211");
  const transactionHash = sha1(PDOL_DATA, CDOL1_DATA, c.cdol2 ? CDOL2_DATA : Buffer.alloc(0), cidTlv, atc, iad);
  let dynamic = cdaDynamic(c.signedCid ?? c.cid, cryptogram, transactionHash);
  if (c.dynamicCut) dynamic = dynamic.subarray(0, dynamic.length - c.dynamicCut);
  const signature = bytes(dynamicSignature(dynamic, UN));
  return hex(tlv("77", Buffer.concat([cidTlv, atc, tlv("9F4B", signature), iad])));
}

const out = {
  rid: hex(RID),
  caIndex: CA_INDEX,
  ca: { modulus: hex(ca.modulus), exponent: hex(ca.exponent), checksum: hex(sha1(RID, Buffer.of(CA_INDEX), ca.modulus, ca.exponent)) },
  issuerKey: { modulus: hex(issuer.modulus), exponent: hex(issuer.exponent) },
  iccKey: { modulus: hex(icc.modulus), exponent: hex(icc.exponent) },
  pan: hex(PAN),
  transactionDate: TRANSACTION_DATE,
  staticData: hex(STATIC_DATA),
  issuerCertificates: {
    valid: issuerCertificate(),
    header: issuerCertificate({ change: { header: 0x6b } }),
    format: issuerCertificate({ format: 0x04 }),
    trailer: issuerCertificate({ change: { trailer: 0xbd } }),
    hash: issuerCertificate({ change: { hash: true } }),
    hashAlgorithm: issuerCertificate({ hashAlgorithm: 0x02 }),
    otherIssuer: issuerCertificate({ identifier: "541333FF" }),
    shortIdentifier: issuerCertificate({ identifier: "67FFFFFF" }),
    expiredMay2025: issuerCertificate({ expiry: "0525" }),
    expiryMonth13: issuerCertificate({ expiry: "1330" }),
    publicKeyAlgorithm: issuerCertificate({ pkAlgorithm: 0x02 }),
    exponentLength3: issuerCertificate({ exponentLength: 3 }),
  },
  iccCertificates: {
    valid: iccCertificate(),
    header: iccCertificate({ change: { header: 0x6b } }),
    format: iccCertificate({ format: 0x02 }),
    trailer: iccCertificate({ change: { trailer: 0xbd } }),
    hash: iccCertificate({ change: { hash: true } }),
    otherStaticData: iccCertificate({ staticData: bytes("5C00") }),
    hashAlgorithm: iccCertificate({ hashAlgorithm: 0x02 }),
    otherPan: iccCertificate({ pan: "6799998900000060026F" }),
    expiredMay2025: iccCertificate({ expiry: "0525" }),
    expiryMonth00: iccCertificate({ expiry: "0028" }),
    publicKeyAlgorithm: iccCertificate({ pkAlgorithm: 0x02 }),
    exponentLength1: iccCertificate({ exponentLength: 1 }),
  },
  staticSignatures: {
    valid: staticSignature(),
    header: staticSignature({ change: { header: 0x6b } }),
    format: staticSignature({ format: 0x05 }),
    trailer: staticSignature({ change: { trailer: 0xbd } }),
    otherStaticData: staticSignature({ staticData: bytes("5C00") }),
    hashAlgorithm: staticSignature({ hashAlgorithm: 0x02 }),
  },
  ddolData: hex(DDOL_DATA),
  iccDynamicNumber: hex(IDN.subarray(1)),
  dynamicSignatures: {
    valid: dynamicSignature(IDN, DDOL_DATA),
    header: dynamicSignature(IDN, DDOL_DATA, { change: { header: 0x6b } }),
    format: dynamicSignature(IDN, DDOL_DATA, { format: 0x03 }),
    trailer: dynamicSignature(IDN, DDOL_DATA, { change: { trailer: 0xbd } }),
    otherDdolData: dynamicSignature(IDN, bytes("11223345")),
    hashAlgorithm: dynamicSignature(IDN, DDOL_DATA, { hashAlgorithm: 0x02 }),
    numberLength1: dynamicSignature(bytes("0107"), DDOL_DATA),
    numberLength9: dynamicSignature(bytes("09112233445566778899"), DDOL_DATA),
    lddPastPadding: dynamicSignature(IDN, DDOL_DATA, { ldd: 0xff }),
  },
  cda: {
    unpredictableNumber: hex(UN),
    pdolData: hex(PDOL_DATA),
    cdol1Data: hex(CDOL1_DATA),
    cdol2Data: hex(CDOL2_DATA),
    arqc: cdaResponse({ cid: 0x80 }),
    tcSecondGenerateAc: cdaResponse({ cid: 0x40, cdol2: true }),
    cidMismatch: cdaResponse({ cid: 0x80, signedCid: 0x40 }),
    dynamicDataShort: cdaResponse({ cid: 0x80, dynamicCut: 1 }),
  },
};

const header = `/*
 * Generated by make-test-pki.ts (npx tsx test/modules/emv/oda/make-test-pki.ts): a test
 * CA (1408 bits, exponent 3), issuer (1152 bits, exponent 3) and card (1024 bits, exponent
 * 65537) whose keys node:crypto drew and whose certificates and signatures OpenSSL signed
 * with RSA without padding, as EMV 4.4 Book 2 annex A2.1 signs. The issuer key needs a
 * 4-byte remainder, the card key a 26-byte one. Each variant changes one thing of the
 * valid one, and is signed over its change (the hash fits it) unless the change is the hash.
 * PAN 6799998900000060018 (19 digits), transaction date 2025-06-15. Do not edit by hand.
 */

/** Test PKI fixtures, hex. */
export const TEST_PKI = ${JSON.stringify(out, null, 2)};
`;
writeFileSync(new URL("./test-pki.ts", import.meta.url), header);
