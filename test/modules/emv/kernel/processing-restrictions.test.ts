import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { processingRestrictions } from "../../../../modules/emv/kernel/processing-restrictions.ts";
import type { EmvTransaction } from "../../../../modules/emv/kernel/transaction.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { contextAfterSelection, stopOf } from "./kernel-fixture.ts";

/** The TVR after processing restrictions on a card with these objects (5F24 defaults to 281231); terminal country 344. */
function tvrAfter(card: Record<string, string>, options: { transaction?: Partial<EmvTransaction>; terminalType?: string; versions?: string[] } = {}): string {
  const aid = aidEntry("A0000000041010", options.versions ? { applicationVersions: options.versions.map(fromHex) } : {});
  const config = kernelConfig([aid], { terminal: options.terminalType ? { terminalType: options.terminalType } : {} });
  const ctx = contextAfterSelection({ aid, config, transaction: options.transaction, card: { "5F24": "281231", ...card } });
  processingRestrictions(ctx);
  return toHex(ctx.tvr);
}

test("Book 3 §10.4.1: an Application Version Number (9F08) the terminal does not support sets TVR byte 2 b8; a supported one or none sets nothing", (t) => {
  t.is(tvrAfter({ "9F08": "0002" }), "0000000000");
  t.is(tvrAfter({ "9F08": "0003" }), "0080000000");
  t.is(tvrAfter({}), "0000000000");
  // the terminal may support several versions (modules/config's UnionPay sample: 0030 and 0020)
  t.is(tvrAfter({ "9F08": "0020" }, { versions: ["0030", "0020"] }), "0000000000");
});

test("Book 3 §10.4.2: an AUC valid everywhere (FFC0, the Maestro card's) sets nothing, at home and abroad", (t) => {
  t.is(tvrAfter({ "9F07": "FFC0", "5F28": "0344" }), "0000000000");
  t.is(tvrAfter({ "9F07": "FFC0", "5F28": "0643" }), "0000000000");
});

test("Book 3 §10.4.2: an AUC not valid at terminals other than ATMs (b1) sets 'Requested service not allowed' (TVR byte 2 b5) at a shop", (t) => {
  t.is(tvrAfter({ "9F07": "FEC0" }), "0010000000");
});

test("Book 3 §10.4.2, Book 4 annex A1: at an ATM (type 14 with cash in 9F40) the AUC must be valid at ATMs (b2)", (t) => {
  t.is(tvrAfter({ "9F07": "FDC0", "5F28": "0344" }, { terminalType: "14", transaction: { type: "cash" } }), "0010000000");
  t.is(tvrAfter({ "9F07": "FFC0", "5F28": "0344" }, { terminalType: "14", transaction: { type: "cash" } }), "0000000000");
});

test("Book 3 §10.4.2: a purchase checks domestic or international goods (or services), by the Issuer Country Code against the Terminal Country Code", (t) => {
  // domestic goods only
  t.is(tvrAfter({ "9F07": "2100", "5F28": "0344" }), "0000000000");
  t.is(tvrAfter({ "9F07": "2100", "5F28": "0840" }), "0010000000");
  // international goods only
  t.is(tvrAfter({ "9F07": "1100", "5F28": "0840" }), "0000000000");
  t.is(tvrAfter({ "9F07": "1100", "5F28": "0344" }), "0010000000");
  // services: domestic services only
  t.is(tvrAfter({ "9F07": "0900", "5F28": "0344" }, { transaction: { service: "services" } }), "0000000000");
  t.is(tvrAfter({ "9F07": "0900", "5F28": "0344" }), "0010000000");
});

test("Book 3 §10.4.2: cash checks domestic or international cash; cashback the cashback bits of byte 2 as well as goods", (t) => {
  t.is(tvrAfter({ "9F07": "8100", "5F28": "0344" }, { transaction: { type: "cash" } }), "0000000000");
  t.is(tvrAfter({ "9F07": "8100", "5F28": "0840" }, { transaction: { type: "cash" } }), "0010000000");
  const cashback = { type: "cashback" as const, amount: 5000, otherAmount: 1000 };
  t.is(tvrAfter({ "9F07": "2180", "5F28": "0344" }, { transaction: cashback }), "0000000000");
  t.is(tvrAfter({ "9F07": "2140", "5F28": "0344" }, { transaction: cashback }), "0010000000");
  t.is(tvrAfter({ "9F07": "1140", "5F28": "0840" }, { transaction: cashback }), "0000000000");
});

test("Book 3 §10.4.2: without the Issuer Country Code only the ATM check applies", (t) => {
  t.is(tvrAfter({ "9F07": "0100" }), "0000000000");
});

test("Book 3 §10.4.3: before the Application Effective Date (5F25) sets TVR byte 2 b6; on or after it, nothing", (t) => {
  t.is(tvrAfter({ "5F25": "250616" }), "0020000000");
  t.is(tvrAfter({ "5F25": "250615" }), "0000000000");
});

test("Book 3 §10.4.3: after the Application Expiration Date (5F24) sets TVR byte 2 b7; on the day itself, nothing", (t) => {
  t.is(tvrAfter({ "5F24": "250614" }), "0040000000");
  t.is(tvrAfter({ "5F24": "250615" }), "0000000000");
});

test("Book 4 date management: two-digit years 00-49 are 20YY, 50-99 are 19YY (an expiry of 491231 is valid in 2025, 501231 long past)", (t) => {
  t.is(tvrAfter({ "5F24": "491231" }), "0000000000");
  t.is(tvrAfter({ "5F24": "501231" }), "0040000000");
  t.is(tvrAfter({ "5F25": "991231" }), "0000000000");
});

test("Book 3 §10.2: an expiration or effective date that is not a date, or an AUC not 2 bytes, ends the transaction (data-invalid)", async (t) => {
  const cards: Record<string, string>[] = [{ "5F24": "251301" }, { "5F24": "2512" }, { "5F25": "2506AB" }, { "9F07": "FF" }];
  for (const card of cards) {
    const ctx = contextAfterSelection({ card: { "5F24": "281231", ...card } });
    t.is(await stopOf(() => processingRestrictions(ctx)), "end-application:data-invalid", JSON.stringify(card));
  }
});
