/**
 * Each test card through a contact transaction as an EMV 4.4 Book 3
 * kernel drives it: SELECT of the PSE and its directory, SELECT of the
 * application, GET PROCESSING OPTIONS, READ RECORD, INTERNAL AUTHENTICATE,
 * VERIFY, GET DATA, GENERATE AC twice, EXTERNAL AUTHENTICATE. Signatures
 * are recovered with OpenSSL; cryptograms are checked with the issuer-side
 * code (modules/emv/cryptogram.ts) on OpenSSL's DES, the card having made
 * them with the software backend.
 */
import test, { type ExecutionContext } from "ava";
import { NodeCrypto } from "../../../hosts/node/node-crypto.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { isXsposError } from "../../../modules/core/error.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { arpcMethod1, arpcMethod2, deriveIccMasterKey, emvSessionKey, verifyApplicationCryptogram } from "../../../modules/emv/cryptogram.ts";
import { findTlv, parseTlvTree } from "../../../modules/emv/tlv.ts";
import { createEmvCardFromJson, type EmvCard } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { testCrypto } from "../../support/crypto.ts";
import {
  ascii,
  bytes,
  caKey,
  card,
  dolData,
  generateAcObjects,
  getData,
  profileJson,
  readRecord,
  recover,
  selectAndRead,
  selectName,
  send,
  sha1,
  terminalValues,
  type ReadCard,
} from "./support.ts";

const host = new NodeCrypto();
const ARQC = 0x80;
const TC = 0x40;
const AAC = 0x00;

/** The issuer's keys for one application of a profile (Book 2 A1.4 option A). */
function issuer(name: string, index = 0) {
  const app = profileJson(name).applications[index];
  const pan = app.data["5A"].replace(/F+$/, "");
  const mk = deriveIccMasterKey(host, bytes(app.cryptogram.imk), pan, app.data["5F34"] ?? "00", app.cryptogram.masterKey ?? "optionA");
  return { app, mk, acData: (app.cryptogram.acData ?? ["82", "9F36", "9F10"]) as string[] };
}

/** Checks a cryptogram as the issuer does: CDOL data, then AIP / ATC / IAD as the profile lists them. */
function checkCryptogram(t: ExecutionContext, name: string, cdolData: Uint8Array, objects: Map<string, Uint8Array>, cryptogram: Uint8Array, index = 0): void {
  const { app, mk, acData } = issuer(name, index);
  const atc = objects.get("9F36")!;
  const parts: Record<string, Uint8Array> = { "82": bytes(app.aip), "9F36": atc, "9F10": objects.get("9F10")! };
  const data = concat(cdolData, ...acData.map((tag) => parts[tag]));
  t.true(verifyApplicationCryptogram(host, emvSessionKey(host, mk, atc), data, cryptogram), "the issuer verifies the cryptogram");
}

/** The ICC public key, recovered from the card's certificates under the test CA (Book 2 §6.3, §6.4). */
function iccKey(read: ReadCard) {
  const ca = caKey(toHex(read.aid.subarray(0, 5)), toHex(read.data.get("8F")!));
  const nca = ca.modulus.length;
  const ir = recover(ca.modulus, ca.exponent, read.data.get("90")!);
  const ni = ir[13];
  const issuerModulus = ni > nca - 36 ? concat(ir.subarray(15, nca - 21), read.data.get("92")!) : ir.slice(15, 15 + ni);
  const cr = recover(issuerModulus, read.data.get("9F32")!, read.data.get("9F46")!);
  const nic = cr[19];
  const modulus = nic > ni - 42 ? concat(cr.subarray(21, ni - 21), read.data.get("9F48")!) : cr.slice(21, 21 + nic);
  return { modulus, exponent: read.data.get("9F47")! };
}

/** INTERNAL AUTHENTICATE and the recovered signature's table 17 fields; returns the ICC Dynamic Number. */
function dda(t: ExecutionContext, c: EmvCard, read: ReadCard): Uint8Array {
  const ddolData = dolData(read.data.get("9F49") ?? bytes("9F3704"), terminalValues());
  const answer = send(c, 0x00, 0x88, 0, 0, ddolData, 256);
  t.is(answer.sw, 0x9000);
  const [top] = parseTlvTree(answer.data);
  const signed = top.tag === "80" ? top.value : findTlv(top.children!, "9F4B")!.value;
  const key = iccKey(read);
  const r = recover(key.modulus, key.exponent, signed);
  const n = r.length;
  t.is(r[0], 0x6a);
  t.is(r[1], 0x05, "Signed Data Format 05");
  t.is(r[2], 0x01);
  const ldd = r[3];
  t.is(r[4], ldd - 1, "the dynamic data is the ICC Dynamic Number's length and the number");
  t.true(r.subarray(4 + ldd, n - 21).every((b) => b === 0xbb));
  t.is(toHex(r.subarray(n - 21, n - 1)), toHex(sha1(r.subarray(1, n - 21), ddolData)), "hash over the fields and the DDOL data");
  t.is(r[n - 1], 0xbc);
  return r.slice(5, 4 + ldd);
}

function generateAc(c: EmvCard, p1: number, cdolData: Uint8Array) {
  const answer = send(c, 0x80, 0xae, p1, 0x00, cdolData, 256);
  return { sw: answer.sw, objects: answer.sw === 0x9000 ? generateAcObjects(answer.data) : new Map<string, Uint8Array>() };
}

/** The PSE and its directory: one entry per application, then 6A83. */
function readDirectory(t: ExecutionContext, c: EmvCard, name: string): void {
  const pse = selectName(c, ascii("1PAY.SYS.DDF01"));
  t.is(pse.sw, 0x9000);
  const fci = parseTlvTree(pse.data);
  t.is(toHex(findTlv(fci, "88")!.value), "01", "the directory's SFI");
  const apps = profileJson(name).applications as any[];
  apps.forEach((app, i) => {
    const record = readRecord(c, 1, i + 1);
    t.is(record.sw, 0x9000);
    const tree = parseTlvTree(record.data);
    t.is(toHex(findTlv(tree, "4F")!.value), app.aid);
    t.is(String.fromCharCode(...findTlv(tree, "50")!.value), app.label);
  });
  t.is(readRecord(c, 1, apps.length + 1).sw, 0x6a83, "past the last entry: record not found");
}

/** The online path: first GENERATE AC ARQC, issuer authentication, second GENERATE AC with the host's answer. */
function online(t: ExecutionContext, name: string, c: EmvCard, read: ReadCard, arc = "00", expectSecond = 0x40): void {
  const { app, mk } = issuer(name);
  const values = terminalValues(12_345, { "8A": toHex(ascii(arc)) });
  const cdol1 = dolData(read.data.get("8C"), values);
  const first = generateAc(c, ARQC, cdol1);
  t.is(first.sw, 0x9000);
  t.is(toHex(first.objects.get("9F27")!), "80", "ARQC");
  t.is(toHex(first.objects.get("9F36")!), (app.atc + 1).toString(16).toUpperCase().padStart(4, "0"), "the ATC moved on by one");
  const arqc = first.objects.get("9F26")!;
  checkCryptogram(t, name, cdol1, first.objects, arqc);
  const arpcKey = app.cryptogram.arpcKey === "master-key" ? mk : emvSessionKey(host, mk, first.objects.get("9F36")!);
  let issuerData: Uint8Array;
  if ((app.cryptogram.arpcMethod ?? 1) === 2) {
    const csu = bytes("00800000");
    issuerData = concat(arpcMethod2(host, arpcKey, arqc, csu), csu);
  } else issuerData = concat(arpcMethod1(host, arpcKey, arqc, ascii(arc)), ascii(arc));
  if (bytes(app.aip)[0] & 0x04) t.is(send(c, 0x00, 0x82, 0, 0, issuerData).sw, 0x9000, "EXTERNAL AUTHENTICATE: the ARPC checks");
  values.set("91", issuerData);
  const cdol2 = dolData(read.data.get("8D"), values);
  const second = generateAc(c, TC, cdol2);
  t.is(second.sw, 0x9000);
  t.is(second.objects.get("9F27")![0], expectSecond, expectSecond === 0x40 ? "TC" : "AAC");
  checkCryptogram(t, name, cdol2, second.objects, second.objects.get("9F26")!);
  t.is(generateAc(c, TC, cdol2).sw, 0x6985, "no third GENERATE AC");
}

test("sda: directory, application, records, a TC offline under its 50.00 limit, the cryptogram checks", (t) => {
  const c = card("sda");
  readDirectory(t, c, "sda");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(toHex(read.aip), "5C00");
  t.is(send(c, 0x00, 0x88, 0, 0, bytes("01020304"), 256).sw, 0x6a81, "no INTERNAL AUTHENTICATE without an ICC key");
  t.deepEqual(getData(c, 0x9f36).data, bytes("9F36020011"), "GET DATA ATC");
  t.deepEqual(getData(c, 0x9f13).data, bytes("9F13020010"), "GET DATA last online ATC");
  t.deepEqual(getData(c, 0x9f14).data, bytes("9F140103"));
  t.is(getData(c, 0x9f17).sw, 0x6a88, "no PIN Try Counter without an offline PIN");
  const cdol1 = dolData(read.data.get("8C"), terminalValues(3_000));
  const first = generateAc(c, TC, cdol1);
  t.is(first.objects.get("9F27")![0], 0x40, "TC");
  checkCryptogram(t, "sda", cdol1, first.objects, first.objects.get("9F26")!);
  const iad = first.objects.get("9F10")!;
  t.is(iad.length, 7);
  t.is(toHex(iad.subarray(0, 4)), "06011203", "IAD: length 06, DKI 01, CVN 12, CVR length 03");
  t.is(iad[4], 0x90, "CVR: second GENERATE AC not requested, first a TC");
  t.is(generateAc(c, TC, dolData(read.data.get("8D"), terminalValues())).sw, 0x6985, "a TC ends the transaction");
});

test("sda: over its offline limit the card asks to go online even when the terminal asks for a TC", (t) => {
  const c = card("sda");
  const read = selectAndRead(c, bytes("A0000000031010"));
  const first = generateAc(c, TC, dolData(read.data.get("8C"), terminalValues(10_000)));
  t.is(first.objects.get("9F27")![0], 0x80);
});

test("dda: INTERNAL AUTHENTICATE signs over the DDOL data; online with ARPC method 2 by EXTERNAL AUTHENTICATE; TC", (t) => {
  const c = card("dda");
  readDirectory(t, c, "dda");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(toHex(read.aip), "3C00");
  const number = dda(t, c, read);
  t.is(number.length, 8);
  t.deepEqual(getData(c, 0x9f4f).data.subarray(0, 3), bytes("9F4F0E"), "GET DATA log format");
  online(t, "dda", c, read);
  t.deepEqual(c.status(), { aid: "A0000000031010", atc: 18, lastOnlineAtc: 18, blocked: false });
});

test("cda: GENERATE AC with CDA asked for returns the cryptogram inside the signature (Book 2 §6.6 table 22), first and second", (t) => {
  const c = card("cda");
  const read = selectAndRead(c, bytes("A0000000041010"), terminalValues());
  t.is(toHex(read.pdolData), "034422", "PDOL data: terminal country code and terminal type");
  const { mk } = issuer("cda");
  const key = iccKey(read);
  const values = terminalValues();
  const cdol1 = dolData(read.data.get("8C"), values);
  const un = values.get("9F37")!;
  const check = (answer: { objects: Map<string, Uint8Array> }, cdolData: Uint8Array[]) => {
    const o = answer.objects;
    t.false(o.has("9F26"), "no cryptogram in clear");
    const r = recover(key.modulus, key.exponent, o.get("9F4B")!);
    const n = r.length;
    t.is(r[0], 0x6a);
    t.is(r[1], 0x05);
    t.is(r[2], 0x01);
    const ldd = r[3];
    const dynamic = r.subarray(4, 4 + ldd);
    const numberLength = dynamic[0];
    t.is(ldd, 1 + numberLength + 1 + 8 + 20, "table 19: number length, number, CID, cryptogram, transaction data hash");
    t.is(dynamic[1 + numberLength], o.get("9F27")![0], "the signed CID is the response's");
    const cryptogram = dynamic.subarray(2 + numberLength, 10 + numberLength);
    const transactionHash = dynamic.subarray(10 + numberLength);
    // Book 2 §6.6.1: PDOL data, CDOL1 (and CDOL2) data, then the response's objects but 9F4B, as TLV in order
    const responseObjects = concat(bytes("9F2701"), o.get("9F27")!, bytes("9F3602"), o.get("9F36")!, bytes("9F10"), Uint8Array.of(o.get("9F10")!.length), o.get("9F10")!);
    t.is(toHex(transactionHash), toHex(sha1(read.pdolData, ...cdolData, responseObjects)), "Transaction Data Hash Code");
    t.is(toHex(r.subarray(n - 21, n - 1)), toHex(sha1(r.subarray(1, n - 21), un)), "hash over the fields and the Unpredictable Number");
    t.is(r[n - 1], 0xbc);
    return cryptogram;
  };
  const first = generateAc(c, ARQC | 0x10, cdol1);
  t.is(first.objects.get("9F27")![0], 0x80);
  const arqc = check(first, [cdol1]);
  checkCryptogram(t, "cda", cdol1, first.objects, arqc);
  t.is(send(c, 0x00, 0x82, 0, 0, new Uint8Array(10)).sw, 0x6a81, "issuer authentication goes through CDOL2 on this card");
  const arc = ascii("00");
  values.set("91", concat(arpcMethod1(host, mk, arqc, arc), arc));
  const cdol2 = dolData(read.data.get("8D"), values);
  const second = generateAc(c, TC | 0x10, cdol2);
  t.is(second.objects.get("9F27")![0], 0x40, "TC");
  const tc = check(second, [cdol1, cdol2]);
  checkCryptogram(t, "cda", cdol2, second.objects, tc);
});

test("cda: a wrong ARPC in CDOL2 makes the card decline (AAC, not signed)", (t) => {
  const c = card("cda");
  const read = selectAndRead(c, bytes("A0000000041010"));
  const values = terminalValues();
  generateAc(c, ARQC | 0x10, dolData(read.data.get("8C"), values));
  values.set("91", concat(new Uint8Array(8).fill(0x55), ascii("00")));
  const second = generateAc(c, TC | 0x10, dolData(read.data.get("8D"), values));
  t.is(second.objects.get("9F27")![0], 0x00, "AAC");
  t.true(second.objects.has("9F26"), "an AAC travels in clear");
  t.is(second.objects.get("9F10")![4] & 0x08, 0x08, "CVR: issuer authentication failed");
});

test("offline-plaintext-pin: VERIFY P2=80 with the right PIN; the PIN Try Counter by GET DATA; a TC under its 200.00 limit", (t) => {
  const c = card("offline-plaintext-pin");
  const read = selectAndRead(c, bytes("A0000000031010"));
  dda(t, c, read);
  t.deepEqual(getData(c, 0x9f17).data, bytes("9F170103"));
  t.is(send(c, 0x00, 0x20, 0x00, 0x80, bytes("241234FFFFFFFFFF")).sw, 0x9000);
  const cdol1 = dolData(read.data.get("8C"), terminalValues(15_000));
  const first = generateAc(c, TC, cdol1);
  t.is(first.objects.get("9F27")![0], 0x40);
  t.is(first.objects.get("9F10")![4] & 0x06, 0x04, "CVR: offline PIN performed, not failed");
  checkCryptogram(t, "offline-plaintext-pin", cdol1, first.objects, first.objects.get("9F26")!);
});

test("offline-enciphered-pin: GET CHALLENGE, then VERIFY P2=88 under the ICC PIN encipherment key", (t) => {
  const c = card("offline-enciphered-pin");
  const read = selectAndRead(c, bytes("A0000000031010"));
  dda(t, c, read);
  const key = profileJson("offline-enciphered-pin").applications[0].pinPrivateKey;
  const challenge = send(c, 0x00, 0x84, 0, 0, undefined, 8);
  t.is(challenge.data.length, 8);
  const n = key.modulus.length / 2;
  const plain = concat(Uint8Array.of(0x7f), bytes("241234FFFFFFFFFF"), challenge.data, new Uint8Array(n - 17).fill(0x5a));
  t.is(send(c, 0x00, 0x20, 0x00, 0x88, encipherTo(key, plain)).sw, 0x9000);
  online(t, "offline-enciphered-pin", c, read);
});

function encipherTo(key: { modulus: string; publicExponent: string }, plain: Uint8Array): Uint8Array {
  return recover(bytes(key.modulus), bytes(key.publicExponent), plain);
}

test("online-pin: no offline PIN on the card (VERIFY 6A88); online with EXTERNAL AUTHENTICATE method 1 under the session key", (t) => {
  const c = card("online-pin");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(toHex(read.data.get("8E")!), "000000000000000042031E03", "CVM List: online PIN, then signature");
  dda(t, c, read);
  t.is(send(c, 0x00, 0x20, 0x00, 0x80, bytes("241234FFFFFFFFFF")).sw, 0x6a88);
  online(t, "online-pin", c, read);
});

test("signature: CVM List signature then no CVM; SDA; an ARQC when the terminal asks to go online, then a TC on the host's 00", (t) => {
  const c = card("signature");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(toHex(read.data.get("8E")!), "00000000000000001E031F03");
  online(t, "signature", c, read);
});

test("blocked-application: SELECT answers the FCI with 6283, GET PROCESSING OPTIONS 6985", (t) => {
  const c = card("blocked-application");
  readDirectory(t, c, "blocked-application");
  const selected = selectName(c, bytes("A0000000031010"));
  t.is(selected.sw, 0x6283);
  t.is(toHex(findTlv(parseTlvTree(selected.data), "84")!.value), "A0000000031010");
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8300")).sw, 0x6985);
});

test("expired: the application expired 2024-05-31; the card still transacts (the terminal declines it)", (t) => {
  const c = card("expired");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(toHex(read.data.get("5F24")!), "240531");
  t.is(toHex(read.data.get("57")!).slice(17, 21), "2405", "track 2 agrees");
  online(t, "expired", c, read);
});

test("two-applications: both in the directory with priority and confirmation; partial selection with next occurrence", (t) => {
  const c = card("two-applications");
  readDirectory(t, c, "two-applications");
  t.is(toHex(findTlv(parseTlvTree(readRecord(c, 1, 1).data), "87")!.value), "81", "Visa: priority 1, confirmation required");
  t.is(toHex(findTlv(parseTlvTree(readRecord(c, 1, 2).data), "87")!.value), "82", "Mastercard: priority 2, confirmation required");
  const prefix = bytes("A000000003");
  t.is(toHex(findTlv(parseTlvTree(selectName(c, prefix).data), "84")!.value), "A0000000031010", "partial name, first occurrence");
  t.is(selectName(c, prefix, true).sw, 0x6a82, "no second Visa application");
  const rid = bytes("A0000000");
  t.is(toHex(findTlv(parseTlvTree(selectName(c, rid).data), "84")!.value), "A0000000031010");
  t.is(toHex(findTlv(parseTlvTree(selectName(c, rid, true).data), "84")!.value), "A0000000041010", "next occurrence");
  t.is(selectName(c, rid, true).sw, 0x6a82, "no third");
  const mc = selectAndRead(c, bytes("A0000000041010"));
  t.is(toHex(mc.aip), "5800");
  const visa = selectAndRead(c, bytes("A0000000031010"));
  dda(t, c, visa);
  online(t, "two-applications", c, visa);
});

test("two-applications: the Mastercard application authenticates the issuer through 91 in CDOL2 under the ICC master key", (t) => {
  const c = card("two-applications");
  const read = selectAndRead(c, bytes("A0000000041010"));
  const { mk } = issuer("two-applications", 1);
  const values = terminalValues();
  const cdol1 = dolData(read.data.get("8C"), values);
  const first = generateAc(c, ARQC, cdol1);
  checkCryptogram(t, "two-applications", cdol1, first.objects, first.objects.get("9F26")!, 1);
  const arqc = first.objects.get("9F26")!;
  values.set("91", concat(arpcMethod1(host, mk, arqc, ascii("00")), ascii("00")));
  const second = generateAc(c, TC, dolData(read.data.get("8D"), values));
  t.is(second.objects.get("9F27")![0], 0x40);
  t.is(c.status("A0000000041010").lastOnlineAtc, 41, "a completed online transaction is the last online ATC");
});

test("offline-decline: the first GENERATE AC is an AAC whatever the terminal asks, and ends the transaction", (t) => {
  for (const p1 of [TC, ARQC, AAC]) {
    const c = card("offline-decline");
    const read = selectAndRead(c, bytes("A0000000031010"));
    const cdol1 = dolData(read.data.get("8C"), terminalValues());
    const first = generateAc(c, p1, cdol1);
    t.is(first.objects.get("9F27")![0], 0x00);
    checkCryptogram(t, "offline-decline", cdol1, first.objects, first.objects.get("9F26")!);
    t.is(generateAc(c, TC, dolData(read.data.get("8D"), terminalValues())).sw, 0x6985);
  }
});

test("bad-issuer-certificate: the card transacts as any DDA card; only its certificate is wrong", (t) => {
  const c = card("bad-issuer-certificate");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(send(c, 0x00, 0x88, 0, 0, bytes("1A2B3C4D"), 256).sw, 0x9000);
  online(t, "bad-issuer-certificate", c, read);
});

test("online-declined: the host's ARC 05 with a good ARPC under the ICC master key; the card answers an AAC", (t) => {
  const c = card("online-declined");
  const read = selectAndRead(c, bytes("A0000000031010"));
  online(t, "online-declined", c, read, "05", 0x00);
  t.deepEqual(c.status(), { aid: "A0000000031010", atc: 18, lastOnlineAtc: 18, blocked: false }, "the host answered: the online ATC moves even on a decline");
});

test("online-declined: its ARQC is the acquirer emulator's: CDOL1 data (the ten Book 2 A1.2 values), AIP, ATC, no IAD", (t) => {
  const c = card("online-declined");
  const read = selectAndRead(c, bytes("A0000000031010"));
  const values = terminalValues();
  const first = generateAc(c, ARQC, dolData(read.data.get("8C"), values));
  const { mk } = issuer("online-declined");
  const data = concat(...["9F02", "9F03", "9F1A", "95", "5F2A", "9A", "9C", "9F37"].map((tag) => values.get(tag)!), read.aip, first.objects.get("9F36")!);
  t.true(verifyApplicationCryptogram(host, emvSessionKey(host, mk, first.objects.get("9F36")!), data, first.objects.get("9F26")!));
});

test("removed-mid-transaction: five commands answered, then the card is gone (CARD_REMOVED)", (t) => {
  const c = card("removed-mid-transaction");
  t.is(selectName(c, ascii("1PAY.SYS.DDF01")).sw, 0x9000);
  t.is(readRecord(c, 1, 1).sw, 0x9000);
  t.is(readRecord(c, 1, 2).sw, 0x6a83);
  t.is(selectName(c, bytes("A0000000031010")).sw, 0x9000);
  t.false(c.removed);
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8300")).sw, 0x9000);
  t.true(c.removed);
  const e = t.throws(() => readRecord(c, 1, 1));
  t.true(isXsposError(e, "CARD_REMOVED"));
});

test("a transaction's state ends at the next SELECT; the counters do not", (t) => {
  const c = card("dda");
  const read = selectAndRead(c, bytes("A0000000031010"));
  generateAc(c, ARQC, dolData(read.data.get("8C"), terminalValues()));
  selectName(c, bytes("A0000000031010"));
  t.is(send(c, 0x80, 0xae, ARQC, 0, dolData(read.data.get("8C"), terminalValues())).sw, 0x6985, "GENERATE AC before GET PROCESSING OPTIONS");
  t.is(send(c, 0x00, 0x82, 0, 0, new Uint8Array(8)).sw, 0x6985, "EXTERNAL AUTHENTICATE without an ARQC");
  const again = selectAndRead(c, bytes("A0000000031010"));
  const first = generateAc(c, ARQC, dolData(again.data.get("8C"), terminalValues()));
  t.is(toHex(first.objects.get("9F36")!), "0013", "the ATC counts both transactions");
});

test("commands out of place or malformed get the ISO/IEC 7816-4 status words", (t) => {
  const c = card("dda");
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8300")).sw, 0x6985, "GPO with nothing selected");
  t.is(readRecord(c, 1, 1).sw, 0x6986, "READ RECORD with nothing selected");
  t.is(selectName(c, bytes("A0000000999999")).sw, 0x6a82, "an AID the card lacks");
  t.is(selectName(c, ascii("2PAY.SYS.DDF01")).sw, 0x6a82, "no PPSE on a contact-only card");
  t.is(send(c, 0x00, 0xa4, 0x00, 0x00, bytes("3F00")).sw, 0x6a86, "SELECT by file identifier");
  const read = selectAndRead(c, bytes("A0000000031010"));
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8300")).sw, 0x6985, "a second GPO");
  t.is(readRecord(c, 2, 9).sw, 0x6a83, "a record the file lacks");
  t.is(readRecord(c, 9, 1).sw, 0x6a82, "a file the card lacks");
  t.is(send(c, 0x00, 0xb2, 1, 0x0c).sw, 0x9000);
  t.is(send(c, 0x00, 0xb2, 1, 0x08).sw, 0x6a86, "P2 without 100 in bits 3-1");
  t.is(send(c, 0x80, 0xae, ARQC, 0, new Uint8Array(5)).sw, 0x6700, "CDOL1 data of the wrong length");
  t.is(send(c, 0x80, 0xae, 0xc0, 0, dolData(read.data.get("8C"), terminalValues())).sw, 0x6a86, "reference control 11 (RFU)");
  t.is(send(c, 0x00, 0xae, ARQC, 0, new Uint8Array(29)).sw, 0x6e00, "GENERATE AC in class 00");
  t.is(send(c, 0x80, 0x99, 0, 0).sw, 0x6d00, "an instruction the card lacks");
  t.is(getData(c, 0x9f99).sw, 0x6a88);
});

test("GET PROCESSING OPTIONS checks the PDOL data's length: 6700 when it is not what the PDOL asks", (t) => {
  const c = card("cda");
  selectName(c, bytes("A0000000041010"));
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8300")).sw, 0x6700, "no PDOL data for a card with a PDOL");
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("830403442200")).sw, 0x6700, "one byte too many");
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8403034422")).sw, 0x6a80, "not template 83");
  t.is(send(c, 0x80, 0xa8, 0, 0, bytes("8303034422")).sw, 0x9000);
  const d = card("dda");
  selectName(d, bytes("A0000000031010"));
  t.is(send(d, 0x80, 0xa8, 0, 0, bytes("830101")).sw, 0x6700, "PDOL data for a card without a PDOL");
});

test("a profile with the PPSE answers SELECT 2PAY.SYS.DDF01 with every application's entry in BF0C", (t) => {
  const json = profileJson("two-applications");
  json.ppse = true;
  const c = createEmvCardFromJson(json, { crypto: testCrypto(1) });
  const answer = selectName(c, ascii("2PAY.SYS.DDF01"));
  t.is(answer.sw, 0x9000);
  const entries = findTlv(parseTlvTree(answer.data), "BF0C")!.children!;
  t.deepEqual(
    entries.map((e) => toHex(findTlv(e.children!, "4F")!.value)),
    ["A0000000031010", "A0000000041010"],
  );
  t.is(readRecord(c, 1, 1).sw, 0x6986, "the PPSE has no records to read");
});
