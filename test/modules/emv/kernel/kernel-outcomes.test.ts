import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { Iso7816Error } from "../../../../modules/iso7816/error.ts";
import type { CommandApdu, ResponseApdu } from "../../../../modules/iso7816/apdu.ts";
import type { ApduTransport } from "../../../../modules/iso7816/transport.ts";
import { EmvError } from "../../../../modules/emv/error.ts";
import { EmvKernel } from "../../../../modules/emv/kernel/kernel.ts";
import type { ApduExchange, CardholderPort, PinEntry } from "../../../../modules/emv/kernel/ports.ts";
import type { EmvTransaction } from "../../../../modules/emv/kernel/transaction.ts";
import type { KernelOutcome } from "../../../../modules/emv/kernel/outcome.ts";
import { parseTlv } from "../../../../modules/emv/tlv.ts";
import { format2PinBlock, ScriptedCardholder } from "../../../support/emv-cardholder.ts";
import { adfFci, EmvTestCard, record, tlv } from "../../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { fixedRandomCrypto, testCrypto } from "../../../support/crypto.ts";
import { TEST_CA } from "../oda/fixtures.ts";
import { TEST_PKI } from "../oda/test-pki.ts";
import { PURCHASE } from "./kernel-fixture.ts";
import { testCard, type TestCardOptions } from "./test-cards.ts";

const ZERO_IACS = [tlv("9F0D", "0000000000"), tlv("9F0E", "0000000000"), tlv("9F0F", "0000000000")];
const ZERO_TACS = { tacDenial: fromHex("0000000000"), tacOnline: fromHex("0000000000"), tacDefault: fromHex("0000000000") };

function kernelFor(card: ApduTransport, options: { aid?: Parameters<typeof aidEntry>[1]; cardholder?: CardholderPort; trace?: (e: ApduExchange) => void } = {}) {
  const config = kernelConfig([aidEntry("A0000000041010", options.aid)]);
  return new EmvKernel({ transport: card, crypto: testCrypto(), config, cardholder: options.cardholder ?? new ScriptedCardholder(), trace: options.trace });
}

test("Book 3 §10.7-10.8: with nothing in the action codes a TC is asked for and given: approved offline, response code Y1 in CDOL1", async (t) => {
  const card = testCard({ extra: ZERO_IACS });
  const outcome = await kernelFor(card, { aid: ZERO_TACS }).start(PURCHASE);
  t.like(outcome, { kind: "approved", path: "offline", requested: "TC", cid: 0x40, authorisationResponseCode: "Y1", odaMethod: "none" });
  const genac = card.commands.find((c) => c.startsWith("80AE"))!;
  t.true(genac.startsWith("80AE4000"));
  t.true(genac.endsWith("593100"));
  if (outcome.kind === "approved") {
    // ODA not performed; TSI: cardholder verification, card risk management, terminal risk management
    t.is(toHex(outcome.tvr), "8000000000");
    t.is(toHex(outcome.tsi), "6800");
    t.is(toHex(outcome.cvmResults), "1F0002");
  }
});

test("Book 3 §10.7: a TVR bit in the TAC Denial asks for an AAC: declined offline with Z1", async (t) => {
  const card = testCard({ extra: ZERO_IACS });
  const outcome = await kernelFor(card, { aid: { ...ZERO_TACS, tacDenial: fromHex("8000000000") } }).start(PURCHASE);
  t.like(outcome, { kind: "declined", path: "offline", requested: "AAC", cid: 0x00, authorisationResponseCode: "Z1" });
});

test("Book 3 annex C5: a merchant forcing the transaction online sets TVR byte 4 b4, which a TAC Online naming it turns into an ARQC", async (t) => {
  const card = testCard({ extra: ZERO_IACS });
  const outcome = await kernelFor(card, { aid: { ...ZERO_TACS, tacOnline: fromHex("0000000800") } }).start({ ...PURCHASE, forceOnline: true });
  t.like(outcome, { kind: "online", requested: "ARQC" });
  if (outcome.kind === "online") t.is(toHex(outcome.tvr), "8000000800");
});

test("Book 3 §10.7 (the cryptogram the terminal asks for): a refund asks for an AAC and so ends declined offline", async (t) => {
  const outcome = await kernelFor(testCard()).start({ ...PURCHASE, type: "refund" });
  t.like(outcome, { kind: "declined", path: "offline", requested: "AAC" });
});

// the test PKI's card (test/modules/emv/oda/test-pki.ts): its static data as the one ODA record, certificates in the next ones
function pkiCard(aip: string, generateAc?: (p1: number, data: Uint8Array, n: number) => string): EmvTestCard {
  const P = TEST_PKI;
  const n = (h: string) => h.length / 2;
  return new EmvTestCard({
    applications: [{ fci: adfFci("A0000099991010") }],
    gpo: tlv("80", aip + "08010401"),
    records: {
      "1.1": record(P.staticData),
      "1.2": record(tlv("8F", P.caIndex.toString(16).toUpperCase()), tlv("90", P.issuerCertificates.valid.certificate), tlv("92", P.issuerCertificates.valid.remainder), tlv("9F32", P.issuerKey.exponent)),
      "1.3": record(tlv("9F46", P.iccCertificates.valid.certificate), tlv("9F47", P.iccKey.exponent), tlv("9F48", P.iccCertificates.valid.remainder), tlv("9F49", "9F3704")),
      "1.4": record(tlv("8C", "9F02069F03069F1A0295055F2A029A039C019F37049F35019F3403"), tlv("8D", "8A0295059F3704")),
    },
    internalAuthenticate: "8081" + n(P.dynamicSignatures.valid).toString(16).toUpperCase() + P.dynamicSignatures.valid,
    generateAc,
  });
}

function pkiKernel(card: EmvTestCard, cardholder: CardholderPort, terminal: { capabilities?: string } = {}) {
  const aid = aidEntry("A0000099991010");
  const config = kernelConfig([aid], { caKeys: [TEST_CA], terminal: { countryCode: "978", currencyCode: "978", ...(terminal.capabilities ? { capabilities: fromHex(terminal.capabilities) } : {}) } });
  return new EmvKernel({ transport: card, crypto: fixedRandomCrypto(fromHex(TEST_PKI.ddolData)), config, cardholder });
}

test("Book 3 §10, test PKI card: DDA succeeds (keys under the test CA, INTERNAL AUTHENTICATE verified), its CVM List's online PIN sends it online", async (t) => {
  const card = pkiCard("3000");
  const cardholder = new ScriptedCardholder({ pins: [{ kind: "online-pin" }] });
  const outcome = await pkiKernel(card, cardholder).start({ ...PURCHASE, amount: 1000 });
  t.like(outcome, { kind: "online", odaMethod: "DDA", onlinePin: true });
  if (outcome.kind !== "online") return;
  // online PIN entered (byte 3 b3) is in the sample Mastercard TAC Online; no ODA bit
  t.is(toHex(outcome.tvr), "0000040000");
  t.is(toHex(outcome.tsi), "E000");
  t.is(toHex(outcome.cvmResults), "020300");
  t.deepEqual(outcome.card, { pan: "6799998900000060018", panSequenceNumber: "01", expiry: "281231" });
  t.deepEqual(
    card.commands.filter((c) => c.startsWith("0088")),
    [`0088000004${TEST_PKI.ddolData}00`],
  );
});

test("Book 2 §6.6.2: a CDA signature that does not verify on an ARQC: 'CDA failed', the card is told AAC in a second GENERATE AC, declined", async (t) => {
  // the test PKI's ARQC was signed over other CDOL1 data, so its transaction data hash cannot match
  const card = pkiCard("3100", (p1, _d, n) => (n === 0 ? TEST_PKI.cda.arqc + "9000" : "800B000043A1A2A3A4A5A6A7A89000"));
  const outcome = await pkiKernel(card, new ScriptedCardholder({ pins: [{ kind: "online-pin" }] })).start({ ...PURCHASE, amount: 1000 });
  t.like(outcome, { kind: "declined", path: "offline", cdaFailed: true, requested: "AAC", authorisationResponseCode: "Z1" });
  const genacs = card.commands.filter((c) => c.startsWith("80AE"));
  t.deepEqual(genacs.map((c) => c.slice(4, 6)), ["90", "00"]);
  if (outcome.kind === "declined") t.is(outcome.tvr[0], 0x04);
});

// a card whose removal is triggered by the named command
async function removedAt(options: TestCardOptions, when: (c: CommandApdu) => boolean, cardholder?: CardholderPort) {
  const card = testCard(options);
  card.removeOn(when);
  return kernelFor(card, { cardholder }).start(PURCHASE);
}

/** The outcome's kind and step, and whether it carries the TVR, TSI and CVM Results (only once GET PROCESSING OPTIONS has passed). */
function removal(o: KernelOutcome) {
  const status = o as { tvr?: Uint8Array; tsi?: Uint8Array; cvmResults?: Uint8Array };
  return { kind: o.kind, step: (o as { step?: string }).step, status: [status.tvr, status.tsi, status.cvmResults].map((b) => (b ? toHex(b) : undefined)) };
}

const NO_STATUS = [undefined, undefined, undefined];

test("Book 3 §10.1-§10.11: a card pulled at each step ends the transaction as card-removed, naming the step; the TVR, TSI and CVM Results come with it once GPO has passed", async (t) => {
  t.deepEqual(removal(await removedAt({}, (c) => c.ins === 0xa4)), { kind: "card-removed", step: "selection", status: NO_STATUS });
  t.deepEqual(removal(await removedAt({}, (c) => c.ins === 0xa8)), { kind: "card-removed", step: "initiation", status: NO_STATUS });
  // Book 3 §10.1 zeroes TVR and TSI; no CVM performed yet is 3F0000 (Book 4 annex A4)
  t.deepEqual(removal(await removedAt({}, (c) => c.ins === 0xb2)), { kind: "card-removed", step: "read-records", status: ["0000000000", "0000", "3F0000"] });
  const cvm = removal(await removedAt({ cvmList: "00000000000000000100", profile: { pin: "1234" } }, (c) => c.ins === 0x20, new ScriptedCardholder({ pins: [{ pin: "1234" }] })));
  t.like(cvm, { kind: "card-removed", step: "cvm" });
  t.true(cvm.status.every((b) => b !== undefined), "status past GPO");
  const rm = removal(await removedAt({ extra: [tlv("9F14", "01"), tlv("9F23", "02")] }, (c) => c.ins === 0xca));
  t.like(rm, { kind: "card-removed", step: "risk-management" });
  t.true(rm.status.every((b) => b !== undefined), "status past GPO");
  const aa = removal(await removedAt({}, (c) => c.ins === 0xae));
  t.like(aa, { kind: "card-removed", step: "action-analysis" });
  t.true(aa.status.every((b) => b !== undefined), "status past GPO");
  const oda = pkiCard("2000");
  oda.removeOn((c) => c.ins === 0x88);
  const odaOutcome = removal(await pkiKernel(oda, new ScriptedCardholder()).start(PURCHASE));
  t.like(odaOutcome, { kind: "card-removed", step: "oda" });
  t.true(odaOutcome.status.every((b) => b !== undefined), "status past GPO");
});

test("Book 3 §10.5: a card pulled while the cardholder is entering the PIN ends the transaction as card-removed without waiting for the PIN pad", async (t) => {
  const card = testCard({ cvmList: "00000000000000000100", profile: { pin: "1234" } });
  const cardholder: CardholderPort = {
    enterPin: () => {
      card.remove();
      return new Promise<PinEntry>(() => undefined);
    },
  };
  t.like(await kernelFor(card, { cardholder }).start(PURCHASE), { kind: "card-removed", step: "cvm" });
});

test("Book 3 §10.5: a PIN entry that was cancelled ends as cancelled with cause cancel; one that timed out, with cause timeout; each in the cvm step with the status past GPO", async (t) => {
  for (const [entry, cause] of [[{ kind: "cancelled" }, "cancel"], [{ kind: "timed-out" }, "timeout"]] as const) {
    const card = testCard({ cvmList: "00000000000000000100", profile: { pin: "1234" } });
    const outcome = await kernelFor(card, { cardholder: new ScriptedCardholder({ pins: [entry] }) }).start(PURCHASE);
    t.like(outcome, { kind: "cancelled", step: "cvm", cause }, entry.kind);
    t.true(removal(outcome).status.every((b) => b !== undefined), `status past GPO (${entry.kind})`);
    t.false(card.commands.some((c) => c.startsWith("0020")), `no VERIFY sent (${entry.kind})`);
  }
});

/** A reader whose chip stops answering at the nth command. */
class MuteAfter implements ApduTransport {
  present = true;
  #card: EmvTestCard;
  #left: number;
  constructor(card: EmvTestCard, commands: number) {
    this.#card = card;
    this.#left = commands;
  }
  transmit(command: CommandApdu | Uint8Array): Promise<ResponseApdu> {
    if (this.#left-- <= 0) return Promise.reject(new Iso7816Error("CARD_MUTE", "no answer within the waiting time"));
    return this.#card.transmit(command);
  }
  subscribe() {
    return () => undefined;
  }
}

test("Book 1 §9, §12.3: a chip that stops answering ends the application as card-io; before an application is under way, with fallback", async (t) => {
  t.like(await kernelFor(new MuteAfter(testCard(), 0)).start(PURCHASE), { kind: "end-application", step: "selection", reason: "card-io", fallback: true });
  // SELECT of the PSE (6A82), of the AID, final SELECT, GET PROCESSING OPTIONS, then mute at READ RECORD
  t.like(await kernelFor(new MuteAfter(testCard(), 4)).start(PURCHASE), { kind: "end-application", step: "read-records", reason: "card-io", fallback: false });
});

test("Book 3 §6.5.12 (VERIFY): the trace sees every exchange in order; only VERIFY's data is replaced, so the PIN block appears nowhere in it", async (t) => {
  const trace: ApduExchange[] = [];
  const card = testCard({ cvmList: "00000000000000000100", profile: { pin: "1234" } });
  await kernelFor(card, { cardholder: new ScriptedCardholder({ pins: [{ pin: "9999" }, { pin: "1234" }] }), trace: (e) => trace.push(e) }).start(PURCHASE);
  t.deepEqual(
    trace.map((e) => toHex(e.command)),
    card.commands.map((c) => (c.startsWith("00200080") ? c.slice(0, 10) + "0000000000000000" : c)),
  );
  t.deepEqual(
    trace.filter((e) => e.redacted).map((e) => toHex(e.response!)),
    ["63C2", "9000"],
  );
  const blocks = [format2PinBlock("9999"), format2PinBlock("1234")].map(toHex);
  for (const e of trace) for (const block of blocks) t.false(toHex(e.command).includes(block));
});

test("Book 4 §12.1 (authorisation request content): DE 55 lists the authorization's tags in the usual order, those with a value", async (t) => {
  const outcome = await kernelFor(testCard()).start({ ...PURCHASE, sequenceCounter: 42 });
  if (outcome.kind !== "online") return t.fail();
  const tags = parseTlv(outcome.de55).map((o) => o.tag);
  t.deepEqual(tags, ["9F26", "9F27", "9F10", "9F37", "9F36", "95", "9A", "9C", "9F02", "5F2A", "82", "9F1A", "9F03", "9F33", "9F34", "9F35", "9F1E", "84", "9F09", "9F41", "5F34"]);
  const values = new Map(parseTlv(outcome.de55).map((o) => [o.tag, toHex(o.value)]));
  t.is(values.get("9F41"), "00000042");
  t.is(values.get("9F02"), "000000005000");
  t.is(values.get("95"), toHex(outcome.tvr));
});

test("a transaction the kernel cannot run is EMV_KERNEL_INPUT before any command reaches the card", async (t) => {
  const card = testCard();
  const kernel = kernelFor(card);
  const bad: Partial<EmvTransaction>[] = [
    { amount: -1 },
    { amount: 1.5 },
    { amount: 1_000_000_000_000 },
    { type: "sale" as EmvTransaction["type"] },
    { date: "251301" },
    { date: "2506150" },
    { time: "246000" },
    { otherAmount: 100 },
    { type: "cashback", otherAmount: 6000 },
    { sequenceCounter: 0 },
    { service: "food" as EmvTransaction["service"] },
  ];
  for (const over of bad) {
    await t.throwsAsync(kernel.start({ ...PURCHASE, ...over }), { instanceOf: EmvError, code: "EMV_KERNEL_INPUT" }, JSON.stringify(over));
  }
  t.deepEqual(card.commands, []);
});

test("a kernel without a PIN port is EMV_KERNEL_INPUT", (t) => {
  t.throws(() => new EmvKernel({ transport: testCard(), crypto: testCrypto(), config: kernelConfig([aidEntry("A0000000041010")]), cardholder: {} as CardholderPort }), {
    code: "EMV_KERNEL_INPUT",
  });
});
