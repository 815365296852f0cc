/**
 * `emvOda` and `emvCapk` on published data: the schemes' test CA keys and
 * their published check sums, and the card certificates and signatures
 * that openemv/emv-utils and lumag/emv-tools publish
 * (test/modules/emv/oda/published-vectors.ts names each source); then the
 * project's test CA, and bad input.
 */
import test from "ava";
import { readFileSync } from "node:fs";
import { concat } from "../../modules/core/bytes.ts";
import { fromHex, toHex } from "../../modules/core/hex.ts";
import { encodeTlv } from "../../modules/emv/tlv.ts";
import { SAMPLE_CONFIG } from "../../modules/config/sample-config.ts";
import { emvCapk } from "../../hosts/emv-tools/emv-capk.ts";
import { emvOda, type EmvOdaOptions } from "../../hosts/emv-tools/emv-oda.ts";
import { LIVE_CA_KEYS, MASTERCARD_05_CARD, MASTERCARD_F1_CDA_CARD, TEST_CA_KEYS, VISA_01_SDA_CARD, VISA_94_CARD } from "../modules/emv/oda/published-vectors.ts";

const liveKey = (rid: string, index: number) => {
  const k = LIVE_CA_KEYS.find((x) => x.rid === rid && x.index === index)!;
  return { modulus: k.modulus, exponent: k.exponent, rid, index: toHex(Uint8Array.of(index)) };
};

// openemv/emv-utils tests/emv_rsa_test.c
const visa = VISA_94_CARD;
const visaIssuer = { caKey: { rid: visa.rid, index: "94" }, issuerCert: visa.issuerCertificate, issuerExponent: visa.issuerExponent, pan: visa.pan };

test("emvOda, Visa test key 94 named by RID and index (sample configuration): the issuer certificate recovers to the published fields and key", (t) => {
  const r = emvOda({ ...visaIssuer, date: visa.dates.issuerValid });
  t.is(r.method, "certificates");
  t.is(r.verdict, "valid");
  t.deepEqual(r.caKey, { rid: "A000000003", index: "94", bits: 1984, exponent: "03", checksum: "C4A3C43CCF87327D136B804160E47D43B60E6E0F", source: "sample" });
  t.like(r.issuerKey.recovered, { header: "6A", format: "02", issuerIdentifier: "476173FF", expiry: "1231", serial: "03DA0A", publicKeyLength: 176, exponentLength: 1, trailer: "BC" });
  t.is(r.issuerKey.publicKey?.modulus, visa.issuer.modulus);
});

test("emvOda --config: a CA key whose check sum does not match is not used (EMV_CAPK_CHECKSUM naming it); a configuration the terminal would refuse gives its CONFIG_* code", (t) => {
  const tampered = structuredClone(SAMPLE_CONFIG);
  tampered.caKeys[1].checksum = "0000000000000000000000000000000000000000";
  const e = t.throws(() => emvOda({ ...visaIssuer, config: tampered, date: visa.dates.issuerValid }), { code: "EMV_CAPK_CHECKSUM" });
  t.true(e!.message.startsWith("CA key A000000003 94:"), e!.message);
  // another key of the configuration is bad: the configuration as a whole is refused, as the terminal refuses to load it
  const other = structuredClone(SAMPLE_CONFIG);
  other.caKeys[0].checksum = "0000000000000000000000000000000000000000";
  t.throws(() => emvOda({ ...visaIssuer, config: other, date: visa.dates.issuerValid }), { code: "CONFIG_CA_KEY" });
  const noTerminal: Record<string, unknown> = { ...structuredClone(SAMPLE_CONFIG) };
  delete noTerminal.terminal;
  t.throws(() => emvOda({ ...visaIssuer, config: noTerminal, date: visa.dates.issuerValid }), { code: "CONFIG_FIELD" });
  t.is(emvOda({ ...visaIssuer, config: structuredClone(SAMPLE_CONFIG), date: visa.dates.issuerValid }).verdict, "valid");
});

test("emvOda, Visa test key 94 on 2032-01-01: the issuer certificate (12/31) has expired, step issuer-key", (t) => {
  const r = emvOda({ ...visaIssuer, date: visa.dates.issuerExpired });
  t.deepEqual([r.verdict, r.step, r.reason], ["failed", "issuer-key", "expired"]);
});

test("emvOda, Visa test key 94 with the ICC certificate: the published ICC fields, PAN masked; its hash fails without the static data the source does not give", (t) => {
  const r = emvOda({ ...visaIssuer, iccCert: visa.iccCertificate, iccRemainder: visa.iccRemainder, iccExponent: visa.iccExponent, date: visa.dates.iccValid });
  t.like(r.iccKey?.recovered, { format: "04", pan: "476173******0119", expiry: "1222", serial: "000001", hashResult: visa.icc.hashResult });
  t.deepEqual([r.verdict, r.step, r.reason], ["failed", "icc-key", "hash"]);
});

test("emvOda, Mastercard test key F1: the 896-bit issuer key recovers with the published identifier, expiry and modulus", (t) => {
  const mc = MASTERCARD_F1_CDA_CARD;
  const r = emvOda({ caKey: { rid: mc.rid, index: "F1" }, issuerCert: mc.issuerCertificate, issuerExponent: mc.issuerExponent, pan: mc.pan, date: mc.transactionDate });
  t.is(r.verdict, "valid");
  t.like(r.issuerKey.recovered, { issuerIdentifier: "541333FF", expiry: "1227", serial: "000001", publicKeyLength: 112 });
  t.is(r.issuerKey.publicKey?.modulus, mc.issuer.modulus);
});

// lumag/emv-tools test/sda-test.c
test("emvOda SDA: the emv-tools Visa card under production key 01 given whole is valid on 2009-12-31, expired on 2010-01-01", (t) => {
  const s = VISA_01_SDA_CARD;
  const options: EmvOdaOptions = { caKey: liveKey(s.rid, s.caKeyIndex), issuerCert: s.issuerCertificate, issuerRemainder: s.issuerRemainder, issuerExponent: s.issuerExponent, staticData: s.staticData, ssad: s.signedStaticData, pan: s.pan, date: "091231" };
  const r = emvOda(options);
  t.deepEqual([r.method, r.verdict], ["SDA", "valid"]);
  t.deepEqual(r.caKey, { rid: "A000000003", index: "01", bits: 1024, exponent: "03", checksum: "D34A6A776011C7E7CE3AEC5F03AD2F8CFC5503CC", source: "given" }, "the check sum recomputed is the published one");
  t.is(r.issuerKey.recovered?.issuerIdentifier, "427655FF");
  t.is(r.staticSignature?.verdict, "valid");
  t.deepEqual([emvOda({ ...options, date: "100101" }).reason, emvOda({ ...options, date: "100101" }).step], ["expired", "issuer-key"]);
  const other = emvOda({ ...options, staticData: s.staticData.slice(0, -4) + "5800" });
  t.deepEqual([other.step, other.reason], ["signed-static-data", "hash"]);
});

// lumag/emv-tools test/dda-test.c and test/cda-test.c
const m = MASTERCARD_05_CARD;
const mcChain = { caKey: liveKey(m.rid, m.caKeyIndex), issuerCert: m.issuerCertificate, issuerRemainder: m.issuerRemainder, issuerExponent: m.issuerExponent, iccCert: m.iccCertificate, iccExponent: m.iccExponent, staticData: m.staticData, pan: m.pan, date: m.transactionDate };

test("emvOda DDA: the emv-tools M/Chip card under production key 05 is valid with DDOL data 00000000 and fails with 00000001", (t) => {
  const r = emvOda({ ...mcChain, sdad: m.ddaSignedDynamicData, dynamicData: m.ddolData });
  t.deepEqual([r.method, r.verdict], ["DDA", "valid"]);
  t.is(r.iccKey?.recovered?.pan, "528588******5653");
  t.is(r.dynamicSignature?.iccDynamicNumber?.length, 16);
  const other = emvOda({ ...mcChain, sdad: m.ddaSignedDynamicData, dynamicData: "00000001" });
  t.deepEqual([other.verdict, other.step, other.reason], ["failed", "dynamic-signature", "hash"]);
});

test("emvOda CDA: the emv-tools M/Chip card's GENERATE AC response verifies (CID 40); one changed CDOL1 byte fails the transaction data hash", (t) => {
  const objects = fromHex(m.responseObjects);
  const response = toHex(encodeTlv("77", concat(objects.subarray(0, 9), encodeTlv("9F4B", fromHex(m.cdaSignedDynamicData)), objects.subarray(9))));
  const options: EmvOdaOptions = { ...mcChain, cdaResponse: response, unpredictableNumber: m.unpredictableNumber, cdol1Data: m.cdol1Data };
  const r = emvOda(options);
  t.deepEqual([r.method, r.verdict], ["CDA", "valid"]);
  t.is(r.cdaSignature?.cid, "40");
  const cdol1 = fromHex(m.cdol1Data);
  cdol1[11] ^= 1;
  t.is(emvOda({ ...options, cdol1Data: toHex(cdol1) }).reason, "transaction-data-hash");
});

test("emvOda with the project's test CA: the dda card's issuer certificate recovers under A000000003 E2 (source test), and is refused once revoked", (t) => {
  const card = JSON.parse(readFileSync("test/emv/cards/dda.json", "utf8")).applications[0].data;
  const options: EmvOdaOptions = { caKey: { rid: "A000000003", index: "E2" }, issuerCert: card["90"], issuerRemainder: card["92"], issuerExponent: card["9F32"], pan: card["5A"], date: "261125" };
  const r = emvOda(options);
  t.is(r.verdict, "valid");
  t.is(r.caKey.source, "test");
  t.is(r.issuerKey.recovered?.serial, "000001");
  const revoked = emvOda({ ...options, revocations: [{ rid: "A000000003", index: "E2", serial: "000001" }] });
  t.deepEqual([revoked.step, revoked.reason], ["issuer-key", "revoked"]);
});

test("emvOda refuses bad input: EMV_ODA_INPUT naming the option, EMV_CA_KEY_UNKNOWN for a key nobody has", (t) => {
  const base = { ...visaIssuer, date: visa.dates.issuerValid };
  const refused = (options: object, word: string) => {
    const e = t.throws(() => emvOda(options as EmvOdaOptions), { code: "EMV_ODA_INPUT" });
    t.true(e!.message.startsWith(word), e!.message);
  };
  refused({ ...base, pan: "4761" }, "pan");
  refused({ ...base, issuerCert: "XYZ" }, "issuerCert");
  refused({ ...base, issuerExponent: undefined }, "issuerExponent");
  refused({ ...base, date: "311331" }, "date");
  refused({ ...base, colour: "red" }, "colour");
  refused({ ...base, caKey: { rid: "A0000000", index: "94" } }, "caKey.rid");
  refused({ ...base, caKey: {} }, "caKey");
  refused({ ...base, ssad: "00", sdad: "00", iccCert: "00", iccExponent: "03", dynamicData: "" }, "ssad, sdad");
  refused({ ...base, sdad: "00", dynamicData: "00" }, "iccCert");
  refused({ ...base, unpredictableNumber: "01020304" }, "unpredictableNumber");
  t.throws(() => emvOda({ ...base, caKey: { rid: "A000000003", index: "77" } }), { code: "EMV_CA_KEY_UNKNOWN" });
  const e = t.throws(() => emvOda({ ...base, pan: "47617390010101190000" }), { code: "EMV_ODA_INPUT" });
  t.false(e!.message.includes("4761739001010119"), "no PAN in the message");
});

test("emvCapk: the sample's scheme test keys with check sums recomputed equal to those openemv/emv-utils publishes, then the test CA keys", (t) => {
  const { count, keys } = emvCapk();
  t.is(count, keys.length);
  const sample = keys.filter((k) => k.source === "sample");
  t.is(sample.length, SAMPLE_CONFIG.caKeys.length);
  for (const k of sample) {
    const published = TEST_CA_KEYS.find((p) => p.rid === k.rid && toHex(Uint8Array.of(p.index)) === k.index)!;
    t.truthy(published, `${k.rid} ${k.index} is a published key`);
    t.is(k.computed, published.checksum);
    t.is(k.checksum, published.checksum);
    t.is(k.bits, published.bits);
  }
  t.deepEqual(keys.filter((k) => k.source === "test").map((k) => `${k.rid} ${k.index} ${k.bits}`), [
    "A000000003 E1 1024", "A000000003 E2 1408", "A000000003 E3 1984", "A000000004 E1 1024", "A000000004 E2 1408", "A000000004 E3 1984",
  ]);
  t.like(keys[0], { rid: "A000000003", index: "92", scheme: "Visa", exponent: "03", expiry: "20311222" });
});

test("emvCapk refuses a key whose check sum does not match (EMV_CAPK_CHECKSUM naming it) and malformed input (EMV_CAPK_INPUT)", (t) => {
  const tampered = structuredClone(SAMPLE_CONFIG);
  tampered.caKeys[1].checksum = "0000000000000000000000000000000000000000";
  const e = t.throws(() => emvCapk({ config: tampered }), { code: "EMV_CAPK_CHECKSUM" });
  t.true(e!.message.startsWith("CA key A000000003 94:"), e!.message);
  const modulus = structuredClone(SAMPLE_CONFIG);
  modulus.caKeys[0].modulus = "AB" + modulus.caKeys[0].modulus.slice(2);
  t.throws(() => emvCapk({ config: modulus }), { code: "EMV_CAPK_CHECKSUM" });
  const rid = structuredClone(SAMPLE_CONFIG);
  rid.caKeys[0].rid = "A0000000";
  t.throws(() => emvCapk({ config: rid }), { code: "EMV_CAPK_INPUT", message: /caKeys\[0\]\.rid/ });
  t.throws(() => emvCapk({ config: { caKeys: "none" } }), { code: "EMV_CAPK_INPUT" });
  t.throws(() => emvCapk({ colour: "red" } as object), { code: "EMV_CAPK_INPUT" });
  t.throws(() => emvCapk({ config: "/nonexistent/config.json" }), { code: "SCENARIO_FILE" });
});

test("emvCapk with a configuration lists only the keys that configuration holds, no test CA key added; without one, the sample's then the test CA's", (t) => {
  const one = emvCapk({ config: { ...SAMPLE_CONFIG, caKeys: [SAMPLE_CONFIG.caKeys[0]] } });
  t.deepEqual(one.keys.map((k) => `${k.source} ${k.rid} ${k.index}`), [`config ${SAMPLE_CONFIG.caKeys[0].rid} ${SAMPLE_CONFIG.caKeys[0].index}`]);
  t.is(one.count, 1);
  const none = emvCapk({ config: { ...SAMPLE_CONFIG, caKeys: [] } });
  t.deepEqual(none, { count: 0, keys: [] });
  const whole = emvCapk({ config: SAMPLE_CONFIG });
  t.deepEqual(whole.keys.map((k) => k.source), SAMPLE_CONFIG.caKeys.map(() => "config"));
  const listing = emvCapk();
  t.deepEqual([...new Set(listing.keys.map((k) => k.source))], ["sample", "test"]);
});

test("emvCapk --config checks the whole configuration as the terminal loads it: a bad field elsewhere gives its CONFIG_* code", (t) => {
  const version = { ...structuredClone(SAMPLE_CONFIG), version: 2 };
  t.throws(() => emvCapk({ config: version }), { code: "CONFIG_FIELD", message: /version/ });
  t.throws(() => emvCapk({ config: { caKeys: structuredClone(SAMPLE_CONFIG.caKeys) } }), { code: "CONFIG_FIELD" });
  const twice = structuredClone(SAMPLE_CONFIG);
  twice.aids.push(twice.aids[0]);
  t.throws(() => emvCapk({ config: twice }), { code: "CONFIG_DUPLICATE" });
});
