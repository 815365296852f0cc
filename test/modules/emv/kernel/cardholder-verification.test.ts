import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { EmvError } from "../../../../modules/emv/error.ts";
import { odaTables } from "../../../../modules/emv/kernel/card-keys.ts";
import { cardholderVerification } from "../../../../modules/emv/kernel/cardholder-verification.ts";
import type { TransactionContext } from "../../../../modules/emv/kernel/context.ts";
import { conditionHolds, type CvmSituation } from "../../../../modules/emv/kernel/cvm-rules.ts";
import type { EmvTransaction } from "../../../../modules/emv/kernel/transaction.ts";
import { format2PinBlock, ScriptedCardholder, type PinAnswer } from "../../../support/emv-cardholder.ts";
import { EmvTestCard, type EmvCardProfile } from "../../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { fixedRandomCrypto, testCrypto } from "../../../support/crypto.ts";
import { PKCS1_TEST_KEY, primesMatchModulus, rsaPrivate } from "../../../support/rsa-private.ts";
import { OPENEMV, PYTHON_EMV } from "../vectors.ts";
import { contextAfterSelection, session, stopOf } from "./kernel-fixture.ts";

const hex = (s: string) => toHex(fromHex(s));
const AMOUNTS = "00000000 00000000";

interface Run {
  ctx: TransactionContext;
  card: EmvTestCard;
  cardholder: ScriptedCardholder;
  stop: string | undefined;
}

/** Cardholder verification on a card with this CVM List (and AIP 1800 unless said). */
async function verify(
  cvmList: string | undefined,
  options: { pins?: PinAnswer[]; card?: Partial<EmvCardProfile>; capabilities?: string; onlinePin?: boolean; aip?: string; transaction?: Partial<EmvTransaction>; cardData?: Record<string, string> } = {},
): Promise<Run> {
  const aid = aidEntry("A0000000041010", { onlinePin: options.onlinePin ?? true });
  const config = kernelConfig([aid], { terminal: options.capabilities ? { capabilities: fromHex(options.capabilities) } : {} });
  const ctx = contextAfterSelection({
    aid,
    config,
    aip: options.aip ?? "1800",
    transaction: options.transaction,
    card: { ...(cvmList !== undefined ? { "8E": hex(cvmList) } : {}), ...options.cardData },
  });
  const card = new EmvTestCard({ applications: [], pin: "1234", ...options.card });
  const cardholder = new ScriptedCardholder({ pins: options.pins });
  const stop = await stopOf(() => cardholderVerification(ctx, session(card), testCrypto(), cardholder, odaTables(config)));
  return { ctx, card, cardholder, stop };
}

const results = (r: Run) => toHex(r.ctx.cvmResults);
const tvr = (r: Run) => toHex(r.ctx.tvr);
const tsi = (r: Run) => toHex(r.ctx.tsi);

test("Book 3 §10.5: without AIP byte 1 b5 no CVM is processed: CVM Results 3F0000, TSI clear", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { aip: "0800" });
  t.is(results(r), "3F0000");
  t.is(tsi(r), "0000");
  t.is(tvr(r), "0000000000");
  t.deepEqual(r.card.commands, []);
});

test("Book 3 §10.5: without a CVM List: 'ICC data missing' (TVR byte 1 b6), CVM Results 3F0000, TSI not set", async (t) => {
  const r = await verify(undefined);
  t.is(tvr(r), "2000000000");
  t.is(results(r), "3F0000");
  t.is(tsi(r), "0000");
});

test("Book 3 §10.5.1, python-emv's CVM List (4103 1E03 0203 1F03): plaintext PIN, PIN Try Counter read, VERIFY 9000: CVM Results 410302, TSI b7", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ pin: "1234" }] });
  t.is(r.stop, undefined);
  t.deepEqual(r.card.commands, ["80CA9F1700", "0020008008241234FFFFFFFFFF"]);
  t.deepEqual(r.cardholder.pinRequests, [{ kind: "offline", enciphered: false, retry: false, triesLeft: 3 }]);
  t.is(results(r), "410302");
  t.is(tvr(r), "0000000000");
  t.is(tsi(r), "4000");
  t.deepEqual(r.cardholder.blocks[0], new Uint8Array(8));
});

test("Book 3 §10.5.1: a wrong PIN (63C2) asks again with the tries left; the right one then verifies", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ pin: "9999" }, { pin: "1234" }] });
  t.deepEqual(r.cardholder.pinRequests, [
    { kind: "offline", enciphered: false, retry: false, triesLeft: 3 },
    { kind: "offline", enciphered: false, retry: true, triesLeft: 2 },
  ]);
  t.is(results(r), "410302");
  t.is(tvr(r), "0000000000");
});

test("Book 3 §10.5.1: the last try wrong (63C0) sets 'PIN Try Limit exceeded' (TVR byte 3 b6) and the next rule applies (signature: 1E0300)", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ pin: "0000" }, { pin: "0000" }, { pin: "0000" }] });
  t.is(r.cardholder.pinRequests.length, 3);
  t.is(tvr(r), "0000200000");
  t.is(results(r), "1E0300");
  t.true(r.ctx.signatureRequired);
  t.is(tsi(r), "4000");
});

test("Book 3 §10.5.1: a PIN Try Counter of zero fails the PIN CVM without asking for a PIN; VERIFY answering 6983 likewise sets the limit", async (t) => {
  const zero = await verify(PYTHON_EMV.cvmList, { card: { data: { "9F17": "9F170100" } } });
  t.is(zero.cardholder.pinRequests.length, 0);
  t.is(tvr(zero), "0000200000");
  t.is(results(zero), "1E0300");
  const blocked = await verify(PYTHON_EMV.cvmList, { pins: [{ pin: "1234" }], card: { override: (c) => (c.ins === 0x20 ? "6983" : undefined) } });
  t.is(tvr(blocked), "0000200000");
  t.is(results(blocked), "1E0300");
});

test("Book 3 §10.5.1: without a PIN Try Counter (GET DATA 6A88) the PIN is asked for without a count", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ pin: "1234" }], card: { data: { "9F17": "" }, override: (c) => (c.ins === 0xca ? "6A88" : undefined) } });
  t.deepEqual(r.cardholder.pinRequests, [{ kind: "offline", enciphered: false, retry: false }]);
  t.is(results(r), "410302");
});

test("Book 3 §10.5: a bypassed PIN sets TVR byte 3 b4; later PIN CVMs count as bypassed without asking; No CVM then succeeds (1F0302)", async (t) => {
  // 4103 plaintext PIN, 4203 online PIN, 1F03 no CVM
  const r = await verify(AMOUNTS + "4103 4203 1F03", { pins: [{ kind: "bypassed" }] });
  t.is(r.cardholder.pinRequests.length, 1);
  t.is(tvr(r), "0000080000");
  t.is(results(r), "1F0302");
  t.is(tsi(r), "4000");
});

test("Book 3 §10.5.2: online PIN entered: asked with the card's PAN, 'Online PIN entered' (TVR byte 3 b3), CVM Results 420300 (result unknown), no PIN reaches the kernel", async (t) => {
  const r = await verify(AMOUNTS + "4203 1F03", { pins: [{ kind: "online-pin" }], cardData: { "5A": "5413330089020011" } });
  t.deepEqual(r.cardholder.pinRequests, [{ kind: "online", pan: "5413330089020011" }], "the PAN the issuer's PIN block is built with");
  t.is(tvr(r), "0000040000");
  t.is(results(r), "420300");
  t.true(r.ctx.onlinePin);
  t.deepEqual(r.card.commands, []);
});

test("Book 3 §10.5: a PIN CVM the terminal cannot perform sets 'PIN entry required and PIN pad not present or not working' (TVR byte 3 b5), then b7 decides", async (t) => {
  // the application does not allow online PIN; rule 4200 (always) then 1E00
  const r = await verify(AMOUNTS + "4200 1E00", { onlinePin: false });
  t.is(tvr(r), "0000100000");
  t.is(results(r), "1E0000");
  // the same rule without b7: verification fails
  const failed = await verify(AMOUNTS + "0200 1E00", { onlinePin: false });
  t.is(tvr(failed), "0000900000");
  t.is(results(failed), "020001");
  t.is(tsi(failed), "4000");
});

test("Book 3 §10.5: a PIN pad that is not working (the port answers unavailable) sets TVR byte 3 b5", async (t) => {
  const r = await verify(AMOUNTS + "4103 1E03", { pins: [{ kind: "unavailable" }] });
  t.is(tvr(r), "0000100000");
  t.is(results(r), "1E0300");
});

test("Book 3 annex C3: 'if terminal supports the CVM' (03) skips a CVM the terminal lacks without failing it", async (t) => {
  // Terminal Capabilities byte 2 = 08: No CVM only
  const r = await verify(PYTHON_EMV.cvmList, { capabilities: "600808" });
  t.is(tvr(r), "0000000000");
  t.is(results(r), "1F0302");
});

test("Book 3 annex C3: emv-utils' CVM List test 6 (4201 4403 4103 5E03 4203 1F03) at a terminal with plaintext PIN only and no CVM: the PIN is the first rule that applies", async (t) => {
  const r = await verify(OPENEMV.cvmList6, { capabilities: "608808", pins: [{ pin: "1234" }] });
  t.is(results(r), "410302");
});

test("Book 3 annex C3: 'Fail CVM processing' (00) fails verification: CVM Results 000001, TVR byte 3 b8", async (t) => {
  const r = await verify(AMOUNTS + "0000 1F00");
  t.is(results(r), "000001");
  t.is(tvr(r), "0000800000");
  t.is(tsi(r), "4000");
});

test("Book 3 §10.5: an unrecognised CVM (20) sets 'Unrecognised CVM' (TVR byte 3 b7) and fails", async (t) => {
  const r = await verify(AMOUNTS + "2000");
  t.is(tvr(r), "0000C00000");
  t.is(results(r), "200001");
});

test("Book 3 §10.5: when no rule's condition holds, CVM Results are 3F0001 and verification has failed", async (t) => {
  // unattended cash, manual cash, cashback: none at a shop purchase
  const r = await verify(AMOUNTS + "4101 4104 1F05");
  t.is(results(r), "3F0001");
  t.is(tvr(r), "0000800000");
  t.is(tsi(r), "4000");
});

test("Book 3 annex C3: amounts X and Y count only in the application's currency (9F42 = 5F2A): over Y asks for the PIN, under X then gives No CVM", async (t) => {
  // X = 100000, Y = 1000 (as in emv-utils' CVM List test 3); rules: plaintext PIN if over Y, No CVM if under X
  const list = "000186A0 000003E8 0109 1F06";
  const home = await verify(list, { cardData: { "9F42": "0344" }, pins: [{ pin: "1234" }] });
  t.is(results(home), "010902");
  const abroad = await verify(list, { cardData: { "9F42": "0840" } });
  t.is(results(abroad), "3F0001");
  const small = await verify(list, { cardData: { "9F42": "0344" }, transaction: { amount: 500 } });
  t.is(results(small), "1F0602");
});

test("Book 3 annex C3: plaintext PIN and signature (03): after the PIN, CVM Results 030000 (result unknown) and a signature is required", async (t) => {
  const r = await verify(AMOUNTS + "0300", { pins: [{ pin: "1234" }] });
  t.is(results(r), "030000");
  t.true(r.ctx.signatureRequired);
});

test("Book 3 §10.5: cancelling PIN entry ends the transaction as cancelled", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ kind: "cancelled" }] });
  t.is(r.stop, "cancelled");
});

test("Book 3 §10.5: a PIN entry that timed out ends the transaction as timed out, not as cancelled", async (t) => {
  const r = await verify(PYTHON_EMV.cvmList, { pins: [{ kind: "timed-out" }] });
  t.is(r.stop, "timed-out");
});

test("a PIN port answering an online PIN to an offline request is a programming error (EMV_KERNEL_INPUT)", async (t) => {
  const error = await t.throwsAsync(verify(PYTHON_EMV.cvmList, { pins: [{ kind: "online-pin" }] }));
  t.true(error instanceof EmvError && error.code === "EMV_KERNEL_INPUT");
});

test("Book 2 §7.2: offline enciphered PIN: GET CHALLENGE, then VERIFY (P2 88) with 7F, the PIN block, the challenge and random padding under the card's key", async (t) => {
  t.true(primesMatchModulus());
  const aid = aidEntry("A0000000041010");
  const ctx = contextAfterSelection({ aid, aip: "1800", card: { "8E": hex(AMOUNTS + "0403") } });
  ctx.iccKey = PKCS1_TEST_KEY;
  let recovered: Uint8Array | undefined;
  const card = new EmvTestCard({
    applications: [],
    pin: "1234",
    challenge: "0102030405060708",
    override: (c) => {
      if (c.ins !== 0x20) return undefined;
      recovered = rsaPrivate(c.data!);
      return c.p2 === 0x88 ? "9000" : "6A86";
    },
  });
  const cardholder = new ScriptedCardholder({ pins: [{ pin: "1234" }] });
  await cardholderVerification(ctx, session(card), fixedRandomCrypto(fromHex("AB")), cardholder, odaTables(ctx.config));
  t.deepEqual(cardholder.pinRequests, [{ kind: "offline", enciphered: true, retry: false, triesLeft: 3 }]);
  t.deepEqual(card.commands.slice(0, 2), ["80CA9F1700", "0084000000"]);
  t.true(card.commands[2].startsWith("0020008880"));
  t.is(toHex(recovered!.subarray(0, 17)), "7F" + toHex(format2PinBlock("1234")) + "0102030405060708");
  t.is(toHex(recovered!.subarray(17)), "AB".repeat(128 - 17));
  t.is(toHex(ctx.cvmResults), "040302");
});

test("Book 2 §7.1: with no key to encipher under (no ICC key, no PIN key certificate) the enciphered PIN CVM fails without asking for a PIN", async (t) => {
  const r = await verify(AMOUNTS + "4403 1E03");
  t.is(r.cardholder.pinRequests.length, 0);
  t.is(results(r), "1E0300");
});

test("Book 3 annex C3 table 44: the conditions by transaction type and attendance", (t) => {
  const base: CvmSituation = { type: 0x00, unattended: false, amount: 100, inApplicationCurrency: true, x: 50, y: 200, supported: true };
  const holds = (condition: number, over: Partial<CvmSituation> = {}) => conditionHolds(condition, { ...base, ...over });
  t.true(holds(0x00));
  t.true(holds(0x01, { type: 0x01, unattended: true }));
  t.false(holds(0x01, { type: 0x01 }));
  t.true(holds(0x02));
  t.false(holds(0x02, { type: 0x01 }));
  t.false(holds(0x02, { type: 0x09 }));
  t.false(holds(0x03, { supported: false }));
  t.true(holds(0x04, { type: 0x01 }));
  t.false(holds(0x04, { type: 0x01, unattended: true }));
  t.true(holds(0x05, { type: 0x09 }));
  t.deepEqual([6, 7, 8, 9].map((c) => holds(c)), [false, true, true, false]);
  t.deepEqual([6, 7, 8, 9].map((c) => holds(c, { inApplicationCurrency: false })), [false, false, false, false]);
  // amounts equal to X or Y are neither under nor over
  t.deepEqual([6, 7].map((c) => holds(c, { amount: 50 })), [false, false]);
  t.false(holds(0x0a));
  t.false(holds(0x80));
});
