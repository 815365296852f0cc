/**
 * The test cards against the terminal's own offline data authentication
 * (modules/emv/oda, EMV 4.4 Book 3 §10.3 over Book 2 §5 and §6) with the
 * test CA key list: SDA, DDA and CDA cards authenticate; the card whose
 * issuer certificate was signed over a wrong hash fails at the issuer key
 * with reason `hash`; the expired card's certificates are still good.
 */
import test from "ava";
import { NodeCrypto } from "../../../hosts/node/node-crypto.ts";
import { authenticate } from "../../../modules/emv/oda/authenticate.ts";
import type { CaPublicKey } from "../../../modules/emv/oda/ca-key.ts";
import { findTlv, parseTlvTree } from "../../../modules/emv/tlv.ts";
import { arpcMethod1, iccMasterKey } from "../../../modules/emv/cryptogram.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { readTestCaKeys } from "../../../hosts/desktop/emv-card/test-cards.ts";
import { bytes, card, dolData, profileJson, selectAndRead, send, terminalValues, type ReadCard } from "./support.ts";

const crypto = new NodeCrypto();
const caKeys: CaPublicKey[] = readTestCaKeys().map((k) => ({
  rid: bytes(k.rid),
  index: parseInt(k.index, 16),
  modulus: bytes(k.modulus),
  exponent: bytes(k.exponent),
  checksum: bytes(k.checksum),
}));
const transactionDate = bytes("261125");

function common(read: ReadCard) {
  const d = read.data;
  return {
    caKeys,
    rid: read.aid.subarray(0, 5),
    caKeyIndex: d.get("8F")![0],
    issuerCertificate: d.get("90"),
    issuerRemainder: d.get("92"),
    issuerExponent: d.get("9F32"),
    pan: d.get("5A"),
    transactionDate,
    staticData: read.staticData,
    iccCertificate: d.get("9F46"),
    iccRemainder: d.get("9F48"),
    iccExponent: d.get("9F47"),
  };
}

function ddaResult(name: string) {
  const c = card(name);
  const read = selectAndRead(c, bytes("A0000000031010"));
  const ddolData = dolData(read.data.get("9F49"), terminalValues());
  const answer = send(c, 0x00, 0x88, 0, 0, ddolData, 256);
  const signed = parseTlvTree(answer.data)[0].value;
  return authenticate(crypto, { method: "DDA", ...common(read), signedDynamicData: signed, ddolData });
}

test("SDA cards authenticate: sda, signature, expired, offline-decline", (t) => {
  for (const name of ["sda", "signature", "expired", "offline-decline"]) {
    const read = selectAndRead(card(name), bytes("A0000000031010"));
    const result = authenticate(crypto, { method: "SDA", ...common(read), signedStaticData: read.data.get("93") });
    t.is(result.verdict, "valid", `${name}: ${result.step ?? ""} ${result.reason ?? ""}`);
  }
});

test("DDA cards authenticate: dda, offline PIN cards, online-pin, online-declined", (t) => {
  for (const name of ["dda", "offline-plaintext-pin", "offline-enciphered-pin", "online-pin", "online-declined"]) {
    const result = ddaResult(name);
    t.is(result.verdict, "valid", `${name}: ${result.step ?? ""} ${result.reason ?? ""}`);
  }
});

test("bad-issuer-certificate fails at the issuer key because of its hash", (t) => {
  const result = ddaResult("bad-issuer-certificate");
  t.is(result.verdict, "failed");
  t.is(result.step, "issuer-key");
  t.is(result.reason, "hash");
});

test("the CDA card's first and second GENERATE AC signatures verify", (t) => {
  const c = card("cda");
  const values = terminalValues();
  const read = selectAndRead(c, bytes("A0000000041010"), values);
  const cdol1Data = dolData(read.data.get("8C"), values);
  const first = send(c, 0x80, 0xae, 0x90, 0, cdol1Data, 256);
  const input = { method: "CDA" as const, ...common(read), unpredictableNumber: values.get("9F37")!, pdolData: read.pdolData, cdol1Data };
  const one = authenticate(crypto, { ...input, generateAcResponse: first.data });
  t.is(one.verdict, "valid", `${one.step ?? ""} ${one.reason ?? ""}`);
  t.is(one.cdaSignature?.cid, "80");
  t.is(findTlv(parseTlvTree(first.data), "9F26"), undefined);
  const app = profileJson("cda").applications[0];
  const mk = iccMasterKey(crypto, bytes(app.cryptogram.imk), app.data["5A"], app.data["5F34"]);
  const arc = Uint8Array.of(0x30, 0x30);
  values.set("91", concat(arpcMethod1(crypto, mk, bytes(one.cdaSignature!.cryptogram!), arc), arc));
  const cdol2Data = dolData(read.data.get("8D"), values);
  const second = send(c, 0x80, 0xae, 0x50, 0, cdol2Data, 256);
  const two = authenticate(crypto, { ...input, cdol2Data, generateAcResponse: second.data });
  t.is(two.verdict, "valid", `${two.step ?? ""} ${two.reason ?? ""}`);
  t.is(two.cdaSignature?.cid, "40", "TC");
});
