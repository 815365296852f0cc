import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { odaTables } from "../../../../modules/emv/kernel/card-keys.ts";
import { chooseOdaMethod, offlineDataAuthentication } from "../../../../modules/emv/kernel/offline-data-authentication.ts";
import { parseTlvTree } from "../../../../modules/emv/tlv.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { EmvTestCard } from "../../../support/emv-card.ts";
import { fixedRandomCrypto } from "../../../support/crypto.ts";
import { TEST_CA } from "../oda/fixtures.ts";
import { TEST_PKI } from "../oda/test-pki.ts";
import { MAESTRO_CA_KEY, MAESTRO_RECORDS } from "./kernel-vectors.ts";
import { contextAfterSelection, session, stopOf } from "./kernel-fixture.ts";

/*
 * Two sources of keys: the Maestro card of lumag/emv-tools under
 * Mastercard's published CA key 04 (real certificates, no signature we can
 * make), and the test PKI of test/modules/emv/oda/test-pki.ts, whose
 * certificates and signatures OpenSSL made (static data, DDOL data
 * 11223344 and the ICC Dynamic Number are that file's).
 */

test("Book 3 §10.3: the method is CDA, else DDA, else SDA, among those both the AIP (byte 1) and the Terminal Capabilities (byte 3) hold", (t) => {
  const caps = (b3: string) => fromHex("60F8" + b3);
  t.is(chooseOdaMethod(fromHex("6100"), caps("C8")), "CDA");
  t.is(chooseOdaMethod(fromHex("6100"), caps("C0")), "DDA");
  t.is(chooseOdaMethod(fromHex("6100"), caps("80")), "SDA");
  t.is(chooseOdaMethod(fromHex("0100"), caps("C0")), "none");
  t.is(chooseOdaMethod(fromHex("2000"), caps("88")), "none");
  t.is(chooseOdaMethod(fromHex("0000"), caps("C8")), "none");
});

test("Book 3 §10.3: with no method in common, TVR byte 1 b8 'ODA was not performed' and the TSI stays clear", async (t) => {
  const ctx = contextAfterSelection({ aip: "1800" });
  await offlineDataAuthentication(ctx, session(new EmvTestCard({ applications: [] })), fixedRandomCrypto(fromHex("00")), odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "8000000000");
  t.is(toHex(ctx.tsi), "0000");
  t.is(ctx.odaMethod, "none");
});

// the Maestro card's data as READ RECORD gave it
function maestro(internalAuthenticate?: string) {
  const aid = aidEntry("A0000000043060");
  const crypto = fixedRandomCrypto(fromHex("11223344"));
  const ctx = contextAfterSelection({ aid, config: kernelConfig([aid], { caKeys: [MAESTRO_CA_KEY] }), transaction: { date: "150601" }, aip: "3800", crypto });
  for (const r of MAESTRO_RECORDS) {
    const template = parseTlvTree(fromHex(r.data))[0];
    for (const node of template.children!) ctx.card.set(node.tag, node.value.slice());
    if (r.sfi === 2 && r.record === "01") ctx.odaRecords.push(template.value.slice());
  }
  const card = new EmvTestCard({ applications: [], internalAuthenticate });
  return { ctx, card, crypto };
}

test("Book 2 §6.3-6.4 through Book 3 §10.3: the Maestro card's issuer and ICC keys recover under CA key 04 over its ODA record and AIP (9F4A = 82); a wrong signature then fails DDA", async (t) => {
  const { ctx, card, crypto } = maestro("8070" + "55".repeat(112));
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  // the ICC key: 112 bytes (the certificate's NIC), ending with the card's remainder 9F48
  t.is(ctx.iccKey?.modulus.length, 112);
  t.is(toHex(ctx.iccKey!.modulus.subarray(-10)), "AB52D7486A1427B365F5");
  t.deepEqual(card.commands, ["008800000411223344" + "00"]);
  // DDA failed (byte 1 b4), ODA performed
  t.is(toHex(ctx.tvr), "0800000000");
  t.is(toHex(ctx.tsi), "8000");
  t.is(ctx.odaMethod, "DDA");
});

test("Book 3 §10.3: the Maestro card with its ODA record altered by one byte: the ICC key does not recover, DDA fails without INTERNAL AUTHENTICATE", async (t) => {
  const { ctx, card, crypto } = maestro("8070" + "55".repeat(112));
  ctx.odaRecords[0][5] ^= 0x01;
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(ctx.iccKey, undefined);
  t.deepEqual(card.commands, []);
  t.is(toHex(ctx.tvr), "0800000000");
});

// the test PKI's card: its static data in one ODA record, the certificates and keys as other records would give them
function pkiCard(aip: string, over: Record<string, string> = {}, internalAuthenticate?: string) {
  const aid = aidEntry("A0000099991010");
  const crypto = fixedRandomCrypto(fromHex(TEST_PKI.ddolData));
  const ctx = contextAfterSelection({ aid, config: kernelConfig([aid], { caKeys: [TEST_CA] }), aip, crypto });
  const card: Record<string, string> = {
    "8F": TEST_PKI.caIndex.toString(16).toUpperCase(),
    "90": TEST_PKI.issuerCertificates.valid.certificate,
    "92": TEST_PKI.issuerCertificates.valid.remainder,
    "9F32": TEST_PKI.issuerKey.exponent,
    "5A": TEST_PKI.pan,
    "9F46": TEST_PKI.iccCertificates.valid.certificate,
    "9F48": TEST_PKI.iccCertificates.valid.remainder,
    "9F47": TEST_PKI.iccKey.exponent,
    "93": TEST_PKI.staticSignatures.valid,
    "9F49": "9F3704",
    ...over,
  };
  for (const [tag, value] of Object.entries(card)) if (value) ctx.card.set(tag, fromHex(value));
  ctx.odaRecords.push(fromHex(TEST_PKI.staticData));
  return { ctx, card: new EmvTestCard({ applications: [], internalAuthenticate }), crypto };
}

test("Book 2 §6.5, Book 3 §10.3: DDA with the test PKI: INTERNAL AUTHENTICATE with the DDOL's data (the Unpredictable Number), signature valid, ICC Dynamic Number kept as 9F4C", async (t) => {
  const signature = TEST_PKI.dynamicSignatures.valid;
  const { ctx, card, crypto } = pkiCard("2000", {}, "8081" + (signature.length / 2).toString(16).toUpperCase() + signature);
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.deepEqual(card.commands, [`0088000004${TEST_PKI.ddolData}00`]);
  t.is(toHex(ctx.tvr), "0000000000");
  t.is(toHex(ctx.tsi), "8000");
  t.is(toHex(ctx.card.get("9F4C")!), TEST_PKI.iccDynamicNumber);
});

test("Book 3 §6.5.9.4: DDA accepts the format 2 answer (77 holding 9F4B) as well", async (t) => {
  const signature = TEST_PKI.dynamicSignatures.valid;
  const n = signature.length / 2;
  const { ctx, card, crypto } = pkiCard("2000", {}, `7781${(n + 4).toString(16).toUpperCase()}9F4B81${n.toString(16).toUpperCase()}${signature}`);
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "0000000000");
});

test("Book 2 §6.5.1: without a card DDOL the terminal's default DDOL (9F3704) is used", async (t) => {
  const signature = TEST_PKI.dynamicSignatures.valid;
  const { ctx, card, crypto } = pkiCard("2000", { "9F49": "" }, "8081" + (signature.length / 2).toString(16).toUpperCase() + signature);
  ctx.card.delete("9F49");
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.deepEqual(card.commands, [`0088000004${TEST_PKI.ddolData}00`]);
  t.is(toHex(ctx.tvr), "0000000000");
});

test("Book 2 §6.5.1: a card DDOL without the Unpredictable Number fails DDA without INTERNAL AUTHENTICATE", async (t) => {
  const { ctx, card, crypto } = pkiCard("2000", { "9F49": "9F0206" });
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.deepEqual(card.commands, []);
  t.is(toHex(ctx.tvr), "0800000000");
  t.is(toHex(ctx.tsi), "8000");
});

test("Book 3 §6.5.9.4: INTERNAL AUTHENTICATE answering other than 9000 ends the transaction (status)", async (t) => {
  const { ctx, card, crypto } = pkiCard("2000");
  t.is(await stopOf(() => offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config))), "end-application:status");
});

test("Book 3 §10.3: DDA with the ICC certificate missing sets 'ICC data missing' and 'DDA failed', and sends no INTERNAL AUTHENTICATE", async (t) => {
  const { ctx, card, crypto } = pkiCard("2000", { "9F46": "" });
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.deepEqual(card.commands, []);
  t.is(toHex(ctx.tvr), "2800000000");
  t.is(toHex(ctx.tsi), "8000");
});

test("Book 2 §6.2: a CA Public Key Index the terminal does not hold fails DDA, without 'ICC data missing'", async (t) => {
  const { ctx, card, crypto } = pkiCard("2000", { "8F": "E2" });
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "0800000000");
});

test("Book 2 §5, Book 3 §10.3: SDA with the test PKI: 'SDA selected', ODA performed, the Data Authentication Code kept as 9F45", async (t) => {
  const { ctx, card, crypto } = pkiCard("4000");
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "0200000000");
  t.is(toHex(ctx.tsi), "8000");
  t.is(toHex(ctx.card.get("9F45")!), "DAC1");
  t.deepEqual(card.commands, []);
});

test("Book 2 §5.4: SDA whose signature does not match sets 'SDA failed' with 'SDA selected'", async (t) => {
  const { ctx, card, crypto } = pkiCard("4000", { "93": TEST_PKI.staticSignatures.trailer });
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "4200000000");
});

test("Book 3 §10.3: an SDA Tag List naming anything but the AIP fails the method; one naming the AIP adds the AIP to the static data", async (t) => {
  const bad = pkiCard("4000", { "9F4A": "9F02" });
  await offlineDataAuthentication(bad.ctx, session(bad.card), bad.crypto, odaTables(bad.ctx.config));
  t.is(toHex(bad.ctx.tvr), "4200000000");
  // the test PKI signed its static data without the AIP: naming it changes the hash
  const withAip = pkiCard("4000", { "9F4A": "82" });
  await offlineDataAuthentication(withAip.ctx, session(withAip.card), withAip.crypto, odaTables(withAip.ctx.config));
  t.is(toHex(withAip.ctx.tvr), "4200000000");
});

test("Book 3 §10.3: a record for ODA that was not a template 70 fails the method chosen", async (t) => {
  const { ctx, card, crypto } = pkiCard("2000");
  ctx.odaRecordsInvalid = true;
  await offlineDataAuthentication(ctx, session(card), crypto, odaTables(ctx.config));
  t.is(toHex(ctx.tvr), "0800000000");
  t.deepEqual(card.commands, []);
});

test("Book 2 §6.6, Book 3 §10.3: CDA recovers the ICC key now and leaves TVR and TSI for GENERATE AC; a failed recovery sets 'CDA failed' and ODA performed", async (t) => {
  const good = pkiCard("2100");
  await offlineDataAuthentication(good.ctx, session(good.card), good.crypto, odaTables(good.ctx.config));
  t.is(good.ctx.odaMethod, "CDA");
  t.is(toHex(good.ctx.iccKey!.modulus), TEST_PKI.iccKey.modulus);
  t.is(toHex(good.ctx.tvr), "0000000000");
  t.is(toHex(good.ctx.tsi), "0000");
  const bad = pkiCard("2100", { "9F46": TEST_PKI.iccCertificates.hash.certificate });
  await offlineDataAuthentication(bad.ctx, session(bad.card), bad.crypto, odaTables(bad.ctx.config));
  t.is(toHex(bad.ctx.tvr), "0400000000");
  t.is(toHex(bad.ctx.tsi), "8000");
});
