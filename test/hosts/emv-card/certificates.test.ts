/**
 * The test PKI as a terminal meets it: every certificate and signed static
 * data of every test card recovers under the test CA public key with
 * OpenSSL's plain RSA, and the recovered fields are what EMV 4.4 Book 2
 * tables 6 (issuer key), 14 (ICC key, and the PIN encipherment key of
 * §7.1) and 7 (Signed Static Application Data) lay out, with the SHA-1
 * hash over the data the book names. The static data is computed here
 * from the records the card returns (Book 3 §10.3).
 */
import test from "ava";
import { NodeCrypto } from "../../../hosts/node/node-crypto.ts";
import { concat } from "../../../modules/core/bytes.ts";
import { toHex } from "../../../modules/core/hex.ts";
import { readCaKeys } from "../../../modules/config/ca-keys.ts";
import { validateTerminalConfig } from "../../../modules/config/config.ts";
import { SAMPLE_CONFIG } from "../../../modules/config/sample-config.ts";
import { createEmvCardFromJson } from "../../../hosts/desktop/emv-card/emv-card.ts";
import { readTestCaKeys, testCardNames } from "../../../hosts/desktop/emv-card/test-cards.ts";
import { testCrypto } from "../../support/crypto.ts";
import { bytes, caKey, profileJson, recover, selectAndRead, sha1 } from "./support.ts";

/** A card that a terminal can read whole: not blocked, not pulled out (the certificates are the same). */
function readable(name: string, index: number) {
  const json = profileJson(name);
  delete json.removeAfterCommand;
  json.applications[index].blocked = false;
  const app = json.applications[index];
  return { app, read: selectAndRead(createEmvCardFromJson(json, { crypto: testCrypto(1) }), bytes(app.aid)) };
}

const certified = testCardNames().flatMap((name) =>
  (profileJson(name).applications as any[]).map((app, index) => ({ name, index, app })).filter((x) => x.app.certificates),
);

test("every test card's applications have certificates from the test PKI", (t) => {
  t.is(testCardNames().length, 15);
  t.is(certified.length, 16);
});

for (const { name, index } of certified) {
  test(`${name} [${index}]: the Issuer Public Key Certificate recovers under the CA key as Book 2 table 6 lays it out`, (t) => {
    const { app, read } = readable(name, index);
    const rid = app.aid.slice(0, 10);
    const ca = caKey(rid, toHex(read.data.get("8F")!));
    const nca = ca.modulus.length;
    const certificate = read.data.get("90")!;
    t.is(certificate.length, nca, "the certificate is as long as the CA modulus");
    const r = recover(ca.modulus, ca.exponent, certificate);
    const spec = app.certificates.issuer;
    t.is(r[0], 0x6a, "header");
    t.is(r[1], 0x02, "Certificate Format");
    t.is(toHex(r.subarray(2, 6)), app.data["5A"].slice(0, 6) + "FF", "Issuer Identifier: the PAN's leftmost six digits, F-padded");
    t.is(toHex(r.subarray(6, 8)), spec.expiry, "Certificate Expiration Date MMYY");
    t.is(toHex(r.subarray(8, 11)), spec.serial, "Certificate Serial Number");
    t.is(r[11], 0x01, "Hash Algorithm Indicator: SHA-1");
    t.is(r[12], 0x01, "Issuer Public Key Algorithm Indicator: RSA");
    const ni = r[13];
    t.is(ni, spec.bits / 8, "Issuer Public Key Length");
    const exponent = read.data.get("9F32")!;
    t.is(r[14], exponent.length, "Issuer Public Key Exponent Length");
    t.is(r[nca - 1], 0xbc, "trailer");
    const leftmost = r.subarray(15, nca - 21);
    const remainder = read.data.get("92") ?? new Uint8Array(0);
    if (ni > nca - 36) {
      t.is(remainder.length, ni - (nca - 36), "the remainder holds what the certificate cannot");
    } else {
      t.is(remainder.length, 0, "no remainder when the key fits");
      t.true(leftmost.subarray(ni).every((b) => b === 0xbb), "the key is padded with BB");
    }
    const hash = sha1(r.subarray(1, nca - 21), remainder, exponent);
    if (spec.corrupt === "hash") t.not(toHex(r.subarray(nca - 21, nca - 1)), toHex(hash), "the corrupted certificate's hash does not match");
    else t.is(toHex(r.subarray(nca - 21, nca - 1)), toHex(hash), "Hash Result over format to key, remainder, exponent");
  });

  const app = profileJson(name).applications[index];
  if (app.certificates.sda) {
    test(`${name} [${index}]: the Signed Static Application Data recovers under the issuer key as Book 2 table 7 lays it out`, (t) => {
      const { read } = readable(name, index);
      const issuer = issuerKey(read);
      const ni = issuer.modulus.length;
      const r = recover(issuer.modulus, issuer.exponent, read.data.get("93")!);
      t.is(r[0], 0x6a);
      t.is(r[1], 0x03, "Signed Data Format");
      t.is(r[2], 0x01, "Hash Algorithm Indicator");
      t.is(toHex(r.subarray(3, 5)), app.certificates.sda.dataAuthenticationCode, "Data Authentication Code");
      t.true(r.subarray(5, ni - 21).every((b) => b === 0xbb), "pad pattern BB");
      t.is(toHex(r.subarray(ni - 21, ni - 1)), toHex(sha1(r.subarray(1, ni - 21), read.staticData)), "hash over the fields and the static data");
      t.is(r[ni - 1], 0xbc);
    });
  }

  for (const [label, certTag, exponentTag, remainderTag, keyField, withStatic] of [
    ["ICC Public Key Certificate", "9F46", "9F47", "9F48", "iccPrivateKey", true],
    ["ICC PIN Encipherment Public Key Certificate", "9F2D", "9F2E", "9F2F", "pinPrivateKey", false],
  ] as const) {
    if (!app[keyField]) continue;
    test(`${name} [${index}]: the ${label} recovers under the issuer key as Book 2 table 14 lays it out`, (t) => {
      const { read } = readable(name, index);
      const issuer = issuerKey(read);
      const ni = issuer.modulus.length;
      const spec = keyField === "iccPrivateKey" ? app.certificates.icc : app.certificates.pinEncipherment;
      const r = recover(issuer.modulus, issuer.exponent, read.data.get(certTag)!);
      t.is(r[0], 0x6a);
      t.is(r[1], 0x04, "Certificate Format");
      t.is(toHex(r.subarray(2, 12)), app.data["5A"].padEnd(20, "F"), "Application PAN, F-padded");
      t.is(toHex(r.subarray(12, 14)), spec.expiry);
      t.is(toHex(r.subarray(14, 17)), spec.serial);
      t.is(r[17], 0x01);
      t.is(r[18], 0x01);
      const nic = r[19];
      t.is(nic, spec.bits / 8, "key length");
      const exponent = read.data.get(exponentTag)!;
      t.is(r[20], exponent.length);
      t.is(r[ni - 1], 0xbc);
      const leftmost = r.subarray(21, ni - 21);
      const remainder = read.data.get(remainderTag) ?? new Uint8Array(0);
      const modulus = nic > ni - 42 ? concat(leftmost, remainder) : leftmost.subarray(0, nic);
      t.is(toHex(modulus), app[keyField].modulus, "the certified key is the card's own");
      t.is(toHex(exponent), app[keyField].publicExponent);
      const hashed = withStatic ? concat(r.subarray(1, ni - 21), remainder, exponent, read.staticData) : concat(r.subarray(1, ni - 21), remainder, exponent);
      t.is(toHex(r.subarray(ni - 21, ni - 1)), toHex(sha1(hashed)), withStatic ? "hash over the fields, remainder, exponent and static data" : "hash over the fields, remainder and exponent");
    });
  }
}

/** The issuer key as the certificate and remainder give it. */
function issuerKey(read: ReturnType<typeof selectAndRead>) {
  const ca = caKey(toHex(read.aid.subarray(0, 5)), toHex(read.data.get("8F")!));
  const nca = ca.modulus.length;
  const r = recover(ca.modulus, ca.exponent, read.data.get("90")!);
  const ni = r[13];
  const leftmost = r.subarray(15, nca - 21);
  const modulus = ni > nca - 36 ? concat(leftmost, read.data.get("92")!) : leftmost.subarray(0, ni);
  return { modulus, exponent: read.data.get("9F32")! };
}

test("the test CA key list: six keys (1024, 1408, 1984 bits under A000000003 and A000000004), checksums SHA-1 of RID, index, modulus, exponent", (t) => {
  const keys = readTestCaKeys();
  t.deepEqual(
    keys.map((k) => `${k.rid} ${k.index} ${k.modulus.length * 4}`),
    ["A000000003 E1 1024", "A000000003 E2 1408", "A000000003 E3 1984", "A000000004 E1 1024", "A000000004 E2 1408", "A000000004 E3 1984"],
  );
  for (const k of keys) {
    t.is(k.checksum, toHex(sha1(bytes(k.rid), bytes(k.index), bytes(k.modulus), bytes(k.exponent))));
    t.is(k.exponent, "03");
  }
});

test("the terminal configuration loads the test CA keys, alone and beside the sample configuration's scheme test keys", (t) => {
  const crypto = new NodeCrypto();
  t.is(readCaKeys(readTestCaKeys(), "caKeys", crypto).length, 6);
  const config = validateTerminalConfig({ ...SAMPLE_CONFIG, caKeys: [...SAMPLE_CONFIG.caKeys, ...readTestCaKeys()] }, crypto);
  t.is(config.caKeys.length, SAMPLE_CONFIG.caKeys.length + 6);
});
