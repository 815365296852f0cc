import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { EmvError } from "../../../../modules/emv/error.ts";
import { EmvKernel } from "../../../../modules/emv/kernel/kernel.ts";
import type { HostAnswer } from "../../../../modules/emv/kernel/online-processing.ts";
import type { KernelOutcome } from "../../../../modules/emv/kernel/outcome.ts";
import { parseTlv } from "../../../../modules/emv/tlv.ts";
import { ScriptedCardholder } from "../../../support/emv-cardholder.ts";
import { tlv } from "../../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { testCrypto } from "../../../support/crypto.ts";
import { PURCHASE } from "./kernel-fixture.ts";
import { testCard, type TestCardOptions } from "./test-cards.ts";

const IAD = "1122334455667788" + "3030";

/** Runs a transaction to its online request with the sample Mastercard TACs (no ODA: "ODA not performed" sends it online). */
async function online(options: TestCardOptions & { terminalType?: string; tacDefault?: string } = {}) {
  const card = testCard(options);
  const aid = aidEntry("A0000000041010", options.tacDefault ? { tacDefault: fromHex(options.tacDefault) } : {});
  const config = kernelConfig([aid], { terminal: options.terminalType ? { terminalType: options.terminalType } : {} });
  const kernel = new EmvKernel({ transport: card, crypto: testCrypto(), config, cardholder: new ScriptedCardholder() });
  const first = await kernel.start(PURCHASE);
  return { card, kernel, first };
}

const afterGenerateAc = (commands: string[]) => commands.slice(commands.findIndex((c) => c.startsWith("80AE")) + 1);
const de55Tags = (o: KernelOutcome) => ("de55" in o ? parseTlv(o.de55).map((x) => x.tag) : []);

test("Book 3 §10.9: Issuer Authentication Data with AIP b3: EXTERNAL AUTHENTICATE (no Le), TSI b5, then the second GENERATE AC asks for a TC with the host's response code", async (t) => {
  const { card, kernel, first } = await online();
  t.is(first.kind, "online");
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerAuthenticationData: fromHex(IAD) });
  t.like(final, { kind: "approved", path: "online", authorisationResponseCode: "00", cid: 0x40 });
  const rest = afterGenerateAc(card.commands);
  t.is(rest[0], "008200000A" + IAD);
  t.true(rest[1].startsWith("80AE4000153030"));
  if (final.kind !== "approved") return;
  // cardholder verification, card risk management, issuer authentication, terminal risk management
  t.is(toHex(final.tsi), "7800");
  t.is(final.tvr[4], 0);
});

test("Book 3 §10.9: EXTERNAL AUTHENTICATE failing (6300) sets 'Issuer authentication failed' (TVR byte 5 b7); a card then declining gives declined online", async (t) => {
  const { kernel } = await online({ profile: { externalAuthenticate: "6300", generateAc: (p1, _d, n) => (n === 0 ? `800B${(p1 & 0xc0).toString(16)}0001A1A2A3A4A5A6A7A89000` : "800B000002A1A2A3A4A5A6A7A89000") } });
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerAuthenticationData: fromHex(IAD) });
  t.like(final, { kind: "declined", path: "online", requested: "TC", cid: 0x00 });
  if (final.kind === "declined") t.is(final.tvr[4], 0x40);
});

test("Book 3 §10.9: without AIP b3 no EXTERNAL AUTHENTICATE is sent: the Issuer Authentication Data reaches the card in CDOL2 (91)", async (t) => {
  const { card, kernel } = await online({ aip: "1800" });
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerAuthenticationData: fromHex(IAD) });
  const rest = afterGenerateAc(card.commands);
  t.is(rest.length, 1);
  t.true(rest[0].endsWith(IAD + "00"));
  t.like(final, { kind: "approved", path: "online" });
  if (final.kind === "approved") t.is(final.tsi[0] & 0x10, 0);
});

test("Book 3 §10.9: a declining host gets an AAC asked for, with its response code", async (t) => {
  const { card, kernel } = await online();
  const final = await kernel.complete({ kind: "host", approved: false, responseCode: "05" });
  t.like(final, { kind: "declined", path: "online", requested: "AAC", authorisationResponseCode: "05" });
  t.true(afterGenerateAc(card.commands)[0].startsWith("80AE0000153035"));
});

test("Book 3 §10.7: unable to go online, the Default codes decide: 'ODA not performed' is in the sample TAC Default, so an AAC with Z3", async (t) => {
  const { kernel } = await online();
  const final = await kernel.complete({ kind: "unable-to-go-online" });
  t.like(final, { kind: "declined", path: "unable-to-go-online", requested: "AAC", authorisationResponseCode: "Z3" });
});

test("Book 3 §10.7: unable to go online with nothing in the Default codes: a TC with Y3", async (t) => {
  const { kernel } = await online({ tacDefault: "0000000000", extra: [tlv("9F0D", "0000000000")] });
  const final = await kernel.complete({ kind: "unable-to-go-online" });
  t.like(final, { kind: "approved", path: "unable-to-go-online", requested: "TC", authorisationResponseCode: "Y3" });
});

test("Book 3 §10.7: an offline-only terminal given an ARQC completes at once as unable to go online", async (t) => {
  // the card answers ARQC whatever is asked
  const { first } = await online({ terminalType: "23", tacDefault: "0000000000", extra: [tlv("9F0D", "0000000000")], profile: { generateAc: (_p1, _d, n) => `800B${n ? "40" : "80"}000${n + 1}A1A2A3A4A5A6A7A89000` } });
  t.like(first, { kind: "approved", path: "unable-to-go-online", authorisationResponseCode: "Y3" });
});

const SCRIPT_ID_1 = "11111111";
const SCRIPT_ID_2 = "22222222";
const SCRIPTS =
  tlv("71", tlv("9F18", SCRIPT_ID_1) + tlv("86", "8424000002AAAA") + tlv("86", "8418000000")) + tlv("72", tlv("9F18", SCRIPT_ID_2) + tlv("86", "8416000000") + tlv("86", "8418010000"));

test("Book 3 §10.10: scripts 71 run before the second GENERATE AC, 72 after; a command whose SW1 is not 90/62/63 stops its script; 9F5B holds the results", async (t) => {
  // the card refuses 84 18 01 00 (script 2's second command) and takes every other script command
  const { card, kernel } = await online({ aip: "1800", profile: { override: (c) => (c.cla === 0x84 ? (c.ins === 0x18 && c.p1 === 0x01 ? "6985" : "9000") : undefined) } });
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerScripts: fromHex(SCRIPTS) });
  const rest = afterGenerateAc(card.commands);
  t.deepEqual(rest.map((c) => c.slice(0, 4)), ["8424", "8418", "80AE", "8416", "8418"]);
  t.like(final, { kind: "approved" });
  if (final.kind !== "approved") return;
  // script 1 done (2x), script 2 failed at its second command (12)
  t.is(toHex(final.issuerScriptResults!), "20" + SCRIPT_ID_1 + "12" + SCRIPT_ID_2);
  t.is(final.tvr[4], 0x10);
  t.is(final.tsi[0] & 0x04, 0x04);
  t.is(de55Tags(final).at(-1), "9F5B");
});

test("Book 3 §10.10: a script holding anything but 9F18 and 86 is not run: result 10, 'Script processing failed before final GENERATE AC'", async (t) => {
  const { card, kernel } = await online({ aip: "1800" });
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerScripts: fromHex(tlv("71", tlv("9F18", SCRIPT_ID_1) + tlv("86", "8424000000") + tlv("9F1A", "0344"))) });
  t.false(afterGenerateAc(card.commands).some((c) => c.startsWith("8424")));
  if (final.kind !== "approved") return t.fail();
  t.is(toHex(final.issuerScriptResults!), "10" + SCRIPT_ID_1);
  t.is(final.tvr[4], 0x20);
});

test("Book 3 §10.10: a script command that is not an APDU fails its script at that command without being sent; scripts that are not BER-TLV fail as one", async (t) => {
  const bad = await online({ aip: "1800" });
  const final = await bad.kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerScripts: fromHex(tlv("72", tlv("86", "8424000005AA"))) });
  if (final.kind !== "approved") return t.fail();
  t.is(toHex(final.issuerScriptResults!), "1100000000");
  t.is(final.tvr[4], 0x10);
  const garbage = await online({ aip: "1800" });
  const g = await garbage.kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerScripts: fromHex("7105860384") });
  if (g.kind !== "approved") return t.fail();
  t.is(toHex(g.issuerScriptResults!), "1000000000");
  t.is(g.tvr[4], 0x20);
});

test("Book 3 §10.10: a card pulled during a script after the final GENERATE AC fails that script, not the decided transaction", async (t) => {
  const { card, kernel } = await online({ aip: "1800" });
  card.removeOn((c) => c.cla === 0x84);
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00", issuerScripts: fromHex(tlv("72", tlv("86", "8424000000"))) });
  t.like(final, { kind: "approved", path: "online" });
  if (final.kind === "approved") t.is(toHex(final.issuerScriptResults!), "1100000000");
});

test("Book 3 §10.9: a card gone before completion ends it as card-removed at the online step, with the TVR, TSI and CVM Results of the ARQC", async (t) => {
  const { card, kernel, first } = await online();
  card.remove();
  const end = await kernel.complete({ kind: "host", approved: true, responseCode: "00" });
  t.like(end, { kind: "card-removed", step: "online" });
  const status = end as { tvr?: Uint8Array; tsi?: Uint8Array; cvmResults?: Uint8Array };
  // no command reached the card after the first GENERATE AC: nothing in the TVR or CVM Results changed since
  if (first.kind !== "online") return t.fail(`first outcome ${first.kind}`);
  t.is(toHex(status.tvr!), toHex(first.tvr));
  t.is(toHex(status.cvmResults!), toHex(first.cvmResults));
  t.truthy(status.tsi);
});

test("Book 3 §6.5.5.4: a second GENERATE AC answering 6985 ends the application at completion (the host approved: the terminal reverses)", async (t) => {
  const { kernel } = await online({ profile: { generateAc: (p1, _d, n) => (n === 0 ? `800B${(p1 & 0xc0).toString(16)}0001A1A2A3A4A5A6A7A89000` : "6985") } });
  const final = await kernel.complete({ kind: "host", approved: true, responseCode: "00" });
  t.like(final, { kind: "end-application", step: "completion", reason: "status", sw: 0x6985, fallback: false });
});

test("complete() with no transaction awaiting it is EMV_KERNEL_STATE; an answer without a two-character response code is EMV_KERNEL_INPUT", async (t) => {
  const { kernel } = await online();
  await t.throwsAsync(kernel.complete({ kind: "host", approved: true, responseCode: "000" }), { code: "EMV_KERNEL_INPUT", instanceOf: EmvError });
  await t.throwsAsync(kernel.complete({ kind: "host" } as unknown as HostAnswer), { code: "EMV_KERNEL_INPUT" });
  kernel.abort();
  await t.throwsAsync(kernel.complete({ kind: "unable-to-go-online" }), { code: "EMV_KERNEL_STATE" });
});
