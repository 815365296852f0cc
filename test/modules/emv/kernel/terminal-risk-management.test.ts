import test from "ava";
import { fromHex, toHex } from "../../../../modules/core/hex.ts";
import { randomlySelected, randomPercent } from "../../../../modules/emv/kernel/random-selection.ts";
import { terminalRiskManagement } from "../../../../modules/emv/kernel/terminal-risk-management.ts";
import { EmvTestCard } from "../../../support/emv-card.ts";
import { aidEntry, kernelConfig } from "../../../support/emv-config.ts";
import { fixedRandomCrypto } from "../../../support/crypto.ts";
import { contextAfterSelection, session } from "./kernel-fixture.ts";

/*
 * Velocity cases from openemv/emv-utils, tests/emv_terminal_risk_management_test.c:
 * floor limit 100.00, amount 50.00, Lower Consecutive Offline Limit 18
 * (0x12), Upper 52 (0x34), ATC 1234 (04D2), and the Last Online ATC
 * Register each case gives.
 */

async function trm(options: { amount?: number; aip?: string; card?: Record<string, string>; data?: Record<string, string>; randomByte?: string; aid?: Parameters<typeof aidEntry>[1]; exceptionFile?: string[] }) {
  const aid = aidEntry("A0000000041010", options.aid);
  const config = kernelConfig([aid], { exceptionFile: options.exceptionFile });
  const crypto = fixedRandomCrypto(fromHex(options.randomByte ?? "FF"));
  const ctx = contextAfterSelection({ aid, config, aip: options.aip ?? "0800", transaction: { amount: options.amount ?? 5000 }, card: { "5A": "5413330089020011", ...options.card }, crypto });
  const card = new EmvTestCard({ applications: [], data: options.data });
  await terminalRiskManagement(ctx, session(card), crypto);
  return { tvr: toHex(ctx.tvr), tsi: toHex(ctx.tsi), commands: card.commands };
}

const LIMITS = { "9F14": "12", "9F23": "34" };
const atcs = (lastOnline: string, atc = "04D2") => ({ "9F36": "9F3602" + atc, "9F13": "9F1302" + lastOnline });

test("Book 3 §10.6.3: ATC 1234, Last Online 1233 with limits 18 and 52: nothing set, TSI b4 (emv-utils 'No risk found')", async (t) => {
  const r = await trm({ card: LIMITS, data: atcs("04D1") });
  t.deepEqual(r.commands, ["80CA9F3600", "80CA9F1300"]);
  t.is(r.tvr, "0000000000");
  t.is(r.tsi, "0800");
});

test("Book 3 §10.6.1: an amount at or above the floor limit sets TVR byte 4 b8 (emv-utils 'Floor limit exceeded without transaction log')", async (t) => {
  t.is((await trm({ amount: 15000 })).tvr, "0000008000");
  t.is((await trm({ amount: 10000 })).tvr, "0000008000");
  t.is((await trm({ amount: 9999 })).tvr, "0000000000");
});

test("Book 3 §10.6.3: 18 offline since the last online is at the lower limit, 19 above it (emv-utils 'Lower Consecutive Offline Limit matched/exceeded')", async (t) => {
  t.is((await trm({ card: LIMITS, data: atcs("04C0") })).tvr, "0000000000");
  t.is((await trm({ card: LIMITS, data: atcs("04BF") })).tvr, "0000004000");
});

test("Book 3 §10.6.3: 52 offline is at the upper limit, 53 above it (emv-utils 'Upper Consecutive Offline Limit matched/exceeded')", async (t) => {
  t.is((await trm({ card: LIMITS, data: atcs("049E") })).tvr, "0000004000");
  t.is((await trm({ card: LIMITS, data: atcs("049D") })).tvr, "0000006000");
});

test("Book 3 §10.6.3: when the ATC or the Last Online ATC Register cannot be read both limits count as exceeded (emv-utils 'Velocity checking not possible')", async (t) => {
  t.is((await trm({ card: LIMITS })).tvr, "0000006000");
});

test("Book 3 §10.6.3: a Last Online ATC Register of zero is a new card (TVR byte 2 b4), with or without the ATC (emv-utils 'New card', 'New card with no ATC')", async (t) => {
  t.is((await trm({ card: LIMITS, data: atcs("0000", "0005") })).tvr, "0008000000");
  t.is((await trm({ card: LIMITS, data: { "9F13": "9F13020000" } })).tvr, "0008006000");
});

test("Book 3 §10.6.3: an ATC not above the register counts both limits as exceeded", async (t) => {
  t.is((await trm({ card: LIMITS, data: atcs("04D2") })).tvr, "0000006000");
});

test("Book 3 §10.6.3: without both Consecutive Offline Limits there is no velocity checking (no GET DATA)", async (t) => {
  const r = await trm({ card: { "9F14": "12" } });
  t.deepEqual(r.commands, []);
  t.is(r.tvr, "0000000000");
});

test("Book 3 §10.6: without AIP byte 1 b4 the terminal risk management checks are not run and the TSI bit stays clear", async (t) => {
  const r = await trm({ aip: "0000", amount: 15000, card: LIMITS });
  t.is(r.tvr, "0000000000");
  t.is(r.tsi, "0000");
  t.deepEqual(r.commands, []);
});

test("Book 3 annex C5: a PAN on the exception file sets TVR byte 1 b5, whatever the AIP says", async (t) => {
  t.is((await trm({ aip: "0000", exceptionFile: ["5413330089020011"] })).tvr, "1000000000");
  t.is((await trm({ aip: "0000", exceptionFile: ["5413330089020029"] })).tvr, "0000000000");
});

test("Book 3 §10.6.2 figure 15: below the threshold a random number up to the Target Percentage selects; above it the percentage grows linearly to the maximum at the floor limit", (t) => {
  const p = { floorLimit: 10000, threshold: 5000, targetPercentage: 20, maxTargetPercentage: 80 };
  t.true(randomlySelected(1000, p, 20));
  t.false(randomlySelected(1000, p, 21));
  // halfway between threshold and floor limit: 20 + (80 - 20) × 2500 / 5000 = 50
  t.true(randomlySelected(7500, p, 50));
  t.false(randomlySelected(7500, p, 51));
  // at the threshold: the target percentage
  t.true(randomlySelected(5000, p, 20));
  t.false(randomlySelected(5000, p, 21));
  // at or above the floor limit floor limit checking decides
  t.false(randomlySelected(10000, p, 1));
});

test("Book 3 §10.6.2: the random number is 1 to 99, each value from two byte values, bytes 198-255 drawn again", (t) => {
  const counts = new Map<number, number>();
  for (let b = 0; b < 198; b++) {
    const n = randomPercent(fixedRandomCrypto(Uint8Array.of(b)));
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  t.is(counts.size, 99);
  t.true([...counts.keys()].every((n) => n >= 1 && n <= 99));
  t.true([...counts.values()].every((c) => c === 2));
});

test("Book 3 §10.6.2: with a Target Percentage of 99 every transaction under the threshold is selected (TVR byte 4 b5)", async (t) => {
  t.is((await trm({ amount: 100, randomByte: "00", aid: { targetPercentage: 99, maxTargetPercentage: 99 } })).tvr, "0000001000");
});
