/**
 * The terminal's small parts on their own: the cash split of a basket,
 * the limits, the manager PIN's digest in the key store, the chip data
 * the terminal passes on.
 */
import test from "ava";
import { fromHex } from "../../../modules/core/hex.ts";
import { MemoryKeyStore } from "../../../modules/core/key-store.ts";
import { basketTotal, splitCash } from "../../../modules/terminal/basket.ts";
import { issuerAnswer, panInRecord, track2Text } from "../../../modules/terminal/chip-data.ts";
import { checkLimits, localDay } from "../../../modules/terminal/limits.ts";
import { checkManagerPin, provisionManagerPin } from "../../../modules/terminal/manager-pin.ts";
import { testCrypto } from "../../support/crypto.ts";

const crypto = testCrypto(2);

test("a basket's total is the sum of quantity times unit price", (t) => {
  t.is(basketTotal([{ quantity: 2, unitPrice: 350 }, { quantity: 1, unitPrice: 1200 }]), 1900);
  t.is(basketTotal([]), 0);
});

test("cash below the total pays a part, the card the rest; cash at or above it pays all, with change", (t) => {
  t.deepEqual(splitCash(1900, 500), { cardPart: 1400, change: 0, cash: { tendered: 500, change: 0 } });
  t.deepEqual(splitCash(1900, 0), { cardPart: 1900, change: 0 });
  t.deepEqual(splitCash(1900, 2000), { cardPart: 0, change: 100, cash: { tendered: 2000, change: 100 } });
  t.deepEqual(splitCash(1900, 1900), { cardPart: 0, change: 0, cash: { tendered: 1900, change: 0 } });
});

const LIMITS = { maxTransactionAmount: 10_000, maxPreauthAmount: 20_000, dailyTotals: { sale: 15_000, refund: 0, preauth: 30_000 }, managerPin: { required: false, keyName: "manager.pin" } };
/** 2026-11-25 23:30 UTC: the 26th at UTC+2 */
const NOV_25 = Date.UTC(2026, 10, 25, 23, 30);

test("limits: the single-transaction maximum first, then what the local day took of that type plus this one", (t) => {
  const today = localDay(NOV_25, 120);
  const none = { day: today, debitsMinor: 0, creditsMinor: 0, holdsMinor: 0 };
  t.deepEqual(checkLimits(LIMITS, "sale", 10_001, none), { ok: false, scope: "TRANSACTION", limitMinor: 10_000 });
  const day = { day: today, debitsMinor: 10_000, creditsMinor: 0, holdsMinor: 0 };
  t.deepEqual(checkLimits(LIMITS, "sale", 5_000, day), { ok: true });
  t.deepEqual(checkLimits(LIMITS, "sale", 5_001, day), { ok: false, scope: "DAY", limitMinor: 15_000 });
  t.deepEqual(checkLimits(LIMITS, "refund", 1, none), { ok: false, scope: "DAY", limitMinor: 0 }, "a daily total of 0 forbids the type");
});

test("limits: a pre-authorization has its own largest amount and its own day total, counted in the day's holds and not its sales", (t) => {
  const today = localDay(NOV_25, 120);
  const sales = { day: today, debitsMinor: 15_000, creditsMinor: 0, holdsMinor: 0 };
  t.deepEqual(checkLimits(LIMITS, "preauth", 20_000, sales), { ok: true }, "over the largest sale, within the largest pre-authorization, whatever the day's sales");
  t.deepEqual(checkLimits(LIMITS, "preauth", 20_001, sales), { ok: false, scope: "TRANSACTION", limitMinor: 20_000 });
  const held = { day: today, debitsMinor: 0, creditsMinor: 0, holdsMinor: 15_000 };
  t.deepEqual(checkLimits(LIMITS, "preauth", 15_000, held), { ok: true });
  t.deepEqual(checkLimits(LIMITS, "preauth", 15_001, held), { ok: false, scope: "DAY", limitMinor: 30_000 });
  t.deepEqual(checkLimits(LIMITS, "sale", 10_000, held), { ok: true }, "holds are no sales");
  t.deepEqual(checkLimits({ ...LIMITS, dailyTotals: { ...LIMITS.dailyTotals, preauth: 0 } }, "preauth", 1, sales), { ok: false, scope: "DAY", limitMinor: 0 }, "a daily total of 0 forbids pre-authorizations");
});

test("the local day: 23:30 UTC on the 25th is the 26th at UTC+2 and still the 25th at UTC-1", (t) => {
  // 2026-11-26 is day 20783 since 1970-01-01 (Date.UTC(2026, 10, 26) / 86 400 000)
  t.is(localDay(NOV_25, 120), 20783);
  t.is(localDay(NOV_25, -60), 20782);
  t.is(localDay(NOV_25, 0), 20782);
});

test("the manager PIN: its salted verifier in the key store (not the digits), accepted when typed right, refused otherwise or when none is provisioned", (t) => {
  const keys = new MemoryKeyStore();
  const digits = (pin: string) => Uint8Array.from(pin, (c) => c.charCodeAt(0) - 48);
  t.false(checkManagerPin(keys, "manager.pin", crypto, digits("1357"), 4));
  provisionManagerPin(keys, "manager.pin", crypto, "1357");
  const stored = keys.get("manager.pin")!;
  t.is(stored.length, 53, "version, rounds, 16 bytes of salt, 32 of key");
  t.false(String.fromCharCode(...stored).includes("1357"));
  t.true(checkManagerPin(keys, "manager.pin", crypto, digits("1357"), 4));
  t.false(checkManagerPin(keys, "manager.pin", crypto, digits("1358"), 4));
  t.false(checkManagerPin(keys, "manager.pin", crypto, digits("13570"), 5));
});

test("Track 2 Equivalent Data (57) as DE35: D becomes =, the F pad goes; longer than 37 characters it is left out", (t) => {
  t.is(track2Text(fromHex("5413330089020011D28122010000000000000F")), "5413330089020011=28122010000000000000");
  // test/emv/cards/dda.json: 38 digits, one more than DE35 holds
  t.is(track2Text(fromHex("4761739001010028D281220110000012340000")), undefined);
});

test("the issuer's answer for the kernel: 91 from the response's DE55, and the DE55 itself for the scripts", (t) => {
  const de55 = fromHex("910A1122334455667788303071079F180400000001");
  const a = issuerAnswer(de55);
  t.deepEqual(a.issuerAuthenticationData, fromHex("11223344556677883030"));
  t.is(a.issuerScripts, de55);
  t.deepEqual(issuerAnswer(undefined), {});
  t.deepEqual(issuerAnswer(fromHex("9105")), {}, "a malformed DE55 gives the kernel nothing");
});

test("the PAN read from a READ RECORD answer as it passes through the trace; other commands give nothing", (t) => {
  const record = fromHex("700A5A0854133300890200119000");
  t.is(panInRecord({ command: fromHex("00B2010C00"), response: record, redacted: false }), "5413330089020011");
  t.is(panInRecord({ command: fromHex("00B2010C00"), response: fromHex("70095A074761739001010F9000"), redacted: false }), "4761739001010");
  t.is(panInRecord({ command: fromHex("80A8000002830000"), response: record, redacted: false }), undefined);
  t.is(panInRecord({ command: fromHex("00B2010C00"), response: fromHex("6A83"), redacted: false }), undefined);
});
