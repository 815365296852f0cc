import test from "ava";
import { fromHex } from "../../../../modules/core/hex.ts";
import { connectivity, defaultActionAnalysis, terminalActionAnalysis } from "../../../../modules/emv/kernel/terminal-action-analysis.ts";
import type { TransactionType } from "../../../../modules/emv/kernel/transaction.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { MAESTRO } from "../vectors.ts";
import { contextAfterSelection, stopOf } from "./kernel-fixture.ts";

/** The Maestro card's Issuer Action Codes (lumag/emv-tools): Default B850BC8000, Denial 0000000000, Online B870BC9800. */
const MAESTRO_IACS = { "9F0D": "B850BC8000", "9F0E": "0000000000", "9F0F": "B870BC9800" };
const ZERO = "0000000000";

function analysis(tvr: string, options: { card?: Record<string, string>; terminalType?: string; tac?: { denial?: string; online?: string; default?: string }; type?: TransactionType } = {}) {
  const aid = aidEntry("A0000000041010", {
    tacDenial: fromHex(options.tac?.denial ?? ZERO),
    tacOnline: fromHex(options.tac?.online ?? ZERO),
    tacDefault: fromHex(options.tac?.default ?? ZERO),
  });
  const config = kernelConfig([aid], { terminal: options.terminalType ? { terminalType: options.terminalType } : {} });
  const ctx = contextAfterSelection({ aid, config, card: options.card, transaction: options.type ? { type: options.type } : {} });
  ctx.tvr.set(fromHex(tvr));
  return ctx;
}

test("Book 4 annex A1: Terminal Types 11/14/21/24 are online only, 12/15/22/25 online capable, 13/16/23/26 offline only", (t) => {
  t.deepEqual([0x11, 0x14, 0x21, 0x24, 0x34].map(connectivity), ["online-only", "online-only", "online-only", "online-only", "online-only"]);
  t.deepEqual([0x12, 0x15, 0x22, 0x25, 0x35].map(connectivity), ["online-capable", "online-capable", "online-capable", "online-capable", "online-capable"]);
  t.deepEqual([0x13, 0x16, 0x23, 0x26, 0x36].map(connectivity), ["offline-only", "offline-only", "offline-only", "offline-only", "offline-only"]);
});

test("Book 3 §10.7: a TVR bit in the TAC or the IAC Denial asks for an AAC", (t) => {
  t.is(terminalActionAnalysis(analysis("0040000000", { tac: { denial: "0040000000" } })), "AAC");
  t.is(terminalActionAnalysis(analysis("0040000000", { card: { ...MAESTRO_IACS, "9F0E": "0040000000" } })), "AAC");
});

test("Book 3 §10.7: at an online-capable terminal the Maestro card's IAC Online sends 'DDA failed' online and leaves a clean TVR to a TC", (t) => {
  t.is(terminalActionAnalysis(analysis("0800000000", { card: MAESTRO_IACS })), "ARQC");
  t.is(terminalActionAnalysis(analysis(ZERO, { card: MAESTRO_IACS })), "TC");
  // 'ICC and terminal have different application versions' is in neither Online code: TC
  t.is(terminalActionAnalysis(analysis("0080000000", { card: MAESTRO_IACS })), "TC");
  t.is(MAESTRO.iacOnline.replace(/ /g, ""), MAESTRO_IACS["9F0F"]);
});

test("Book 3 §10.7: absent IACs count as Denial all zeros and Online all ones: any TVR bit goes online, none gives a TC", (t) => {
  t.is(terminalActionAnalysis(analysis("0000000001")), "ARQC");
  t.is(terminalActionAnalysis(analysis(ZERO)), "TC");
});

test("Book 3 §10.7: an online-only terminal always asks for an ARQC unless denied", (t) => {
  t.is(terminalActionAnalysis(analysis(ZERO, { terminalType: "21", card: MAESTRO_IACS })), "ARQC");
  t.is(terminalActionAnalysis(analysis("0040000000", { terminalType: "21", tac: { denial: "0040000000" } })), "AAC");
});

test("Book 3 §10.7: an offline-only terminal decides by the Default codes (absent IAC Default: all ones)", (t) => {
  t.is(terminalActionAnalysis(analysis("0800000000", { terminalType: "23", card: MAESTRO_IACS })), "AAC");
  t.is(terminalActionAnalysis(analysis("0080000000", { terminalType: "23", card: MAESTRO_IACS })), "TC");
  t.is(terminalActionAnalysis(analysis("0000000001", { terminalType: "23" })), "AAC");
  t.is(terminalActionAnalysis(analysis("0000000001", { terminalType: "23", card: { "9F0D": ZERO } })), "TC");
  t.is(terminalActionAnalysis(analysis("0000000001", { terminalType: "23", card: { "9F0D": ZERO }, tac: { default: "0000000001" } })), "AAC");
});

test("Book 3 §10.7: after failing to go online, the Default codes decide (defaultActionAnalysis)", (t) => {
  t.is(defaultActionAnalysis(analysis("0800000000", { card: MAESTRO_IACS })), "AAC");
  t.is(defaultActionAnalysis(analysis("0080000000", { card: MAESTRO_IACS })), "TC");
});

test("Book 3 §10.7 (the cryptogram the terminal asks for): a refund asks the card for an AAC: there is nothing for it to approve", (t) => {
  t.is(terminalActionAnalysis(analysis(ZERO, { type: "refund", terminalType: "21" })), "AAC");
});

test("Book 3 §10.7: an Issuer Action Code that is not 5 bytes ends the transaction (data-invalid)", async (t) => {
  t.is(await stopOf(() => terminalActionAnalysis(analysis(ZERO, { card: { "9F0F": "B870BC98" } }))), "end-application:data-invalid");
});
